"""The metric dictionary: each metric on rendered reports (keep / break), and every NA case."""

from __future__ import annotations

from decimal import Decimal

import pytest

import gixparse
from gixparse.metric_defs import METRICS
from gixparse.render import render

from .conftest import EXAMPLES, ROOT

BASE = gixparse.flatten(gixparse.parse((EXAMPLES / "sample-2023-tab-rows.txt").read_text(encoding="utf-8")))
META = dict(agency="示例市生态环境局", year=2023, template="2021")
A = "applications/"
R = "review/"


def report(changes=None, layout="tab-rows", text_edit=None, **meta):
    """A report rendered from the sample's cells with ``changes``, parsed back."""
    cells = dict(BASE)
    cells.update(changes or {})
    text = render(cells, layout, **{**META, **meta})
    if text_edit:
        text = text_edit(text)
    return gixparse.parse(text)


def move(src: str, dst: str, n: int, col: str = "natural_person") -> dict:
    """Move n applications from outcome row src to dst in one column: every identity still holds."""
    return {A + f"{src}/{col}": BASE[A + f"{src}/{col}"] - n, A + f"{src}/total": BASE[A + f"{src}/total"] - n,
            A + f"{dst}/{col}": BASE[A + f"{dst}/{col}"] + n, A + f"{dst}/total": BASE[A + f"{dst}/total"] + n}


def expected(cells: dict, metric: str) -> float:
    spec = next(m for m in METRICS if m.id == metric)
    return sum(cells[k] or 0 for k in spec.numerator) / sum(cells[k] or 0 for k in spec.denominator)


def test_the_base_report_has_every_metric():
    r = report()
    assert r.findings == ()
    got = gixparse.metrics(r)
    assert list(got) == [m.id for m in METRICS]
    for mid, m in got.items():
        assert m.na is None, mid
        assert m.value == pytest.approx(expected(BASE, mid))
        assert m.value == pytest.approx(float(m.numerator / m.denominator))


@pytest.mark.parametrize("metric, changes", [
    ("disclosure_rate", move("granted", "withheld_state_secret", 3)),
    ("withheld_rate", move("granted", "withheld_process_info", 2)),
    ("unavailable_rate", move("unavailable_not_held", "granted", 4)),
    ("not_processed_rate", move("granted", "not_processed_repeated", 5)),
    ("reconsideration_correction_rate", {R + "reconsideration/upheld": 0, R + "reconsideration/corrected": 1}),
    ("litigation_correction_rate", {R + "litigation_after_reconsideration/upheld": 3,
                                    R + "litigation_after_reconsideration/total": 3}),
    ("dispute_rate", {R + "reconsideration/other": 4, R + "reconsideration/total": 6}),
    ("carry_forward_rate", {A + "carried_forward/natural_person": BASE[A + "carried_forward/natural_person"] + 2,
                            A + "carried_forward/total": BASE[A + "carried_forward/total"] + 2,
                            A + "total_handled/natural_person": BASE[A + "total_handled/natural_person"] - 2,
                            A + "total_handled/total": BASE[A + "total_handled/total"] - 2,
                            A + "granted/natural_person": BASE[A + "granted/natural_person"] - 2,
                            A + "granted/total": BASE[A + "granted/total"] - 2}),
])
def test_each_metric_follows_its_cells(metric, changes):
    r = report(changes)
    assert r.findings == ()  # the change keeps every identity
    cells = {**BASE, **changes}
    value = gixparse.metrics(r)[metric].value
    assert value == pytest.approx(expected(cells, metric))
    assert value != pytest.approx(expected(BASE, metric))


def test_correction_rates_leave_pending_cases_out():
    r = report({R + "reconsideration/pending": 7, R + "reconsideration/total": 8})
    m = gixparse.metrics(r)["reconsideration_correction_rate"]
    closed = sum(BASE[R + f"reconsideration/{c}"] for c in ("upheld", "corrected", "other"))
    assert m.denominator == closed and m.denominator != 8


