"""Scraper text with blank cells dropped (one cell per line): the rows of the 第二十条 tables.

In this layout every line of a label is a cell of its own, and a row that prints no value
runs on into the next row's label, as a table's title and header run on into its first
row. These reports are composed on the official form (a fictional agency, our numbers),
then broken the way scraped pages break them.
"""

from __future__ import annotations

import gixparse
from gixparse.placement.items import _pieces
from gixparse.readers.grid import TEXT, VALUE, Cell, Grid, GridRow
from gixparse.render import render

from .strategies import Case
from .test_layout_properties import _zero_report, silently_wrong

LAYOUT = "cell-per-line-dropped-blanks"
COLS = ("prev_items", "change", "decisions")
ITEM1_COLS = ("new_made", "new_published", "total_published")
AGENCY = "东市人民政府"


def _report(cells: dict, *replacements: tuple[str, str]) -> tuple[str, gixparse.Report]:
    text = render(cells, LAYOUT, agency=AGENCY, year=2019, template="2019")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text, gixparse.parse(text)


def _cells(**rows: tuple) -> dict:
    """The 2019 form at 0, with the given 第二十条 rows (``item5__licensing=(1, 2, 3)``)."""
    cells = _zero_report("2019")
    for name, values in rows.items():
        item, row = name.split("__")
        for k in [k for k in cells if k.startswith(f"active.{item}/{row}/")]:
            del cells[k]
        cols = {"item1": ("new_made", "new_published", "total_published"), "item8": ("prev_items", "change"),
                "item9": ("projects", "amount")}.get(item, ("prev_items", "change", "decisions"))
        cells.update({f"active.{item}/{row}/{c}": v for c, v in zip(cols, values, strict=True)})
    return cells


def _flat(report: gixparse.Report, prefix: str) -> dict:
    return {k: v for k, v in gixparse.flatten(report).items() if k.startswith(prefix)}


def test_a_title_and_a_row_label_broken_over_lines():
    """第二十条第（六 / ）项 and 行政处 / 罚: the title still opens its table and the row is 行政处罚,
    never a sub-row 其他对外管理服务事项[罚] of the table before."""
    cells = _cells(item6__penalty=(11, 12, 13), item6__coercion=(14, 15, 16))
    _text, report = _report(cells, ("第二十条第（六）项\n", "第二十条第（六\n）项\n"),
                            ("\n行政处罚\n", "\n行政处\n罚\n"))
    assert _flat(report, "active.item6") == {
        **{f"active.item6/penalty/{c}": v for c, v in zip(COLS, (11, 12, 13), strict=True)},
        **{f"active.item6/coercion/{c}": v for c, v in zip(COLS, (14, 15, 16), strict=True)}}
    assert not [k for k in gixparse.flatten(report) if "[" in k]
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def test_a_spaced_sub_row_label_broken_over_lines():
    """行 政 检 / 查 under 其他对外管理服务事项 is the sub-row 行政检查, never [查]."""
    cells = {k: v for k, v in _zero_report("2019").items() if "/other_services/" not in k}
    cells.update({f"active.item5/other_services[行政检查]/{c}": v for c, v in zip(COLS, (4, 5, 6), strict=True)})
    _text, report = _report(cells, ("\n其他对外管理服务事项\n行政检查\n",
                                    "\n其 他 对 外 管 理 服 务 事 项\n行 政 检\n 查\n"))
    assert _flat(report, "active.item5/other_services") == {
        f"active.item5/other_services[行政检查]/{c}": v for c, v in zip(COLS, (4, 5, 6), strict=True)}
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def test_a_sub_row_printed_without_its_row_broken_over_lines():
    """A sub-row after its form row's values: 行 政 / 裁 决 is 行政裁决, not [裁决]."""
    cells = _zero_report("2019")
    cells.update({f"active.item5/other_services[行政裁决]/{c}": v for c, v in zip(COLS, (4, 5, 6), strict=True)})
    text = render(cells, LAYOUT, agency=AGENCY, year=2019, template="2019")
    assert "\n行政裁决\n4\n5\n6\n" in text
    report = gixparse.parse(text.replace("\n行政裁决\n4\n", "\n行 政\n 裁 决\n4\n"))
    assert _flat(report, "active.item5/other_services[")["active.item5/other_services[行政裁决]/decisions"] == 6
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def test_a_row_printed_with_no_value_runs_into_the_next():
    """行政许可 printed with every cell blank (its label only) runs on into 其他对外管理服务事项:
    the values are the second row's, never the first's."""
    cells = _cells(item5__licensing=(None, None, None), item5__other_services=(7, 8, 9))
    text, report = _report(cells)
    assert "\n行政许可\n其他对外管理服务事项\n7\n" in text
    flat = _flat(report, "active.item5")
    assert flat["active.item5/other_services/decisions"] == 9
    assert not [v for k, v in flat.items() if k.startswith("active.item5/licensing/") and v is not None]
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def test_a_row_printed_as_its_label_and_one_word():
    """规章 | 见附件 with its other cells blank prints no number: the word's column is not known
    (flagged on the row), and the next row's values stay the next row's."""
    cells = _cells(item1__rules=(None, None, 987654), item1__normative_documents=(1, 2, 3))
    text, report = _report(cells, ("\n987654\n", "\n见附件\n"))
    assert "\n规章\n见附件\n规范性文件\n1\n" in text
    assert _flat(report, "active.item1/normative_documents") == {
        f"active.item1/normative_documents/{c}": v for c, v in zip(ITEM1_COLS, (1, 2, 3), strict=True)}
    assert [f.code for f in report.findings if f.path and f.path.startswith("active.item1/rules")]
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def test_a_word_read_in_its_column_is_reported():
    """规范性文件 | 见附件 | 0 | 0: the word fills the row's first column (three cells for three
    columns) and is reported as a word where the form has a number."""
    cells = _cells(item1__normative_documents=(987654, 0, 0))
    _text, report = _report(cells, ("\n987654\n", "\n见附件\n"))
    assert ("value-not-a-number", "active.item1/normative_documents/new_made") in [
        (f.code, f.path) for f in report.findings]
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def _grid(*lines: str) -> tuple[Grid, GridRow]:
    cells, at = [], 0
    for n, text in enumerate(lines, 1):
        kind = VALUE if text.lstrip("-").isdigit() else TEXT
        cells.append(Cell(kind, text, at, at + len(text), n, 1))
        at += len(text) + 1
    row = GridRow(tuple(cells))
    return Grid((row,), LAYOUT), row


