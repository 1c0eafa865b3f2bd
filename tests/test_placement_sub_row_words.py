"""A word in the first value cell of a sub-row printed under its form row, which is printed
too (其他对外管理服务事项 | / | 0 | 0, then · | 行政检查 | 见附件 | 0 | 0).

The header's value columns put 见附件 in the value area, but placement (placement/items.py,
``place_items``) reads the value area only when the label area names a form row, so the word
joins the label and the row is filed under other_services[见附件] with two values: the sub-row
行政检查 is lost with no finding on its path. Open: the fix is in placement/items.py (see
SUB_ROW_OPEN); pinned strict so that the fix shows here.
"""

from __future__ import annotations

import pytest

import gixparse
from gixparse.render import render

from .strategies import Case
from .test_layout_properties import _zero_report, silently_wrong

SENTINEL = 987654
KEY = "active.item5/other_services[行政检查]/prev_items"
CELLS = {**_zero_report("2019"), **{f"active.item5/other_services[行政检查]/{c}": 0
                                     for c in ("prev_items", "change", "decisions")}}

SUB_ROW_OPEN = (
    "open (placement/items.py, place_items): a word in a sub-row's value area is taken into its label "
    "when the label area names no form row; fix: also call line.take_value_area(at) when the cells before "
    "`at` hold words and the row stands under a form row that admits sub-rows (first cell blank, or "
    "parent[1].sub_rows)"
)


@pytest.mark.parametrize("layout", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=SUB_ROW_OPEN))
    for name in ("tab-rows", "cell-per-line", "markdown-pipe", "box-drawing", "space-aligned")])
def test_a_word_in_a_sub_rows_value_cell_is_its_value(layout):
    cells = {**CELLS, KEY: SENTINEL}
    text = render(cells, layout, agency="东市人民政府", year=2019, template="2019").replace(str(SENTINEL), "见附件")
    report = gixparse.parse(text)
    assert silently_wrong(Case(cells, "东市人民政府", 2019, "2019", False), report) == {}
    assert ("value-not-a-number", KEY) in [(f.code, f.path) for f in report.findings]
