"""Glued text: the silent cases the property tests found, pinned with composed reports, and the
bound on the search for splits of a long digit run (placement/split.py)."""

from __future__ import annotations

import pytest

import gixparse
from gixparse.placement import split
from gixparse.render import Quirks, render

from .strategies import Case
from .test_layout_properties import _GLUED_ITEM1, _zero_report, silently_wrong

AGENCY = "东市人民政府"
SUB = "active.item5/other_services[行政检查]"


def _sub_row_case(values: tuple[int, int, int]) -> Case:
    cells = {k: v for k, v in _zero_report("2019").items() if not k.startswith("active.item5/other_services/")}
    cells.update({f"{SUB}/{c}": v for c, v in zip(("prev_items", "change", "decisions"), values, strict=True)})
    return Case({**cells, **_GLUED_ITEM1}, AGENCY, 2019, "2019", False)


def _parse(case: Case, q: Quirks | None = None) -> tuple[str, gixparse.Report]:
    q = q or Quirks()
    text = render(case.cells, "glued", agency=case.agency, year=case.year, template=case.template, quirks=q)
    return text, gixparse.parse(text)


def test_a_thousands_separator_is_never_a_sub_row_label():
    """Found by the CI profile: 行政检查0项0项1,212 was read as decisions 1 and a sub-row
    other_services[,] holding 2 | 1 | 2. The comma is inside the run, and binds the three digits
    after it: the run splits one way only, 0 | 0 | 1,212."""
    case = _sub_row_case((0, 0, 1212))
    text, report = _parse(case, Quirks(thousands=True, rate=1.0))
    assert "行政检查001,212" in text
    flat = gixparse.flatten(report)
    assert not [k for k in flat if "[," in k]
    assert silently_wrong(case, report) == {}
    assert {k: v for k, v in flat.items() if k.startswith(SUB + "/")} == {
        f"{SUB}/prev_items": 0, f"{SUB}/change": 0, f"{SUB}/decisions": 1212}


def test_a_label_broken_by_a_space_is_one_label():
    """Found by the CI profile: with labels broken where a cell wrapped, 其他对外管理服务 事项行政
    奖励23… was cut into cells at each space, and the sub-row read as other_services[奖励]."""
    case = _sub_row_case((2, 3, 4))
    text, _report = _parse(case)
    assert "其他对外管理服务事项行政检查234" in text
    report = gixparse.parse(text.replace("其他对外管理服务事项行政检查", "其他对外管理服务 事项行政 检查"))
    assert silently_wrong(case, report) == {}
    assert gixparse.flatten(report)[f"{SUB}/decisions"] == 4


def test_a_cell_padded_before_a_sub_row_label_still_reads_the_sub_row():
    case = _sub_row_case((2, 3, 4))
    text, _report = _parse(case)
    report = gixparse.parse(text.replace("其他对外管理服务事项行政检查", "其他对外管理服务事项 行政检查"))
    assert silently_wrong(case, report) == {}
    assert gixparse.flatten(report)[f"{SUB}/decisions"] == 4


# --- the search bound (issue 11) ----------------------------------------------------------------------


def test_a_long_run_ends_the_search_without_trying_every_length():
    """800 digits: every step of the search tried tokens of every length (~8 s in table 四);
    a value longer than any cell holds is not tried, and the row is open."""
    run = "5" * 800
    for n, groups in ((15, (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14))),
                      (7, (((0, 1, 2, 3, 4, 5), 6),)), (3, ())):
        with pytest.raises(split.TooMany):
            split.split_runs([run], n, groups)


def test_a_value_longer_than_a_cell_holds_opens_the_row_never_a_guess():
    """1 and 26 zeros: the one split into three values needs a 25-digit number; the search does
    not go that far, so the row is open rather than read from the readings short of it."""
    with pytest.raises(split.TooMany):
        split.split_runs(["1" + "0" * 26], 3)
    with pytest.raises(split.TooMany):
        big = "1" + "0" * 25  # a first value and a total of 26 digits, the rest 0
        split.split_runs([big + "00000" + big], 7, (((0, 1, 2, 3, 4, 5), 6),))


def _texts(segments: list[str], readings: list[split.Reading]) -> list[tuple[str, ...]]:
    return sorted(tuple(segments[s][a:b] for s, a, b in r) for r in readings)


def test_values_within_the_cap_are_still_split():
    run = "1" + "0" * 19  # the one split: an 18-digit number, 0, 0
    assert _texts([run], split.split_runs([run], 3)) == [("1" + "0" * 17, "0", "0")]
    segs = ["230", "000023"]
    app = (((0, 1, 2, 3, 4, 5), 6),)
    assert _texts(segs, split.split_runs(segs, 7, app)) == [("23", "0", "0", "0", "0", "0", "23")]