def test_pieces_of_a_label_run_together():
    """The pieces one grid row stands for: the title with the header words after it, then one
    row per form row's name, each name's lines joined; the values stay with the last."""
    grid, row = _grid("第二十条第（六", "）项", "信息内容", "上一", "年项目数量", "行政处", "罚", "1", "2", "3")
    assert [[c.text for c in p.cells] for p in _pieces(row, grid)] == [
        ["第二十条第（六", "）项", "信息内容", "上一", "年项目数量"], ["行政处罚", "1", "2", "3"]]
    grid, row = _grid("规章", "见附件", "规范性", "文件", "1")
    assert [[c.text for c in p.cells] for p in _pieces(row, grid)] == [["规章", "见附件"], ["规范性文件", "1"]]
    grid, row = _grid("其他对外管理服务", "事项", "行政", "检查", "1")
    assert [[c.text for c in p.cells] for p in _pieces(row, grid)] == [["其他对外管理服务事项", "行政检查", "1"]]
    grid, row = _grid("行政许可", "1")
    assert _pieces(row, grid) == [row]
    other = Grid((row,), "tab-rows")
    assert _pieces(row, other) == [row]


def test_a_title_before_a_row_named_by_no_form_row():
    """A title run on into a table whose first row's label names no form row: the title still
    opens its table (the row is not a sub-row of the table before, whatever it is read as)."""
    cells = _zero_report("2019")
    cells.update({f"active.item5/other_services[行政检查]/{c}": 5 for c in COLS})
    text = render(cells, LAYOUT, agency=AGENCY, year=2019, template="2019")
    assert "处理决定数量\n行政处罚\n0\n" in text
    report = gixparse.parse(text.replace("处理决定数量\n行政处罚\n0\n", "处理决定数量\n行政处分\n0\n"))
    assert not [k for k in gixparse.flatten(report) if k.startswith("active.item5/other_services[") and "检查" not in k]
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def test_a_word_after_a_sub_row_label():
    """行政检查 / 见附件 / 0 / 0 after its form row's values: the second line may be the label's or
    a word in the first value cell; read as the label, and flagged on the form row (which covers
    its sub-rows), never silently filed under other_services[行政检查见附件]."""
    cells = _zero_report("2019")
    cells.update({f"active.item5/other_services[行政检查]/{c}": v for c, v in zip(COLS, (987654, 0, 0), strict=True)})
    text, report = _report(cells, ("\n987654\n", "\n见附件\n"))
    assert "\n行政检查\n见附件\n0\n0\n" in text
    assert ("words-or-sub-row", "active.item5/other_services") in [(f.code, f.path) for f in report.findings]
    assert silently_wrong(Case(cells, AGENCY, 2019, "2019", False), report) == {}


def test_a_header_naming_fewer_columns_than_the_form_is_flagged():
    """Found by the nightly profile (dropped-blanks, merged main): after a row printing a sign word
    (行政事业性收费 / 0 / 增1) the headers of （八） and （九） were read as naming one column each
    (本年增/减; 采购总金额), so 政府集中采购's one value went to 采购总金额 and 采购项目数量 was gone with no
    finding. Open: why the sign word cuts the headers short; the table now says which columns its
    header leaves out (header-missing-columns), so nothing is lost in silence."""
    cells = {**_zero_report("2019"), "active.item8/fees/change": 1, "active.item9/procurement/projects": None}
    text = render(cells, "cell-per-line-dropped-blanks", agency="东市人民政府", year=2019, template="2019")
    assert "行政事业性收费\n0\n1\n" in text and "政府集中采购\n0\n\n" in text
    report = gixparse.parse(text.replace("行政事业性收费\n0\n1\n", "行政事业性收费\n0\n增1\n"))
    flagged = {f.path for f in report.findings if f.code == "header-missing-columns"}
    assert "active.item9" in flagged
    assert silently_wrong(Case(cells, "东市人民政府", 2019, "2019", False), report) == {}
    plain = gixparse.parse(text)
    assert "header-missing-columns" not in {f.code for f in plain.findings}
