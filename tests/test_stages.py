"""Unit tests, one stage at a time: normalise, sections, cell values, the two layouts, placement."""

from __future__ import annotations

from decimal import Decimal

import pytest

import gixparse
from gixparse import Kind
from gixparse.readers import cell_lines, read_region, tab_rows
from gixparse.readers.grid import BLANK, NA, TEXT, VALUE, token_cell, token_place
from gixparse.sections import find_sections
from gixparse.text import normalise, strip_artifacts, wide_digit_places
from gixparse.values import parse_number

# --- normalise -------------------------------------------------------------------------------


def test_normalise_keeps_wide_digits_in_box_and_space_aligned_lines_only():
    # box lines (also one cut by a form feed) and the lines the space-aligned layout claims keep
    # their full-width digits; headings, prose and tab rows are folded
    text = "标题２０２３年\n│ 规章 │ １２ │\n│ 许可 │ 3 │\n规章     １２     ０\n年份２０２４\n\t规章  １  2\n┃ ９\f│ ９ │\n"
    assert wide_digit_places(text) == [i for i, ch in enumerate(text) if "０" <= ch <= "９"]
    assert normalise(text).folded.split("\n") == [
        "标题2023年", "│ 规章 │ １２ │", "│ 许可 │ 3 │", "规章     １２     ０", "年份2024", "\t规章  1  2", "┃ ９",
        "│ ９ │", ""]


def test_normalise_keeps_positions_and_folds():
    src = normalise("\ufeff规章\t１９项\r\n行政　许可\u00a0２\r")
    assert src.text == "规章\t１９项\n行政　许可\u00a0２\n"
    assert src.folded == "规章\t19项\n行政 许可 2\n"
    assert len(src.text) == len(src.folded)
    assert src.position(src.folded.index("行政")) == (2, 1)
    assert src.position(src.folded.index("2")) == (2, 7)


def test_strip_artifacts():
    assert strip_artifacts("[bookmark: _GoBack]改进措施") == "改进措施"


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number, unit",
    [
        ("19项", Decimal(19), "项"),
        ("减25项", Decimal(-25), "项"),
        ("增9项", Decimal(9), "项"),
        ("-1", Decimal(-1), None),
        ("49483元", Decimal(49483), "元"),
        ("31,807", Decimal(31807), None),
        ("545.1896", Decimal("545.1896"), None),
        ("[bookmark: OLE_LINK1]2731", Decimal(2731), None),
        ("12.5 万元", Decimal("12.5"), "万元"),
    ],
)
def test_parse_number(text, number, unit):
    assert parse_number(text) == (number, unit)


# --- layouts ----------------------------------------------------------------------------------


def _kinds(grid):
    return [[(c.kind, c.text) for c in row.cells] for row in grid.rows]


def test_tab_rows_cells_blanks_and_padding():
    grid = tab_rows.read("规章\t0\t\t19项\t\t\n\n--------\t----\n行政许可\t/\t无\t减25项")
    assert _kinds(grid) == [
        [(TEXT, "规章"), (VALUE, "0"), (BLANK, ""), (VALUE, "19项")],
        [(TEXT, "行政许可"), (NA, "/"), (NA, "无"), (VALUE, "减25项")],
    ]
    assert grid.layout == "tab-rows"


def test_tab_rows_positions():
    grid = tab_rows.read("规章\t0\t 12")
    cell = grid.rows[0].cells[2]
    assert (cell.line, cell.column, cell.text) == (1, 7, "12")


def test_a_token_without_a_place_is_refused_not_placed_at_none():
    from lark import Token

    lexed = Token.new_borrow_pos("TAB_VALUE", "\t 12", Token("X", "x", start_pos=5, line=2, column=3, end_pos=9))
    assert token_place(lexed) == (5, 9, 2, 3)
    assert (token_cell(lexed).start, token_cell(lexed).column, token_cell(lexed).text) == (7, 5, "12")
    with pytest.raises(ValueError, match="no place"):
        token_place(Token("TAB_VALUE", "12"))


def test_cell_lines_join_split_labels_and_keep_blanks():
    grid = cell_lines.read("\t结\n果\n维\n持\n\t\n\t2\n\n公开\n\t1.属于国家秘密\n\t0")
    assert _kinds(grid) == [
        [(TEXT, "结果维持"), (BLANK, ""), (VALUE, "2")],
        [(TEXT, "公开"), (TEXT, "1.属于国家秘密"), (VALUE, "0")],
    ]


def test_region_mixing_layouts_reads_each_run_with_its_grammar():
    text = "说明文字\n\n规章\t0\t0\t0\n规范性文件\t4\t4\t39\n\n\t行政许可\n\t27\n\t-1\n\t31807\n"
    grids = read_region(text, 0, len(text), 1)
    assert [g.layout for g in grids] == ["tab-rows", "cell-per-line"]
    assert grids[1].line == 6
    assert grids[1].position(grids[1].rows[0].cells[3]) == (9, 2)


# --- sections ----------------------------------------------------------------------------------

