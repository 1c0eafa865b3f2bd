"""Space-aligned columns (readers/spaced.py): hand-made fragments of each quirk, and the
seeds' values written as pdftotext -layout prints them and read back."""

from __future__ import annotations

import pytest

from gixparse.readers import spaced
from gixparse.readers.grid import BLANK, NA, TEXT, VALUE
from gixparse.render import Quirks


def cells(text):
    return [[(c.kind, c.text) for c in row.cells] for row in spaced.read(text).rows]


def test_cells_apart_by_two_spaces_words_by_one():
    text = "信息内容        本年制发件数   本年废止件数\n规章            1              0\n结 果  3 0  7\n"
    assert cells(text) == [
        [(TEXT, "信息内容"), (TEXT, "本年制发件数"), (TEXT, "本年废止件数")],
        [(TEXT, "规章"), (VALUE, "1"), (VALUE, "0")],
        [(TEXT, "结 果"), (TEXT, "3 0"), (VALUE, "7")],  # "3 0" is not read as two values
    ]


def test_page_numbers_and_blank_lines_dropped():
    text = "规章      1   0\n\n                 - 4 -\n-3-\n   —12—\n第 2 页 共 6 页\n\n行政许可  5   2\n"
    assert cells(text) == [[(TEXT, "规章"), (VALUE, "1"), (VALUE, "0")],
                           [(TEXT, "行政许可"), (VALUE, "5"), (VALUE, "2")]]


def test_wrapped_label_lines_stay_rows_of_their_own():
    text = "    （二）部分公开（只计\n                    4     0     4\n    这一情形）\n"
    assert cells(text) == [
        [(TEXT, "（二）部分公开（只计")],
        [(VALUE, "4"), (VALUE, "0"), (VALUE, "4")],
        [(TEXT, "这一情形）")],
    ]


def test_blank_cells_placed_by_the_columns_of_the_row_above():
    text = (
        "一、本年新收申请      12     3     0     15\n"
        "二、上年结转申请      2            1     3\n"   # a gap under the second column
        "四、结转下年度        1      0     0\n"         # the last column empty
    )
    assert cells(text) == [
        [(TEXT, "一、本年新收申请"), (VALUE, "12"), (VALUE, "3"), (VALUE, "0"), (VALUE, "15")],
        [(TEXT, "二、上年结转申请"), (VALUE, "2"), (BLANK, ""), (VALUE, "1"), (VALUE, "3")],
        [(TEXT, "四、结转下年度"), (VALUE, "1"), (VALUE, "0"), (VALUE, "0"), (BLANK, "")],
    ]


def test_blank_cells_never_placed_by_the_columns_of_another_table():
    """A table's header row stands between a row and the rows of the table above it: the row's
    blanks are placed by the columns of its own table, never by those of a row across the header
    (where 0 | 12 would read as 0 | 12 | blank)."""
    text = (
        "           信息内容     上年   本年增/减   处理决定\n"
        "           行政许可     0      0           3\n"
        "信息内容   上年项目数   本年增/减   处理决定\n"
        "行政处罚                0      12\n"   # stands under 行政许可's first two columns
        "行政强制   5            0      0\n"
    )
    rows = cells(text)
    assert rows[3] == [(TEXT, "行政处罚"), (BLANK, ""), (VALUE, "0"), (VALUE, "12")]


def test_a_wrapped_label_between_rows_is_no_header():
    text = (
        "一、本年新收申请      12     3     0     15\n"
        "二、上年结转申请（跨\n"
        "                      2            1     3\n"
        "年度）\n"
    )
    assert cells(text)[2] == [(VALUE, "2"), (BLANK, ""), (VALUE, "1"), (VALUE, "3")]


def test_wide_characters_count_two_columns():
    # the values of both rows stand in the same display columns although the
    # first row's label has more characters (ASCII) than the second's (CJK)
    text = "(a) xyz abcd      7      8      9\n甲乙丙丁          5             6\n"
    assert cells(text)[1] == [(TEXT, "甲乙丙丁"), (VALUE, "5"), (BLANK, ""), (VALUE, "6")]


def test_nothing_guessed_when_values_do_not_line_up_or_stand_alone():
    text = "规章        1     0     11\n行政许可          447\n甲   3\n乙     4     5     6\n"
    rows = cells(text)
    assert rows[1] == [(TEXT, "行政许可"), (VALUE, "447")]  # one value: no blanks put around it
    assert rows[2] == [(TEXT, "甲"), (VALUE, "3")]


