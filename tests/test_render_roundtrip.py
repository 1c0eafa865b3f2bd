"""Round trips: render report data in a layout with random quirks, parse it back.

The property: ``flatten(parse(render(data)))`` is the data (same keys, same
values, blank and NA cells None), and agency, year and form come back. Reports
that break the form's identities are generated too: their values must still come
back exactly, with findings from the checks only. Also ``from_json(to_json(r)) == r``.

Example counts follow the hypothesis profile from conftest.py (``ci``: 250 per
layout; ``dev``: 50); these tests never set ``max_examples`` themselves.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import gixparse
from gixparse.codes import CODES
from gixparse.render import Quirks, build_document, layout_renderer, render

from .conftest import EXAMPLES
from .strategies import Case, cases, models, quirks

LAYOUTS = ("tab-rows", "cell-per-line")

# Findings a rendered report may carry: those of the checks (identities, counts).
# Anything else (a row not placed, a ragged row, a missing section) is a misreading.
CHECK_CODES = frozenset(code for code, spec in CODES.items() if spec.stage == "check")

_SAMPLE = EXAMPLES / "sample-2023-tab-rows.txt"


def _parse_rendered(case: Case, layout: str, q: Quirks) -> tuple[str, gixparse.Report]:
    text = render(case.cells, layout, agency=case.agency, year=case.year, template=case.template, quirks=q)
    return text, gixparse.parse(text)


def _assert_round_trip(case: Case, layout: str, q: Quirks) -> None:
    text, report = _parse_rendered(case, layout, q)
    assert (report.agency, report.year, report.template) == (case.agency, case.year, case.template), text[:200]
    flat = gixparse.flatten(report)
    expected = case.flat()
    diff = {k: (flat.get(k, "MISSING"), expected.get(k, "MISSING"))
            for k in flat.keys() | expected.keys() if flat.get(k, "MISSING") != expected.get(k, "MISSING")}
    assert diff == {}
    assert {t.layout for t in report.tables.values()} == {layout}
    assert sorted(report.sections) == sorted(
        ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"])
    stray = [(f.code, f.path, f.message) for f in report.findings if f.code not in CHECK_CODES]
    assert stray == []
    if case.consistent:
        assert [f for f in report.findings if f.severity == gixparse.Severity.ERROR] == []


# A case that keeps every identity, with no quirks: the plainest text there is.
_PLAIN_2019 = Case(
    cells={
        **{f"active.item1/{r}/{c}": 1 for r in ("rules", "normative_documents")
           for c in ("new_made", "new_published", "total_published")},
        **{f"active.item5/{r}/{c}": v for r in ("licensing", "other_services")
           for c, v in (("prev_items", 3), ("change", -1), ("decisions", 31807))},
        **{f"active.item6/{r}/{c}": v for r in ("penalty", "coercion")
           for c, v in (("prev_items", 3), ("change", 2), ("decisions", 0))},
        "active.item8/fees/prev_items": 0, "active.item8/fees/change": 0,
        "active.item9/procurement/projects": 132, "active.item9/procurement/amount": 545.1896,
        **{f"applications/{r}/{c}": 0 for r in gixparse.forms.application_rows("2019")
           for c in gixparse.forms.APPLICATION_COLUMNS},
        **{f"review/{r}/{c}": 0 for r in gixparse.forms.REVIEW_ROWS for c in gixparse.forms.REVIEW_COLUMNS},
    },
    agency="东山县生态环境局", year=2020, template="2019", consistent=True,
)


@pytest.mark.parametrize("layout", LAYOUTS)
@given(case=cases(), q=quirks())
@example(case=_PLAIN_2019, q=Quirks())
@example(case=_PLAIN_2019, q=Quirks.all(seed=7, rate=1.0))
def test_render_parse_flatten_round_trip(layout, case, q):
    _assert_round_trip(case, layout, q)


@pytest.mark.parametrize("layout", LAYOUTS)
@given(case=cases(consistent=True), q=quirks())
def test_consistent_reports_parse_without_errors(layout, case, q):
    _text, report = _parse_rendered(case, layout, q)
    assert gixparse.flatten(report) == case.flat()
    assert [(f.code, f.path) for f in report.findings if f.severity == gixparse.Severity.ERROR] == []


@given(case=cases(), q=quirks(), layout=st.sampled_from(LAYOUTS))
def test_json_round_trip_of_parsed_reports(case, q, layout):
    _text, report = _parse_rendered(case, layout, q)
    assert gixparse.from_json(gixparse.to_json(report)) == report


@given(report=models)
def test_json_round_trip_of_any_model(report):
    assert gixparse.from_json(gixparse.to_json(report)) == report


_REVIEW_ZEROS = {f"review/{r}/{c}": 0 for r in gixparse.forms.REVIEW_ROWS for c in gixparse.forms.REVIEW_COLUMNS}


def test_tab_rows_blank_first_review_cell():
    cells = {**_REVIEW_ZEROS, "review/reconsideration/upheld": None}
    text = render(cells, "tab-rows", agency="东市人民政府", year=2019)
    assert "\n" + "\t" + "\t".join(["0"] * 14) + "\n" in text  # the value row: a blank, then 14 zeros
    flat = gixparse.flatten(gixparse.parse(text))
    assert {k: v for k, v in flat.items() if k.startswith("review/")} == {k: cells[k] for k in _REVIEW_ZEROS}


def test_cell_per_line_blank_first_review_cell():
    cells = {**_REVIEW_ZEROS, "review/reconsideration/upheld": None}
    flat = gixparse.flatten(gixparse.parse(render(cells, "cell-per-line", agency="东市人民政府", year=2019)))
    assert {k: v for k, v in flat.items() if k.startswith("review/")} == {k: cells[k] for k in _REVIEW_ZEROS}


def test_json_round_trip_of_a_tiny_decimal():
    from decimal import Decimal

    report = gixparse.Report(None, None, None, None, findings=(
        gixparse.Finding("I1-balance", gixparse.Severity.ERROR, "m", "applications", expected=Decimal("1.5E-400")),))
    assert gixparse.from_json(gixparse.to_json(report)) == report


# --- the renderer itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_bundled_example_renders_back_to_its_numbers(layout):
    report = gixparse.parse(_SAMPLE.read_text(encoding="utf-8"))
    again = gixparse.parse(render(report, layout, quirks=Quirks.all(seed=11, rate=0.5)))
    assert gixparse.flatten(again) == gixparse.flatten(report)
    assert (again.agency, again.year, again.template) == (report.agency, report.year, report.template)


def test_document_shape():
    case = _PLAIN_2019
    text = render(case.cells, "tab-rows", agency=case.agency, year=case.year)
    lines = text.splitlines()
    assert lines[0] == "东山县生态环境局2020年政府信息公开工作年度报告"
    headings = [ln for ln in lines if re.match(r"^[一二三四五六]、", ln) and "\t" not in ln]
    assert headings == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]
    assert "第二十条第（九）项\t\t" in text  # the 2019 form's item 9, its title row padded to the table
    assert "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0" in text
    assert "三、本年度办理结果\t（一）予以公开\t0" in text
    assert "\n" + "\t".join(["0"] * 15) + "\n" in text  # table 四: one row of 15 values
    blocks = build_document(case.cells, agency=case.agency, year=case.year)
    review = blocks[-5]
    assert review.id == "review" and len(review.rows[-1]) == 15


def test_2021_form_labels():
    text = render({"active.item8/fees/amount": 12.5, "applications/other_other/total": 1}, "tab-rows",
                  agency="示例市教育局", year=2023)
    assert "本年收费金额（单位：万元）" in text and "行政事业性收费\t12.5" in text
    assert "\t（六）其他处理\t1.申请人无正当理由逾期不补正" in text and "\t\t3.其他\t" in text
    assert "第二十条第（九）项" not in text and "本年新制作数量" not in text


def test_cell_per_line_shape_and_split_labels():
    case = _PLAIN_2019
    plain = render(case.cells, "cell-per-line", agency=case.agency, year=case.year)
    assert "\n\t规章\n\t1\n\t1\n\t1\n\n" in plain
    split = render(case.cells, "cell-per-line", agency=case.agency, year=case.year,
                   quirks=Quirks(seed=1, rate=1.0, split_labels=True))
    body = split.split("二、主动公开政府信息情况", 1)[1]
    continuation = [ln for ln in body.splitlines() if ln and not ln.startswith("\t") and not re.match("^[一二三四五六]、", ln)
                    and "统计如下" not in ln]
    assert len(continuation) > 20  # labels do go over lines
    assert gixparse.flatten(gixparse.parse(split)) == case.flat()


def test_quirks_show_in_the_text():
    case = _PLAIN_2019
    text = render(case.cells, "tab-rows", agency=case.agency, year=case.year, quirks=Quirks.all(seed=5, rate=1.0))
    assert text.startswith("附件")
    assert re.search(r"[０-９]", text)  # full-width digits
    assert re.search(r"(?:减|-)[1１]项?", text)  # 本年增/减 of -1
    assert re.search(r"[３3][１1],?[８8][０0][７7][件宗项]", text)  # 31,807 with separator and unit
    assert "规 章" in text  # spaces inside labels
    assert "\n \n" in text or "\n\n\n" in text or "\n  \n" in text  # extra blank lines between rows
    assert gixparse.flatten(gixparse.parse(text)) == case.flat()


def test_quirks_are_reproducible_from_the_seed():
    case = _PLAIN_2019
    a = render(case.cells, "cell-per-line", agency=case.agency, year=case.year, quirks=Quirks.all(seed=9))
    b = render(case.cells, "cell-per-line", agency=case.agency, year=case.year, quirks=Quirks.all(seed=9))
    c = render(case.cells, "cell-per-line", agency=case.agency, year=case.year, quirks=Quirks.all(seed=10))
    assert a == b != c


def test_units_never_contradict_the_header():
    # the 2021 form states 万元 in the header: an amount may carry 万元, never 元
    for seed in range(30):
        text = render({"active.item8/fees/amount": 3}, "tab-rows", year=2022, agency="示例市财政局",
                      quirks=Quirks(seed=seed, rate=1.0, units=True))
        assert re.search(r"行政事业性收费\t3(?:万元)?\n", text), text


def test_unknown_keys_and_layouts_are_refused():
    with pytest.raises(ValueError, match="not on the 2021 form"):
        render({"active.item9/procurement/amount": 1}, year=2022, agency="示例市财政局")
    with pytest.raises(ValueError, match="neither a number"):
        render({"review/reconsideration/total": "seven"}, year=2022, agency="示例市财政局")
    with pytest.raises(ValueError, match="no layout 'nope'"):
        layout_renderer("nope")
