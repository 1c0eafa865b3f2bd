"""Each identity and soft check: a report that keeps it and one that breaks it.

The reports are rendered from the bundled sample's values by gixparse.render, so
the tests depend on no real report; one cell is changed to break a check.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import gixparse
from gixparse.render import render

from .conftest import EXAMPLES

BASE = gixparse.flatten(gixparse.parse((EXAMPLES / "sample-2023-tab-rows.txt").read_text(encoding="utf-8")))
META = dict(agency="示例市生态环境局", year=2023, template="2021")


def _parse(changes=None, layout="tab-rows", text_edit=None, **meta):
    cells = dict(BASE)
    cells.update(changes or {})
    text = render(cells, layout, **{**META, **meta})
    if text_edit:
        text = text_edit(text)
    return gixparse.parse(text)


def _codes(report):
    return {(f.code, f.path) for f in report.findings}


def test_the_base_report_is_clean():
    for layout in ("tab-rows", "cell-per-line"):
        report = _parse(layout=layout)
        assert report.findings == ()
        assert gixparse.flatten(report) == BASE


A = "applications/"


@pytest.mark.parametrize(
    "changes, code, path",
    [
        # I1: new received +1 in 自然人 and 总计 keeps the row total, breaks the balance in both columns
        ({A + "new_received/natural_person": 41, A + "new_received/total": 49}, "I1-balance",
         A + "carried_forward/natural_person"),
        # I2: a row total off by one
        ({A + "granted/total": 26}, "I2-row-total", A + "granted"),
        # I3: an outcome row changed in a column and its total: rows add up, the column does not
        ({A + "granted/natural_person": 21, A + "granted/total": 26}, "I3-outcome-total",
         A + "total_handled/natural_person"),
        ({"review/reconsideration/total": 3}, "R1-review-total", "review/reconsideration"),
        ({"review/litigation_direct/upheld": 2, "review/litigation_direct/corrected": 0}, "R2-review-total",
         "review/litigation_direct"),
        ({"review/litigation_after_reconsideration/pending": 1}, "R3-review-total",
         "review/litigation_after_reconsideration"),
        ({A + "unavailable_not_held/legal_services": -1, A + "unavailable_not_held/natural_person": 8},
         "count-negative", A + "unavailable_not_held/legal_services"),
        ({A + "granted/research": 1.5, A + "granted/natural_person": 19.5}, "count-not-whole", A + "granted/research"),
    ],
)
def test_a_broken_identity_is_reported_where_it_breaks(changes, code, path):
    report = _parse(changes)
    assert (code, path) in _codes(report)
    f = next(f for f in report.findings if f.code == code and f.path == path)
    assert f.severity == gixparse.Severity.ERROR and f.line is not None
    assert gixparse.flatten(report) == {**BASE, **{k: v for k, v in changes.items()}}  # values stay as printed


def test_identity_finding_carries_both_sides():
    report = _parse({A + "granted/total": 26})
    f = next(f for f in report.findings if f.code == "I2-row-total")
    assert (f.expected, f.actual) == (Decimal(25), Decimal(26))


def test_blank_cells_in_some_columns_pass():
    blanks = {k: None for k, v in BASE.items() if v == 0 and k.startswith(("applications/", "review/"))
              and k.rsplit("/", 1)[1] not in ("natural_person", "total")}
    assert len(blanks) > 50
    assert _parse(blanks, layout="cell-per-line").findings == ()


def test_blank_cells_that_would_have_to_hold_a_number():
    # 行政复议 1 0 0 1 2: 结果维持 left blank means the blank would have to hold 1
    report = _parse({"review/reconsideration/upheld": None}, layout="cell-per-line")
    f = next(f for f in report.findings if f.path == "review/reconsideration")
    assert f.code == "R1-review-total-blanks" and "would have to hold 1" in f.message
    assert f.severity == gixparse.Severity.WARNING


def test_blank_cells_read_as_zero_pass():
    blanks = {k: None for k, v in BASE.items() if v == 0 and k.startswith(("applications/", "review/"))}
    assert len(blanks) > 50
    assert _parse(blanks, layout="cell-per-line").findings == ()  # blank cells are explicit in this layout


def test_not_applicable_cells_make_a_check_not_assessable():
    report = _parse({"review/reconsideration/upheld": "/", "review/reconsideration/total": 5})
    assert not any(f.path == "review/reconsideration" for f in report.findings)


def _overview(sentence):
    return lambda text: text.replace("一、总体情况\n\n", f"一、总体情况\n\n{sentence}", 1)


@pytest.mark.parametrize("quoted, flagged", [(48, False), (47, True)])
def test_applications_quoted_in_the_text(quoted, flagged):
    report = _parse(text_edit=_overview(f"全年共收到政府信息公开申请{quoted}件。"))
    assert (("text-applications-mismatch", "applications/new_received/total") in _codes(report)) is flagged


def test_cumulative_counts_in_the_text_are_not_this_years():
    report = _parse(text_edit=_overview("历年累计收到政府信息公开申请300件。"))
    assert report.findings == ()


@pytest.mark.parametrize("recon, lit, codes", [(2, 1, set()), (3, 1, {"review/reconsideration/total"}),
                                               (2, 4, {"review"})])
def test_review_counts_quoted_in_the_text(recon, lit, codes):
    report = _parse(text_edit=_overview(f"发生政府信息公开行政复议{recon}件、行政诉讼{lit}起。"))
    assert {f.path for f in report.findings if f.code == "text-review-mismatch"} == codes


@pytest.mark.parametrize("period, flagged", [(2023, False), (2022, True)])
def test_year_against_the_statistics_period(period, flagged):
    report = _parse(text_edit=_overview(f"本报告所列数据的统计期限自{period}年1月1日至{period}年12月31日。"))
    assert any(f.code == "year-mismatch" for f in report.findings) is flagged


def test_form_against_the_year():
    report = _parse({}, template="2021", year=2020)
    assert any(f.code == "form-year-mismatch" for f in report.findings)
    assert not any(f.code == "form-year-mismatch" for f in _parse().findings)


def test_duplicated_and_missing_sections():
    dup = _parse(text_edit=lambda t: t + "\n三、收到和处理政府信息公开申请情况\n\n见上表。\n")
    assert ("duplicate-section", "sections/applications") in _codes(dup)
    gone = _parse(text_edit=lambda t: t.replace("五、存在的主要问题及改进情况", "", 1))
    assert ("missing-section", "sections/problems") in _codes(gone)


def test_information_fee_is_not_the_administrative_fee():
    report = _parse(text_edit=lambda t: t + "\n本年度未收取信息处理费。\n")
    assert BASE["active.item8/fees/amount"] == 12.5
    assert report.findings == ()


def _year(year, changes):
    return _parse(changes, year=year)


def test_series_carry_over_and_in_force():
    r2022 = _year(2022, {A + "carried_forward/natural_person": 3, A + "carried_forward/total": 4,
                         A + "total_handled/natural_person": 40, A + "total_handled/total": 48,
                         A + "granted/natural_person": 18, A + "granted/total": 23,
                         "active.item1/normative_documents/in_force": 10})
    assert r2022.findings == ()
    r2023 = _parse()
    assert gixparse.check_series([r2022, r2023]) == []
    r2023b = _parse({A + "carried_over/natural_person": 2, A + "carried_over/total": 3,
                     A + "new_received/natural_person": 41, A + "new_received/total": 49,
                     "active.item1/normative_documents/in_force": 13})
    assert r2023b.findings == ()
    found = {(f.code, f.path) for f in gixparse.check_series([r2023b, r2022])}
    assert found == {("series-carry-over", A + "carried_over/natural_person"),
                     ("series-carry-over", A + "carried_over/total"),
                     ("series-in-force", "active.item1/normative_documents/in_force")}


def test_series_matches_agencies_by_normalised_name_only():
    a = _parse({"active.item1/normative_documents/in_force": 10}, year=2022, agency="示例市 生态环境局")
    b = _parse({A + "carried_over/natural_person": 9, A + "carried_over/total": 10,
                A + "new_received/natural_person": 34, A + "new_received/total": 42})
    other = _parse(year=2022, agency="另一市生态环境局")
    assert gixparse.check_series([b, other]) == []
    assert {f.code for f in gixparse.check_series([a, b])} == {"series-carry-over"}
