"""A row of table 三 that only the other form has: the 2019 form's single （六）其他处理 row
printed in a 2021-form report, whose form splits it into three rows (forms.OTHER_FORM_SUMS).

Printed 0 in every column, it says each of the three is 0 (counts are never negative): they are
read as 0, each with a row-from-other-form warning. Otherwise they cannot be told apart from
their sum: the row stays unplaced, and its finding names the 2019 row and says why.
"""

from __future__ import annotations

import pytest

import gixparse
from gixparse import forms
from gixparse.model import Severity
from gixparse.render import render

from .test_layout_properties import _zero_report

PARTS = ("other_no_correction", "other_unpaid_fee", "other_other")
COLUMNS = 7


def _with_2019_row(values: list[str], layout: str, cells: dict | None = None) -> str:
    """A composed 2021-form report whose three （六） rows are printed as the 2019 form's one row."""
    text = render(cells or _zero_report("2021"), layout, agency="东市人民政府", year=2022, template="2021")
    start, end = text.index("（六）其他处理"), text.index("（七）总计")
    if layout == "tab-rows":
        row = "（六）其他处理\t" + "\t".join(values) + "\n\t"
    else:  # glued: the cells run together
        row = "（六）其他处理" + "".join(values)
    return text[:start] + row + text[end:]


def _codes(report: gixparse.Report, prefix: str = "applications") -> list[tuple[str, str | None]]:
    return [(f.code, f.path) for f in report.findings if f.path and f.path.startswith(prefix)]


@pytest.mark.parametrize("layout", ["tab-rows", "glued"])
def test_the_2019_row_printed_0_makes_the_three_2021_rows_0(layout):
    report = gixparse.parse(_with_2019_row(["0"] * COLUMNS, layout))
    assert report.template == "2021"
    flat = gixparse.flatten(report)
    for part in PARTS:
        assert {k: v for k, v in flat.items() if k.startswith(f"applications/{part}/")} == {
            f"applications/{part}/{c}": 0 for c in forms.APPLICATION_COLUMNS}
    found = [f for f in report.findings if f.code == "row-from-other-form"]
    assert [f.path for f in found] == [f"applications/{p}" for p in PARTS]
    assert all(f.severity == Severity.WARNING and "（六）其他处理" in f.message for f in found)
    assert not [c for c in _codes(report) if c[0] in ("unplaced-row", "missing-row")]
    assert not [f for f in report.findings if f.code.startswith("I3")]


def test_a_2019_row_not_0_stays_unplaced_and_says_why():
    cells = {**_zero_report("2021"), "applications/other_other/natural_person": 2, "applications/other_other/total": 2,
             "applications/total_handled/natural_person": 2, "applications/total_handled/total": 2,
             "applications/new_received/natural_person": 2, "applications/new_received/total": 2}
    report = gixparse.parse(_with_2019_row(["2", "0", "0", "0", "0", "0", "2"], "tab-rows", cells))
    flat = gixparse.flatten(report)
    assert not [k for k in flat if any(k.startswith(f"applications/{p}/") for p in PARTS)]
    unplaced = [f for f in report.findings if f.code == "unplaced-row" and f.path == "applications"]
    assert len(unplaced) == 1
    assert "（六）其他处理 of the 2019 form" in unplaced[0].message and "does not" in unplaced[0].message
    assert [c for c in _codes(report) if c[0] == "missing-row"] == [("missing-row", f"applications/{p}") for p in PARTS]
    assert not [f for f in report.findings if f.code == "row-from-other-form"]


@pytest.mark.parametrize("values", [["0"] * 6 + [""], ["0"] * 6, ["0"] * 5 + ["见附件", "0"], ["0"] * 6 + ["00"]])
def test_a_2019_row_of_zeros_with_a_blank_a_word_or_a_cell_short_is_not_derived(values):
    """Only a row that prints 0 in each of the form's columns says the three rows are 0."""
    report = gixparse.parse(_with_2019_row(values, "tab-rows"))
    flat = gixparse.flatten(report)
    assert not [k for k in flat if any(k.startswith(f"applications/{p}/") for p in PARTS)]
    assert not [f for f in report.findings if f.code == "row-from-other-form"]
    assert [c for c in _codes(report) if c[0] == "missing-row"] == [("missing-row", f"applications/{p}") for p in PARTS]


def test_glued_zeros_short_of_the_columns_are_not_derived():
    report = gixparse.parse(_with_2019_row(["0"] * (COLUMNS - 1), "glued"))
    assert not [f for f in report.findings if f.code == "row-from-other-form"]
    assert ("missing-row", "applications/other_other") in _codes(report)


def test_a_2019_report_reads_its_own_row():
    text = render(_zero_report("2019"), "tab-rows", agency="东市人民政府", year=2019, template="2019")
    report = gixparse.parse(text)
    assert gixparse.flatten(report)["applications/other_handling/total"] == 0
    assert not [f for f in report.findings if f.code in ("row-from-other-form", "unplaced-row")]
