"""Markdown pipe tables (readers/markdown.py): hand-made fragments of each quirk, and
the seeds' values written as Markdown by the layout's renderer and read back."""

from __future__ import annotations

import pytest

from gixparse.readers import markdown
from gixparse.readers.grid import BLANK, LOST, NA, TEXT, VALUE
from gixparse.render import Quirks


def cells(text):
    return [[(c.kind, c.text) for c in row.cells] for row in markdown.read(text).rows]


def test_rows_cells_and_delimiter_row():
    text = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|:---:|---:|---|\n| 规章 | 2 | 0 | 14 |\n"
    assert cells(text) == [
        [(TEXT, "信息内容"), (TEXT, "本年制发件数"), (TEXT, "本年废止件数"), (TEXT, "现行有效件数")],
        [(TEXT, "规章"), (VALUE, "2"), (VALUE, "0"), (VALUE, "14")],
    ]


def test_empty_cells_are_blank_including_the_last():
    text = "| 四、结转下年度继续办理 | 3 |  | 0 |  |\n"
    assert cells(text) == [[(TEXT, "四、结转下年度继续办理"), (VALUE, "3"), (BLANK, ""), (VALUE, "0"), (BLANK, "")]]


def test_row_without_closing_bar_keeps_its_last_cell():
    assert cells("| 行政许可 | 5项 | /") == [[(TEXT, "行政许可"), (VALUE, "5项"), (NA, "/")]]


def test_lines_outside_pipe_rows_are_one_text_cell():
    text = "## 表三：申请情况\n（三）不\n予公开\n| 1 | 0 | 1 |\n7\n"
    assert cells(text) == [
        [(TEXT, "表三：申请情况")],
        [(TEXT, "（三）不")],
        [(TEXT, "予公开")],
        [(VALUE, "1"), (VALUE, "0"), (VALUE, "1")],
        [(TEXT, "7")],  # a stray number outside the table is not a cell of it
    ]


def test_markdown_inside_cells():
    text = "| **规章** | 减2项 | 1<br>0 |\n| 甲\\|乙 | — |  |\n"
    assert cells(text) == [
        [(TEXT, "规章"), (VALUE, "减2项"), (VALUE, "10")],
        [(TEXT, "甲|乙"), (NA, "—"), (BLANK, "")],
    ]


def test_positions_point_into_the_chunk():
    text = "前言\n  | 规章 |  12 | |\n"
    grid = markdown.read(text, offset=100, line=7)
    row = grid.rows[1]
    label, value, blank = row.cells
    assert (label.line, label.column, text[label.start:label.end]) == (2, 5, "规章")
    assert (value.line, value.column, text[value.start:value.end]) == (2, 11, "12")
    # after the spaces, at the closing bar
    assert blank.kind == BLANK and blank.start == blank.end and text[blank.start] == "|"
    assert (grid.offset, grid.line, grid.layout) == (100, 7, "markdown-pipe")


def test_blank_and_rule_only_rows_are_dropped():
    assert cells("|  |  |\n| --- | --- |\n\n   \n| 规章 | 1 |") == [[(TEXT, "规章"), (VALUE, "1")]]


@pytest.mark.parametrize(
    ("block", "claimed"),
    [
        ("| 规章 | 0 |", True),
        ("说明\n   | 规章 | 0 | 0 |\n", True),
        ("本年度收到申请 3 件，办结 3 件。", False),
        ("规章\t0\t0", False),
        ("    | 缩进太多 |", False),
    ],
)
def test_claims(block, claimed):
    assert markdown.claims(block) is claimed


def test_render_reads_back():
    rows = [("信息内容", "本年制发件数"), ("规章", "0", ""), ("行政规范性文件", "3", "/")]
    for q in (Quirks(), Quirks(split_labels=True, blank_lines=True)):
        assert cells(markdown.render(rows, q)) == [
            [(TEXT, "信息内容"), (TEXT, "本年制发件数")],
            [(TEXT, "规章"), (VALUE, "0"), (BLANK, "")],
            [(TEXT, "行政规范性文件"), (VALUE, "3"), (NA, "/")],
        ]