def test_a_long_run_in_a_glued_report_is_flagged():
    case = _sub_row_case((2, 3, 4))
    text, _report = _parse(case)
    report = gixparse.parse(text.replace("其他对外管理服务事项行政检查234", "其他对外管理服务事项行政检查" + "7" * 800))
    assert SUB in {f.path for f in report.findings if f.code == "glued-unsplit"}
    assert silently_wrong(case, report).keys() <= {f"{SUB}/{c}" for c in ("prev_items", "change", "decisions")}


def test_thousands_separators_bind_a_number_when_printed():
    """A comma binds the three digits after it into one number (01,016 is 0 and 1,016); without
    ``printed`` a run with a comma has no reading (the row is open, never read short)."""
    assert _texts(["01,016", "28"], split.split_runs(["01,016", "28"], 3, printed=True)) == [("0", "1,016", "28")]
    assert split.split_runs(["01,016", "28"], 3) == []
    assert _texts(["1,2120"], split.split_runs(["1,2120"], 2, printed=True)) == [("1,212", "0")]
    assert split.split_runs(["1,21"], 2, printed=True) == []  # a group of two digits is no group
    segs = ["0", "-1,016", "28"]
    assert _texts(segs, split.split_runs(segs, 3, signed=[False, True, False], printed=True)) == [
        ("0", "-1,016", "28")]
    run = "1,0002,0003,000"  # 1,000 + 2,000 = 3,000
    assert _texts([run], split.split_runs([run], 3, (((0, 1), 2),), printed=True)) == [("1,000", "2,000", "3,000")]
    assert split.number("1,212") == 1212


@pytest.mark.parametrize(("printed", "row"), [("行政许可000", "active.item5/licensing"),
                                              ("规章000", "active.item1/rules")])
def test_a_label_on_a_line_of_its_own_is_a_row_of_blanks(printed, row):
    """Found here: a row printed with every cell blank (its label alone on its line) took the
    next row's values (行政许可 / 其他对外管理服务事项000 read licensing 0 0 0, no finding)."""
    case = _sub_row_case((2, 3, 4))
    text, _report = _parse(case)
    assert printed in text
    blank = Case({k: (None if k.startswith(row + "/") else v) for k, v in case.cells.items()}, AGENCY, 2019, "2019",
                 False)
    report = gixparse.parse(text.replace(printed, printed.rstrip("0") + "\n"))
    assert silently_wrong(blank, report) == {}
    assert ("missing-row", row) in {(f.code, f.path) for f in report.findings}


@pytest.mark.parametrize(("values", "q"), [(("/", 3, 0), Quirks(sign_words=True, rate=1.0)), (("无", 3, 0), None),
                                           (("/", "无", 7), None), (("不适用", -4, 2), None)])
def test_a_mark_glued_to_a_sub_row_label_is_not_its_label(values, q):
    """Found by the dev profile: 行政检查/+30 (a mark, +3, 0) was read as a sub-row 行政检查/+ and
    行政检查无30 as 行政检查无: other_services[行政检查] lost with no finding on it."""
    case = _sub_row_case((0, 0, 0))
    case = case._replace(cells={**case.cells, **dict(zip((f"{SUB}/prev_items", f"{SUB}/change", f"{SUB}/decisions"),
                                                           values, strict=True))})
    _text, report = _parse(case, q)
    assert silently_wrong(case, report) == {}
    assert not [k for k in gixparse.flatten(report) if "other_services[" in k and SUB not in k]


def test_sign_words_open_a_signed_number_when_printed():
    """增 and 减 on 本年增/减 (0增37, 0减25) open a signed value where the form holds one, and only
    when the caller reads numbers as printed (split.number gives their value)."""
    signed = [False, True, False]
    assert _texts(["0减25"], split.split_runs(["0减25"], 3, signed=signed, printed=True)) == [("0", "减2", "5")]
    assert split.split_runs(["0减25"], 3, signed=signed) == []
    assert split.split_runs(["0减25"], 3, printed=True) == []  # no signed column: no reading
    assert split.split_runs(["0减05"], 3, signed=signed, printed=True) == []  # 减0 is no number
    assert (split.number("减25"), split.number("增9"), split.number("增1,000")) == (-25, 9, 1000)


@pytest.mark.parametrize(("printed", "values"), [("行政检查9增3721", (9, 37, 21)), ("行政检查增3721", (None, 37, 21)),
                                                 ("行政检查/减37", ("/", -3, 7))])
def test_a_sign_word_stays_inside_the_run(printed, values):
    """A sign word before the digits of a value (行政裁决9增3721) is the run's, never a row label 增
    nor the end of the sub-row's label (行政检查增3721 with its first cell blank)."""
    case = _sub_row_case((0, 0, 0))
    case = case._replace(cells={**case.cells, **dict(zip((f"{SUB}/prev_items", f"{SUB}/change", f"{SUB}/decisions"),
                                                           values, strict=True))})
    text, _report = _parse(case)
    plain = printed.replace("增", "").replace("减", "-")
    assert plain in text
    report = gixparse.parse(text.replace(plain, printed))
    assert silently_wrong(case, report) == {}
    assert not [k for k in gixparse.flatten(report) if "other_services[" in k and SUB not in k]
