"""Document tables that draw one form column over two grid columns, merged
differently in different rows: each value is read under its heading (HTML, Word
and PDF, composed from our example report)."""

from __future__ import annotations

import pytest

import gixparse
from gixparse.documents.html import to_text
from tests.fixtures.documents.build import (
    EXAMPLE,
    example_blocks,
    html_table,
    same_reading,
    to_docx,
    to_html,
    to_pdf,
    widened,
)


def _rows(text: str) -> list[list[str]]:
    rows = []
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if lines and all(line.startswith("\t") for line in lines):
            rows.append([line[1:] for line in lines])
    return rows


def test_values_line_up_on_the_headings_not_on_grid_positions():
    rows = _rows(to_text("""<table>
        <tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
        <tr><td>行政许可</td><td colspan="2">31</td><td>-4</td><td>27</td></tr>
        <tr><td>其他对外管理服务事项</td><td>6</td><td colspan="2">0</td><td>112</td></tr></table>"""))
    assert rows == [["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                    ["行政许可", "31", "-4", "27"], ["其他对外管理服务事项", "6", "0", "112"]]


def test_two_values_under_one_heading_keep_their_grid_places():
    # the header does not say which column each is: the grid's own positions are kept
    rows = _rows(to_text("""<table>
        <tr><td>信息内容</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
        <tr><td>行政许可</td><td>3</td><td>1</td><td>27</td></tr></table>"""))
    assert rows[1] == ["行政许可", "3", "1", "27"]


def test_a_value_over_several_headings_is_read_once():
    rows = _rows(to_text("""<table>
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
        <tr><td>规章</td><td colspan="3">5</td></tr></table>"""))
    assert rows[1] == ["规章", "5", "", ""]


@pytest.mark.parametrize("write,column", [(to_html, 2), (to_html, 3), (to_docx, 2), (to_pdf, 3)],
                         ids=["html-2", "html-3", "docx-2", "pdf-3"])
def test_example_with_a_column_drawn_over_two_reads_like_its_text(write, column):
    if write is not to_html:
        pytest.importorskip("docx" if write is to_docx else "pdfplumber", reason="in the test extra")
    text = EXAMPLE.read_text(encoding="utf-8")
    blocks = example_blocks(text)
    first = next(i for i, (kind, _) in enumerate(blocks) if kind == "table")  # section 二's tables
    blocks[first] = ("merged", widened(blocks[first][1], column))
    assert same_reading(gixparse.parse(write(blocks)), gixparse.parse(text)) == []


# --- raw HTML tables inside text or Markdown ------------------------------------------------------


def _with_html_tables(text: str, which: tuple[int, ...], blank_line: bool = False) -> str:
    """The example with its tables number ``which`` written as raw HTML tables."""
    out, n = [], 0
    for kind, item in example_blocks(text):
        if kind == "p":
            out.append(item)
            continue
        html = html_table(item) if n in which else "\n".join("\t".join(r) for r in item)
        if blank_line and n in which:
            html = html.replace("</tr>\n<tr>", "</tr>\n\n<tr>", 1)
        out += ["", html, ""]
        n += 1
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("which", [(0,), (0, 1, 2)], ids=["section-2", "every-table"])
def test_raw_html_tables_read_as_html_tables(which):
    text = EXAMPLE.read_text(encoding="utf-8")
    composed = _with_html_tables(text, which)
    assert 'colspan="3"' in composed and "width: 107px" in composed
    report = gixparse.parse(composed)
    assert same_reading(report, gixparse.parse(text)) == []
    assert {report.tables[t].layout for t in ("active.item1", "applications", "review")
            if t in report.tables} >= {"html-table"}


def test_markup_is_never_read_as_numbers_and_cells_point_at_their_text():
    text = EXAMPLE.read_text(encoding="utf-8")
    composed = _with_html_tables(text, (0,), blank_line=True)  # a blank line inside the element too
    report = gixparse.parse(composed)
    assert same_reading(report, gixparse.parse(text)) == []
    lines = composed.split("\n")
    for row in report.tables["active.item1"].rows:
        for value in row.values.values():
            line = lines[value.span.line - 1]
            assert line[value.span.column - 1 :].startswith(value.raw + "</p>")


def test_table_elements_found_in_one_pass():
    from gixparse.readers.html_table import claims, table_spans

    text = "x<table a=1><tr><td><table></table></td></tr></TABLE>y<table><tr>"
    assert table_spans(text) == [(1, 53)]  # nested tables in the outer one; an unclosed one is none
    assert claims(text[1:53]) and not claims(text) and not claims("<table><tr><td>1</td></tr>")