def test_words_then_values_outside_the_pipes_are_a_row():
    text = "第二十条第（五）项\n行政许可 97\n1\n| 规章 | 0 |\n全年共办理 34 件\n"
    assert cells(text) == [
        [(TEXT, "第二十条第（五）项")],
        [(TEXT, "行政许可"), (VALUE, "97")],
        [(TEXT, "1")],  # a lone value outside the pipes is a stray page number, not a row
        [(TEXT, "规章"), (VALUE, "0")],
        [(TEXT, "全年共办理 34 件")],
    ]


def test_empty_label_column_cells_are_not_values():
    text = ("|  |  |  | 自然人 | 商业企业 | 总计 |\n|---|---|---|---|---|---|\n"
            "| 三、本年度办理结果 | （一）予以公开 |  | 20 |  |  |\n"
            "|  | （三）不予公开 | 1.属于国家秘密 | 1 | 2 | 3 |\n")
    assert cells(text)[1:] == [
        [(TEXT, "三、本年度办理结果"), (TEXT, "（一）予以公开"), (VALUE, "20"), (BLANK, ""), (BLANK, "")],
        [(TEXT, "（三）不予公开"), (TEXT, "1.属于国家秘密"), (VALUE, "1"), (VALUE, "2"), (VALUE, "3")],
    ]


def test_value_cells_under_the_label_columns_are_kept():
    # the review table's header leaves its first columns empty too; its values stay put
    text = "|  |  | 结果维持 | 总计 |\n|---|---|---|---|\n|  | 1 |  | 1 |\n"
    assert cells(text)[1] == [(BLANK, ""), (VALUE, "1"), (BLANK, ""), (VALUE, "1")]