_SKELETON = """附件

示例区教育局 2022 年政府信息公开工作年度报告

一、总体情况
（二）主动公开政府信息情况
全年主动公开信息120条。
二、主动公开政府信息情况
{active}
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、政府信息公开工作存在的主要问题及改进情况
一是解读不够。
六、其他需要报告的事项
无。
"""


def test_sections_prefer_top_level_official_headings():
    layout = find_sections(normalise(_SKELETON.format(active="表")))
    assert list(layout.sections) == [
        "overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"]
    assert layout.sections["overview"].text.startswith("（二）主动公开政府信息情况")
    assert layout.sections["active_disclosure"].heading == "二、主动公开政府信息情况"
    assert layout.sections["problems"].text == "一是解读不够。"
    assert (layout.agency, layout.year) == ("示例区教育局", 2022)


def test_sections_inline_headings_in_run_together_text():
    text = ("示例县人民政府2021年政府信息公开工作年度报告 根据条例编制。一、总体情况2021年，我县推进公开。"
            "二、主动公开政府信息情况 表格三、收到和处理政府信息公开申请情况表格四、政府信息公开行政复议、行政诉讼情况"
            " 表格五、存在的主要问题及改进情况（一）问题。六、其他需要报告的事项 无。")
    layout = find_sections(normalise(text))
    assert layout.sections["overview"].text.startswith("2021年，我县推进公开。")
    assert layout.sections["problems"].text.startswith("（一）问题。")
    assert layout.sections["other_matters"].text == "无。"
    assert (layout.agency, layout.year) == ("示例县人民政府", 2021)


def test_title_with_agency_on_the_line_before_and_year_first():
    a = find_sections(normalise("淮水市人民政府\n2024 年政府信息公开工作年度报告\n一、总体情况\n"))
    b = find_sections(normalise("2024 年示例市科委政府信息公开工作\n年度报告\n一、总体情况\n"))
    assert (a.agency, a.year) == ("淮水市人民政府", 2024)
    assert (b.agency, b.year) == ("示例市科委", 2024)


def test_missing_sections_are_findings():
    report = gixparse.parse("一段没有标题的文字。")
    codes = {f.code for f in report.findings}
    assert {"missing-section", "missing-table", "agency-unknown"} <= codes


# --- placement ---------------------------------------------------------------------------------


def _report(active: str) -> gixparse.Report:
    return gixparse.parse(_SKELETON.format(active=active))


def test_sub_rows_keep_parent_id_with_printed_label():
    active = ("第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t27\t-1\t31807\n"
              "其他对外管理服务事项\t行政检查\t1\t0\t622\n\t行政确认\t2\t0\t0\n")
    flat = gixparse.flatten(_report(active))
    assert flat["active.item5/licensing/change"] == -1
    assert flat["active.item5/other_services[行政检查]/decisions"] == 622
    assert flat["active.item5/other_services[行政确认]/prev_items"] == 2


def test_values_keep_raw_unit_kind_and_position():
    active = "第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t19项\t减25项\t—\n"
    report = _report(active)
    row = report.tables["active.item5"].row("licensing")
    change = row.values["change"]
    assert (change.raw, change.number, change.unit, change.kind) == ("减25项", Decimal(-25), "项", Kind.NUMBER)
    assert row.values["decisions"].kind == Kind.NA
    line = _SKELETON.format(active=active).split("\n").index("行政许可\t19项\t减25项\t—") + 1
    assert (change.span.line, change.span.column) == (line, 10)


def test_unplaced_row_is_reported_not_guessed():
    active = "第二十条第（五）项\n信息内容\t处理决定数量\n行政给付\t12\n"
    report = _report(active)
    assert any(f.code == "unplaced-row" for f in report.findings)
    assert not any(k.startswith("active.item5") for k in gixparse.flatten(report))


def test_words_in_a_value_cell_are_an_error():
    active = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t见附件\t3\n"
    report = _report(active)
    f = next(f for f in report.findings if f.code == "value-not-a-number")
    assert f.path == "active.item1/rules/repealed"
    assert gixparse.flatten(report)["active.item1/rules/repealed"] is None


def test_traditional_characters_read_like_simplified():
    from opencc import OpenCC

    from .conftest import EXAMPLES

    text = (EXAMPLES / "sample-2023-tab-rows.txt").read_text(encoding="utf-8")
    traditional = OpenCC("s2t").convert(text)
    assert traditional != text and "公開" in traditional
    a, b = gixparse.parse(text), gixparse.parse(traditional)
    assert gixparse.flatten(b) == gixparse.flatten(a)
    assert (b.agency, b.year, b.template, b.findings) == (a.agency, a.year, a.template, a.findings)
    assert b.tables["applications"].row("granted").values["total"].raw == "25"


def test_curly_and_straight_quotes_match_the_same_label():
    from gixparse.forms import squash

    assert squash("3.危及“三安全一稳定”") == squash('3.危及"三安全一稳定"')


