"""A word in the first value cell of a sub-row printed under its form row, which is printed
too (其他对外管理服务事项 | / | 0 | 0, then · | 行政检查 | 见附件 | 0 | 0).

The header's value columns put 见附件 in the value area. Placement (placement/items.py,
``place_items``) used to read the value area only when the label area named a form row, so the
word joined the label and the row was filed under other_services[见附件] with two values: the
sub-row 行政检查 was lost with no finding on its path. A sub-row's line (first cell blank, or under
a form row that admits sub-rows) keeps its value area now: the word is the value of its column.
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

@pytest.mark.parametrize("layout", ["tab-rows", "cell-per-line", "markdown-pipe", "box-drawing", "space-aligned"])
def test_a_word_in_a_sub_rows_value_cell_is_its_value(layout):
    cells = {**CELLS, KEY: SENTINEL}
    text = render(cells, layout, agency="东市人民政府", year=2019, template="2019").replace(str(SENTINEL), "见附件")
    report = gixparse.parse(text)
    assert silently_wrong(Case(cells, "东市人民政府", 2019, "2019", False), report) == {}
    assert ("value-not-a-number", KEY) in [(f.code, f.path) for f in report.findings]
