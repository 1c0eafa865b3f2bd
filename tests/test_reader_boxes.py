"""Box-drawing tables (readers/boxes.py): hand-made fragments of each quirk, and the
seeds' values drawn by the layout's renderer and read back."""

from __future__ import annotations

import pytest

from gixparse.readers import boxes
from gixparse.readers.grid import BLANK, NA, TEXT, VALUE
from gixparse.render import Quirks


def cells(text):
    return [[(c.kind, c.text) for c in row.cells] for row in boxes.read(text).rows]


SIMPLE = """\
┌──────────┬────────┬────────┐
│ 信息内容 │ 制发   │ 废止   │
├──────────┼────────┼────────┤
│ 规章     │ 3      │        │
├──────────┼────────┼────────┤
│ 行政许可 │ /      │ 12项   │
└──────────┴────────┴────────┘"""


def test_rows_and_blank_cells():
    assert cells(SIMPLE) == [
        [(TEXT, "信息内容"), (TEXT, "制发"), (TEXT, "废止")],
        [(TEXT, "规章"), (VALUE, "3"), (BLANK, "")],
        [(TEXT, "行政许可"), (NA, "/"), (VALUE, "12项")],
    ]


def test_label_wrapped_inside_its_cell_reads_whole():
    text = """\
├──────────────┬──────┤
│ （二）部分公 │      │
│ 开（只计这一 │ 4    │
│ 情形）       │      │
├──────────────┼──────┤"""
    assert cells(text) == [[(TEXT, "（二）部分公开（只计这一情形）"), (VALUE, "4")]]


def test_cell_spanning_rows_is_read_once_in_its_first_row():
    text = """\
┌──────────┬──────────┬────┐
│          │ 1.甲     │ 0  │
│ （三）不 ├──────────┼────┤
│ 予公开   │ 2.乙     │ 5  │
│          ├──────────┼────┤
│          │ 3.丙     │    │
└──────────┴──────────┴────┘"""
    assert cells(text) == [
        [(TEXT, "（三）不予公开"), (TEXT, "1.甲"), (VALUE, "0")],
        [(TEXT, "2.乙"), (VALUE, "5")],
        [(TEXT, "3.丙"), (BLANK, "")],
    ]


def test_cell_spanning_columns_is_one_cell():
    text = """\
┌────────────────────┐
│ 第二十条第（一）项 │
├──────────┬─────────┤
│ 规章     │ 1       │
└──────────┴─────────┘"""
    assert cells(text) == [[(TEXT, "第二十条第（一）项")], [(TEXT, "规章"), (VALUE, "1")]]


def test_text_around_the_drawing_and_two_drawings():
    text = "二、主动公开\n┌────┬───┐\n│ 甲 │ 1 │\n└────┴───┘\n说明文字\n┌────┬───┐\n│ 乙 │ 2 │\n└────┴───┘"
    assert cells(text) == [
        [(TEXT, "二、主动公开")],
        [(TEXT, "甲"), (VALUE, "1")],
        [(TEXT, "说明文字")],
        [(TEXT, "乙"), (VALUE, "2")],
    ]


def test_full_width_digits_folded_to_one_column_still_line_up():
    # the normalised text has "12" where the drawing had "１２" (two columns each),
    # so the junction after it lands two columns early; it is moved onto the drawn column
    text = "┌──────┬──────┬────┐\n│ 规章 │ 12   │ 3  │\n└──────┴──────┴────┘"
    shifted = text.replace("│ 12   │", "│ 12 │")
    assert cells(shifted) == [[(TEXT, "规章"), (VALUE, "12"), (VALUE, "3")]]


def test_positions_point_into_the_chunk():
    grid = boxes.read(SIMPLE, offset=50, line=3)
    label, value, blank = grid.rows[1].cells
    assert (label.line, label.column, SIMPLE[label.start:label.end]) == (4, 3, "规章")
    assert (value.line, SIMPLE[value.start:value.end]) == (4, "3")
    assert blank.kind == BLANK and blank.start == blank.end
    assert (grid.offset, grid.line, grid.layout) == (50, 3, "box-drawing")


@pytest.mark.parametrize(
    ("block", "claimed"),
    [
        (SIMPLE, True),
        ("│ 规章 │ 0 │", True),
        ("| 规章 | 0 |", False),
        ("────────\n本年度收到申请 3 件。", False),
    ],
)
def test_claims(block, claimed):
    assert boxes.claims(block) is claimed


def test_render_reads_back_with_wrapped_labels():
    rows = [("", "信息内容", "制发"), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "7", ""),
            ("规章", "0", "/")]
    text = boxes.render(rows, Quirks(split_labels=True))
    assert max(len(line) for line in text.splitlines()) < 60  # the long label was wrapped
    assert cells(text) == [
        [(BLANK, ""), (TEXT, "信息内容"), (TEXT, "制发")],
        [(TEXT, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), (VALUE, "7"), (BLANK, "")],
        [(TEXT, "规章"), (VALUE, "0"), (NA, "/")],
    ]


def test_bars_pushed_right_by_a_wide_cell_stand_for_the_rules_columns():
    """A cell wider than its column (a drawing that measured a character otherwise) pushes the
    bars after it right: with as many bars as the rule above, each stands for the rule's
    junction in order, and the row keeps one cell per column."""
    rows = [("", "信息内容", "自然人", "商业企业", "科研机构"), ("（三）不予公开", "1.属于国家秘密", "0", "0", "0"),
            ("", "2.其他法律行政法规禁止公开", "", "987654", "0"), ("", "3.危及三安全一稳定", "0", "0", "0")]
    text = boxes.render(rows, Quirks(split_labels=True)).replace("987654", "另行公布")
    assert cells(text)[2] == [(BLANK, ""), (TEXT, "2.其他法律行政法规禁止公开"), (BLANK, ""), (TEXT, "另行公布"),
                              (VALUE, "0")]