def test_na_when_the_denominator_is_0():
    zero = {R + f"reconsideration/{c}": 0 for c in ("upheld", "corrected", "other", "pending", "total")}
    m = gixparse.metrics(report(zero))["reconsideration_correction_rate"]
    assert m.value is None and m.na == "denominator is 0"


def test_na_when_a_cell_is_not_applicable():
    r = report({R + "reconsideration/corrected": "/"})
    m = gixparse.metrics(r)["reconsideration_correction_rate"]
    assert m.value is None and "not applicable" in m.na and "reconsideration/corrected" in m.na
    assert gixparse.metrics(r)["disclosure_rate"].value is not None  # other metrics stand


def test_na_when_a_row_is_missing():
    assert BASE[A + "withheld_state_secret/total"] == 0  # a row of zeros: dropping it breaks no identity
    r = report(text_edit=lambda t: "\n".join(line for line in t.splitlines() if "国家秘密" not in line))
    m = gixparse.metrics(r)["withheld_rate"]
    assert m.value is None and "withheld_state_secret" in m.na
    assert gixparse.metrics(r)["disclosure_rate"].value is not None


def test_na_when_the_table_is_missing():
    r = report(text_edit=lambda t: t[:t.index("行政复议\t")] + t[t.index("五、存在"):])
    assert r.review is None
    m = gixparse.metrics(r)
    assert m["litigation_correction_rate"].value is None and "not read" in m["litigation_correction_rate"].na
    assert m["disclosure_rate"].value is not None


def test_na_when_a_cell_is_flagged_uncertain():
    r = report({A + "granted/total": BASE[A + "granted/total"] + 1})  # I2 breaks on the row
    assert any(f.code == "I2-row-total" for f in r.findings)
    m = gixparse.metrics(r)
    assert m["disclosure_rate"].value is None and "uncertain (I2-row-total)" in m["disclosure_rate"].na
    assert m["reconsideration_correction_rate"].value is not None


def test_a_broken_column_total_makes_every_row_of_that_column_uncertain():
    # the outcome rows no longer add up to （七）总计 in the 总计 column: any of them may be misread
    r = report({A + "granted/natural_person": BASE[A + "granted/natural_person"] + 1,
                A + "granted/total": BASE[A + "granted/total"] + 1})
    assert any(f.code == "I3-outcome-total" for f in r.findings)
    assert gixparse.metrics(r)["unavailable_rate"].na is not None


def test_blank_cells_count_as_0():
    blanks = {k: None for k, v in BASE.items() if v == 0 and k.startswith((A, R))}
    r = report(blanks, layout="cell-per-line")
    assert r.findings == ()
    for mid, m in gixparse.metrics(r).items():
        assert m.value == pytest.approx(expected(BASE, mid)), mid


def test_metric_rows_have_the_described_columns():
    rows = gixparse.metric_rows(report())
    names = [c[0] for c in gixparse.METRIC_COLUMNS]
    assert len(rows) == len(METRICS) and all(list(r) == names for r in rows)
    assert rows[0]["agency"] == META["agency"] and rows[0]["year"] == 2023
    assert isinstance(rows[0]["value"], float) and rows[0]["na_reason"] is None


def test_docs_are_in_step_with_the_dictionary():
    import importlib.util

    spec = importlib.util.spec_from_file_location("metrics_doc", ROOT / "tools" / "metrics_doc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == mod.render(), \
        "run: python tools/metrics_doc.py"


def test_metric_values_are_exact_decimals():
    m = gixparse.metrics(report())["disclosure_rate"]
    assert isinstance(m.numerator, Decimal) and isinstance(m.denominator, Decimal)


def test_metrics_table_example_script():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(EXAMPLES / "metrics_table.py"), str(EXAMPLES / "sample-2023-tab-rows.txt")],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    head, row = out[0].split("\t"), out[1].split("\t")
    assert head[6:] == [m.id for m in METRICS] and len(out) == 2  # no NA in the sample
    assert row[1:3] == [META["agency"], "2023"]
    assert float(row[6]) == pytest.approx(expected(BASE, "disclosure_rate"), abs=5e-4)