def test_na_marks_and_units():
    assert cells("行政许可    /    减2项   —\n") == [[(TEXT, "行政许可"), (NA, "/"), (VALUE, "减2项"), (NA, "—")]]


def test_positions_point_into_the_chunk():
    text = "标题\n  规章    12\n"
    grid = spaced.read(text, offset=10, line=4)
    label, value = grid.rows[1].cells
    assert (label.line, label.column, text[label.start:label.end]) == (2, 3, "规章")
    assert (value.line, value.column, text[value.start:value.end]) == (2, 9, "12")
    assert (grid.offset, grid.line, grid.layout) == (10, 4, "space-aligned")


@pytest.mark.parametrize(
    ("block", "claimed"),
    [
        ("规章            1          0        11", True),
        ("                    447      7        0", True),  # a row of values only
        ("                                          -1-", False),
        ("   本报告由某某局根据《条例》编制。统计期限自 2024 年 1 月 1 日至 12 月 31 日。", False),
        ("    （一）主动公开情况。2024 年，主动公开政府信息 5500 余条。", False),
        ("信息内容          本年制发件数     本年废止件数", False),
        ("规章\t1\t0", False),
    ],
)
def test_claims(block, claimed):
    assert spaced.claims(block) is claimed


def test_render_reads_back():
    rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "10", "0", "5"),
            ("行政规范性文件", "", "3", "3"), ("（一）很长的标签要折行打印在数值的上下两行里", "1", "2", "")]
    text = spaced.render(rows, Quirks(blank_lines=True, split_labels=True))
    assert cells(text)[1:] == [
        [(TEXT, "规章"), (VALUE, "10"), (VALUE, "0"), (VALUE, "5")],
        [(TEXT, "行政规范性文件"), (BLANK, ""), (VALUE, "3"), (VALUE, "3")],
        [(TEXT, "（一）很长的标签要折行")],
        [(VALUE, "1"), (VALUE, "2"), (BLANK, "")],
        [(TEXT, "打印在数值的上下两行里")],
    ]


_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
_NARROW = str.maketrans("０１２３４５６７８９", "0123456789")


def _wide_rows(seed: int) -> list[list[str]]:
    import random

    rnd = random.Random(seed)
    value = lambda: str(rnd.randint(0, 10 ** rnd.randint(0, 6))).translate(_WIDE)  # noqa: E731
    row = ["规章", *(value() for _ in range(4))]
    row[rnd.randint(1, 4)] = ""
    return [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "其他"], row,
            ["行政规范性文件", *(value() for _ in range(4))]]


@pytest.mark.parametrize("seed", range(40))
def test_full_width_digits_keep_their_display_width(seed):
    from gixparse.text import normalise

    rows = _wide_rows(seed)
    text = spaced.render(rows)
    folded = spaced.keep_wide_digits(text, normalise(text).folded)
    got = [[c.text.translate(_NARROW) for c in r.cells] for r in spaced.read(folded).rows]
    assert got == [[c.translate(_NARROW) for c in r] for r in rows]


def test_only_table_lines_keep_full_width_digits():
    text = "示例局２０２３年政府信息公开工作年度报告\n规章     １２     ０\n\t１\n"
    folded = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    assert spaced.keep_wide_digits(text, folded) == "示例局2023年政府信息公开工作年度报告\n规章     １２     ０\n\t1\n"
    assert spaced.keep_wide_digits("规章     12     0\n", "规章     12     0\n") == "规章     12     0\n"


@pytest.mark.parametrize("seed", [1, 4, 9])
def test_report_with_full_width_digits_reads_as_with_ascii_digits(seed):
    import random

    import gixparse
    from gixparse.render import Quirks, render
    from tests.fixtures.documents.build import EXAMPLE

    flat = gixparse.flatten(gixparse.parse(EXAMPLE.read_text(encoding="utf-8")))
    rnd = random.Random(seed)
    data = {k: None if v is None or rnd.random() < 0.3 else int(v) * 1000 + rnd.randint(0, 999)
            for k, v in flat.items() if k.startswith("applications/")}

    def read(fullwidth: bool) -> dict:
        text = render(data, "space-aligned", agency="示例市生态环境局", year=2023,
                      quirks=Quirks(rate=1.0, fullwidth=fullwidth))
        assert ("１" in text) is fullwidth
        return gixparse.flatten(gixparse.parse(text))

    assert read(True) == read(False)
