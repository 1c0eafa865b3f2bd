"""The glued-cells reader: labels and digit runs, numberings and years kept with labels."""

from __future__ import annotations

from gixparse.readers import glued
from gixparse.readers.grid import NA, RUN, TEXT


def _rows(text: str) -> list[list[tuple[str, str]]]:
    return [[(c.kind, c.text) for c in row.cells] for row in glued.read(text).rows]


def test_label_then_runs_make_a_row():
    rows = _rows("第二十条第（一）项信息内容本年制发件数规章 000行政规范性文件693665")
    assert rows == [
        [(TEXT, "第二十条第（一）项"), (TEXT, "信息内容本年制发件数规章"), (RUN, "000")],
        [(TEXT, "行政规范性文件"), (RUN, "693665")],
    ]


def test_numbering_digit_belongs_to_the_next_label():
    rows = _rows("（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000")
    assert rows == [
        [(TEXT, "（三）不予公开"), (TEXT, "1.属于国家秘密"), (RUN, "0000000")],
        [(TEXT, "2.其他法律行政法规禁止公开"), (RUN, "0000000")],
    ]


def test_spaces_are_hard_boundaries_and_units_stay_on_the_run():
    rows = _rows("一、本年新收政府信息公开申请数量230 000023政府集中采购13575394432.52元三、收到")
    assert rows[0][-2:] == [(RUN, "230"), (RUN, "000023")]
    assert rows[1] == [(TEXT, "政府集中采购"), (RUN, "13575394432.52元")]
    assert rows[2] == [(TEXT, "三、收到")]


def test_a_year_stays_in_its_label():
    assert _rows("2021年度收费金额24252.311082") == [[(TEXT, "2021年度收费金额"), (RUN, "24252.311082")]]


def test_claims_glued_tables_not_prose_or_tabs():
    table = "规章000行政规范性文件693665行政许可2293行政处罚1282行政强制42"
    assert glued.claims(table)
    assert glued.claims("行政复议行政诉讼结果维持总计10203120001200000")
    assert not glued.claims("本年度共收到70件申请，办结69件，1件结转下年度，2021年12月31日止。")
    assert not glued.claims("规章\t0\t0\t0\n行政规范性文件\t69\t3\t665")


def test_render_is_read_back():
    rows = [["行政规范性文件", "69", "3", "665"], ["行政许可", "2293"]]
    text = glued.render(rows, ())
    assert text == "行政规范性文件693665行政许可2293\n"
    assert _rows(text.strip()) == [[(TEXT, "行政规范性文件"), (RUN, "693665")], [(TEXT, "行政许可"), (RUN, "2293")]]


def test_a_title_opens_a_row_of_its_own():
    """A 第二十条 row printed with every cell blank leaves only its label: the next
    table's title must not become part of it."""
    rows = _rows("行政许可第二十条第（六）项信息内容本年处理决定数量行政处罚86行政强制4")
    assert rows == [
        [(TEXT, "行政许可")],
        [(TEXT, "第二十条第（六）项"), (TEXT, "信息内容本年处理决定数量行政处罚"), (RUN, "86")],
        [(TEXT, "行政强制"), (RUN, "4")],
    ]


def test_signs_stay_in_the_run():
    assert _rows("行政事业性收费12-3")[0][-1] == (RUN, "12-3")
    assert _rows("行政许可0+11其他对外管理服务事项000")[0][-1] == (RUN, "0+11")


def test_dates_document_numbers_and_prose_counts_are_words():
    for prose in ("按照《办法》（国办函〔2020〕109号）执行。示例局2026年1月22日",
                  "主动公开政府信息94条。其中规范性文件5条、工作动态12篇。"):
        assert RUN not in {kind for row in _rows(prose) for kind, _text in row}, prose


def test_a_count_of_projects_keeps_its_unit_before_the_amount():
    assert _rows("政府集中采购1个246900元")[0][1:] == [(RUN, "1个"), (RUN, "246900元")]
    assert _rows("政府集中采购 3个 3443000元")[0][1:] == [(RUN, "3个"), (RUN, "3443000元")]


def test_claims_runs_before_a_space_and_a_lone_table_with_a_decimal():
    assert glued.claims("规章000 规范性文件4431 行政许可562903 行政处罚40017 行政强制903")
    assert glued.claims("第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5")
    assert glued.claims("第二十条第（五）项信息内容本年处理决定数量行政许可1520")
    assert not glued.claims("根据第二十条第（一）项，本机关公开规章3件、规范性文件12件。")


def test_words_a_space_apart_are_one_label_cell():
    """A space between words is a cell's padding or a label broken where its cell wrapped:
    the reader cannot tell them apart, so the words stay one label (placement squashes it)."""
    assert _rows("其他对外管理服务事项 行政检查1项0622宗")[0] == [
        (TEXT, "其他对外管理服务事项 行政检查"), (RUN, "1项"), (RUN, "0622宗")]
    assert _rows("其他对外管理服务 事项行政 奖励23")[0] == [(TEXT, "其他对外管理服务 事项行政 奖励"), (RUN, "23")]
    assert _rows("行 政 确 认20项0")[0] == [(TEXT, "行 政 确 认"), (RUN, "20项"), (RUN, "0")]


def test_words_on_a_line_of_their_own_are_a_row_of_their_own():
    """A row printed with every cell blank leaves its label on a line of its own: never the
    label of the row on the next line (行政许可 / 其他对外管理服务事项000)."""
    rows = _rows("第二十条第（五）项信息内容处理决定数量行政许可\n其他对外管理服务事项000\n"
                 "（三）不予公开\n1.属于国家秘密000")
    assert rows == [[(TEXT, "第二十条第（五）项"), (TEXT, "信息内容处理决定数量行政许可")],
                    [(TEXT, "其他对外管理服务事项"), (RUN, "000")],
                    [(TEXT, "（三）不予公开")],
                    [(TEXT, "1.属于国家秘密"), (RUN, "000")]]


def test_a_mark_in_a_value_cell_is_a_cell_of_its_own():
    """A not-applicable mark glued before digits (or after them) is a value cell, never the end
    of the label (行政检查/+30 was a sub-row 行政检查/+); a mark between words stays words."""
    assert _rows("其他对外管理服务事项/无0行政检查/+30")[:2] == [
        [(TEXT, "其他对外管理服务事项"), (NA, "/"), (NA, "无"), (RUN, "0")],
        [(TEXT, "行政检查"), (NA, "/"), (RUN, "+30")]]
    assert _rows("行政许可0/5行政检查不适用—5")[:2] == [
        [(TEXT, "行政许可"), (RUN, "0"), (NA, "/"), (RUN, "5")],
        [(TEXT, "行政检查"), (NA, "不适用"), (NA, "—"), (RUN, "5")]]
    assert _rows("信息内容本年增/减行政许可0/")[0] == [(TEXT, "信息内容本年增/减行政许可"), (RUN, "0"), (NA, "/")]
    assert _rows("（四）无法提供1.本机关不掌握000")[0] == [
        (TEXT, "（四）无法提供"), (TEXT, "1.本机关不掌握"), (RUN, "000")]