def test_a_label_wrapped_around_its_values_is_pieced_together_and_flagged():
    rows = [
        ("一、本年新收政府信息公开申请数量", "7     0     0     0     0     0     7"),
        ("二、上年结转政府信息公开申请数量", "0     0     0     0     0     0     0"),
    ]
    table = "\n\n".join(f"  {label}        {values}" for label, values in rows)
    wrapped = ("\n\n               1、申请人无正当理由逾期不补\n\n"
               "               正、行政机关不再处理其政府信           2        0        0         0        0         0    2\n"
               "               息公开申请\n\n"
               "               2、申请人逾期未按收费通知要\n"
               "               求缴纳费用、行政机关不再处理           1         0        0         0        0         0    1\n"
               "               其政府信息公开申请\n")
    text = _SKELETON.replace("三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n" + table + wrapped)
    report = gixparse.parse(text.format(active="表"))
    flat = gixparse.flatten(report)
    assert report.tables["applications"].layout == "space-aligned"
    assert flat["applications/other_no_correction/total"] == 2
    assert flat["applications/other_unpaid_fee/natural_person"] == 1
    wrapped_rows = {f.path for f in report.findings if f.code == "label-wrapped"}
    assert wrapped_rows == {"applications/other_no_correction", "applications/other_unpaid_fee"}
    assert flat["applications/new_received/total"] == 7


def _with_review(table: str) -> gixparse.Report:
    text = _SKELETON.format(active="表").replace("四、政府信息公开行政复议、行政诉讼情况\n",
                                                "四、政府信息公开行政复议、行政诉讼情况\n" + table)
    return gixparse.parse(text)


def test_review_rows_labelled_by_their_most_specific_group():
    report = _with_review("类别\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n行政复议\t1\t0\t0\t1\t2\n"
                          "未经复议直接起诉\t0\t1\t0\t0\t1\n经行政复议后起诉\t3\t0\t0\t0\t3\n")
    flat = gixparse.flatten(report)
    assert [flat[f"review/{g}/total"] for g in ("reconsideration", "litigation_direct",
                                                "litigation_after_reconsideration")] == [2, 1, 3]
    assert not [f for f in report.findings if f.path.startswith("review")]


def test_review_rows_half_labelled_are_read_in_order_and_flagged():
    report = _with_review("行政复议\t1\t0\t0\t1\t2\n0\t1\t0\t0\t1\t3\t0\t0\t0\t3\n")
    assert ("review-rows-mixed", "review") in {(f.code, f.path) for f in report.findings}
    assert gixparse.flatten(report)["review/litigation_after_reconsideration/total"] == 3


def test_glued_rows_that_a_blank_cell_would_split_otherwise_are_flagged():
    text = ("示例市某局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
            "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件312"
            "第二十条第（五）项信息内容本年处理决定数量行政许可1520第二十条第（六）项信息内容本年处理决定数量"
            "行政处罚86行政强制4第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5\n"
            "三、收到和处理政府信息公开申请情况\n")
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert [flat[f"active.item1/rules/{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    flagged = {f.path for f in report.findings if f.code == "glued-blanks-unchecked"}
    assert "active.item1/normative_documents" in flagged  # 3 | 1 | 2, or 3 | · | 12
    assert "active.item1/rules" not in flagged  # 000 splits one way even with blanks


def test_a_tab_row_opening_with_a_blank_and_padded_at_its_end_is_flagged():
    active = ("第二十条第（一）项\n信息内容\t\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t\t2\t0\t\n"
              "行政规范性文件\t\t3\t1\t12\n")
    report = _report(active)
    assert ("row-edge-blanks", "active.item1/rules") in {(f.code, f.path) for f in report.findings}
    assert not any(f.path == "active.item1/normative_documents" for f in report.findings)


@pytest.mark.parametrize("tail", ["\n ", "\n  三、收到和处理政府信息公开申请情况\n", "\n\n   \n"])
@pytest.mark.parametrize("table", ["规章\t0\t0\t0", "\t规章\n\t0\n\t0\n\t0"])
def test_a_table_followed_by_a_line_of_spaces(table, tail):
    report = gixparse.parse("二、主动公开政府信息情况\n第二十条第（一）项\n" + table + tail)
    assert [gixparse.flatten(report)[f"active.item1/rules/{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]


def test_sub_rows_under_any_form_row_when_printed_under_it():
    active = ("第二十条第（六）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
              "行政处罚\t一般程序\t600\t-40\t11000\n\t简易程序\t27\t-6\t604\n行政强制\t3\t0\t0\n行政给付\t1\t0\t2\n")
    report = _report(active)
    flat = gixparse.flatten(report)
    assert flat["active.item6/penalty[一般程序]/decisions"] == 11000
    assert flat["active.item6/penalty[简易程序]/decisions"] == 604
    assert "active.item6/penalty/decisions" not in flat
    assert ("unplaced-row", "active") in {(f.code, f.path) for f in report.findings}  # 行政给付: no form row
    assert not any(k.startswith("active.item6/coercion[") for k in flat)


def test_a_table_opening_with_a_tab_right_after_its_heading():
    report = gixparse.parse("二、主动公开政府信息情况 \t规章\t3\t1\t5\n")
    flat = gixparse.flatten(report)
    assert [flat[f"active.item1/rules/{c}"] for c in ("issued", "repealed", "in_force")] == [3, 1, 5]