def _pipe_applications(text: str) -> str:
    """The example with its table 三 as a pipe table of three label columns, as a
    converter writes a merged table: empty label-column cells, zeros printed blank and
    the outcome rows' 总计 blank."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("三、收到"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开"))
    out = ["|  |  |  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    keep = lines[: start + 1]
    for line in lines[start + 1 : end]:
        cells_ = line.split("\t")
        first = next((i for i, c in enumerate(cells_) if c.strip() and c.strip()[0].isdigit()
                      and not c.strip().startswith(("1.", "2.", "3.", "4.", "5.", "6.", "7.", "8."))), None)
        if "\t" not in line or first is None:
            if "\t" not in line:
                keep.append(line)
            continue
        labels, values = cells_[:first], cells_[first:]
        labels = ((labels if labels[-1] else labels[:-1]) + ["", "", ""])[:3]
        outcome = "三、本年度办理结果" in labels or (not labels[0] and "总计" not in labels[1])
        values = ["" if v == "0" else v for v in values]
        if outcome:
            values[-1] = ""
        out.append("| " + " | ".join(labels + values) + " |")
    return "\n".join([*keep, "", *out, "", *lines[end:]])


def test_pipe_table_with_empty_label_cells_and_blank_totals():
    import gixparse
    from tests.fixtures.documents.build import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8")
    composed = _pipe_applications(text)
    assert "|  | （二）部分公开" in composed
    want = gixparse.flatten(gixparse.parse(text))
    got = gixparse.flatten(gixparse.parse(composed))
    outcome_totals = {k for k in want if k.startswith("applications/") and k.endswith("/total")
                      and k.split("/")[1] not in ("new_received", "carried_over", "total_handled", "carried_forward")}
    for key, value in want.items():
        if key.startswith("applications/"):
            expected = None if value == 0 or key in outcome_totals else value
            assert got.get(key) == expected, key


def test_rows_short_of_floated_cells_keep_only_their_last_value():
    text = ("5\n（含修订 2 件）\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
            "| 规章 | 1 | 40 |\n| 行政规范性文件 | 9 | 3 | 120 |\n")
    rows = cells(text)
    assert rows[3] == [(TEXT, "规章"), (LOST, ""), (LOST, ""), (VALUE, "40")]
    assert rows[4] == [(TEXT, "行政规范性文件"), (VALUE, "9"), (VALUE, "3"), (VALUE, "120")]
    lost = markdown.read(text).rows[3].cells[1]
    assert text[lost.start : lost.end] == "5\n（含修订 2 件）"  # where its value went


def test_short_rows_without_floated_cells_are_read_as_printed():
    text = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 1 | 40 |\n"
    assert cells(text)[1] == [(TEXT, "规章"), (VALUE, "1"), (VALUE, "40")]


def test_floated_cells_in_a_report_are_flagged_never_shifted():
    import gixparse
    from tests.fixtures.documents.build import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8")
    want = gixparse.flatten(gixparse.parse(text))
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("\t信息内容") or line.startswith("信息内容"))
    rules = next(i for i, line in enumerate(lines) if line.startswith("规章\t"))
    norms = next(i for i, line in enumerate(lines) if line.startswith("行政规范性文件\t"))
    r, n = lines[rules].split("\t"), lines[norms].split("\t")
    table = ["| " + " | ".join(lines[start].strip("\t").split("\t")) + " |", "|---|---|---|---|",
             f"| {r[0]} | {r[2]} | {r[3]} |", "|---|---|---|",  # 本年制发件数 floated out
             f"| {n[0]} | {n[1]} | {n[3]} |", "|---|---|---|"]  # 本年废止件数 floated out
    floated = [r[1], "（含修订 1 件）", n[2], "（其中到期失效 1 件）"]
    composed = "\n".join(lines[:start] + floated + table + [""] + lines[norms + 1 :])
    report = gixparse.parse(composed)
    got = gixparse.flatten(report)
    for row in ("rules", "normative_documents"):
        assert got[f"active.item1/{row}/in_force"] == want[f"active.item1/{row}/in_force"]
        for col in ("issued", "repealed"):
            key = f"active.item1/{row}/{col}"
            assert got.get(key) is None, key
    # the floated cells have their own finding on their row, naming them and where their text went
    found = [(f.code, f.path) for f in report.findings if f.path and f.path.startswith("active.item1")]
    assert found == [("cell-floated", "active.item1/rules"), ("cell-floated", "active.item1/normative_documents")]
    message = next(f.message for f in report.findings if f.path == "active.item1/rules")
    assert "value cells 1, 2" in message and "（含修订 1 件）" in message


def test_markup_inside_cells_is_dropped_never_read():
    text = '| <span style="width: 149px">规章</span> | <p>12</p> | 3<br/> |\n'
    assert cells(text) == [[(TEXT, "规章"), (VALUE, "12"), (VALUE, "3")]]


def test_a_backslash_ending_a_row_is_a_hard_line_break_read_past():
    """Converters end a pipe row with Markdown's hard line break (``|\\``): the row's
    cells are as without it (it made the whole table unreadable)."""
    assert cells("| 规章 | 0 | 12 | 3 |\\\n| 行政许可 | 3 | 1\\\n") == [
        [(TEXT, "规章"), (VALUE, "0"), (VALUE, "12"), (VALUE, "3")],
        [(TEXT, "行政许可"), (VALUE, "3"), (VALUE, "1")],
    ]
    assert cells("| a \\| b | 1 |\\") == cells("| a \\| b | 1 |") == [[(TEXT, "a | b"), (VALUE, "1")]]


def test_a_report_whose_rows_end_in_backslashes_reads_as_without_them():
    import gixparse
    from gixparse.render import render
    from tests.fixtures.documents.build import EXAMPLE

    text = render(gixparse.parse(EXAMPLE.read_text(encoding="utf-8")), "markdown-pipe")
    broken = "\n".join(line + "\\" if line.startswith("|") and "---" not in line else line
                       for line in text.split("\n"))
    assert broken.count("|\\\n") > 40
    report = gixparse.parse(broken)
    assert gixparse.flatten(report) == gixparse.flatten(gixparse.parse(text))
    assert not [f for f in report.findings if f.code in ("layout-unreadable", "missing-table")]
