"""Sections, tables and titles found in spite of their headings (composed reports, our own agency)."""

from __future__ import annotations

import pytest

import gixparse
from gixparse.render import SECTION_HEADINGS, Heading, build_document, render_blocks
from gixparse.sections import find_sections
from gixparse.text import normalise

from .conftest import EXAMPLES

SAMPLE = gixparse.parse((EXAMPLES / "sample-2023-tab-rows.txt").read_text(encoding="utf-8"))
TRUTH = gixparse.flatten(SAMPLE)
REVIEW = {k: v for k, v in TRUTH.items() if k.startswith("review/")}
APPLICATIONS = {k: v for k, v in TRUTH.items() if k.startswith("applications/")}
ACTIVE = {k: v for k, v in TRUTH.items() if k.startswith("active.")}


def _text(layout: str = "tab-rows", *, one_line: bool = False, **headings: str) -> str:
    """The sample report in ``layout`` with some section headings printed otherwise
    (``review_litigation="…"``; an empty string drops the heading), optionally with
    every line run together as a crawler's page text."""
    printed = {SECTION_HEADINGS[sid]: text for sid, text in headings.items()}
    blocks = []
    for block in build_document(SAMPLE):
        if isinstance(block, Heading) and block.text in printed:
            if not printed[block.text]:
                continue
            block = Heading(printed[block.text])
        blocks.append(block)
    text = render_blocks(blocks, layout)
    return " ".join(line for line in text.split("\n") if line.strip()) if one_line else text


CLEAN_GLUED = gixparse.parse(_text("glued", one_line=True))


def _codes(report: gixparse.Report) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in report.findings}


def _part(report: gixparse.Report, prefix: str) -> dict:
    return {k: v for k, v in gixparse.flatten(report).items() if k.startswith(prefix)}


def test_the_sample_renders_back_to_itself():
    report = gixparse.parse(_text("glued", one_line=True))
    assert _part(report, "review/") == REVIEW
    assert not {c for c, _ in _codes(report)} & {"section-heading-inexact", "section-found-by-table"}


# --- a heading with a typo or an inserted character --------------------------------------------------


@pytest.mark.parametrize("heading", ["四、政府信息公开行政复义、行政诉讼情况",  # a changed character
                                     "四、政府信息公开行政法复议、行政诉讼情况",  # an inserted one
                                     "四、政府信息公开行政复议、行政诉情况"])  # a lost one
def test_a_heading_with_a_typo_in_run_together_text_is_found(heading):
    report = gixparse.parse(_text("glued", one_line=True, review_litigation=heading))
    assert _part(report, "review/") == REVIEW
    assert _part(report, "applications/") == APPLICATIONS  # table 三 ends where 四 begins
    assert ("section-heading-inexact", "sections/review_litigation") in _codes(report)
    assert ("missing-section", "sections/review_litigation") not in _codes(report)
    inexact = next(f for f in report.findings if f.code == "section-heading-inexact")
    assert inexact.severity == gixparse.Severity.INFO and "行政复议、行政诉讼情况" in inexact.message
    section = report.sections["review_litigation"]
    assert section.heading.replace(" ", "") == heading.replace(" ", "")
    assert section.text == CLEAN_GLUED.sections["review_litigation"].text


def test_a_heading_spaced_out_is_found_without_a_finding():
    report = gixparse.parse(_text("glued", one_line=True, review_litigation="四、政府信息公开行政复议、行政 诉 讼情况"))
    assert _part(report, "review/") == REVIEW
    assert report.sections["review_litigation"].heading == "四、政府信息公开行政复议、行政 诉 讼情况"
    assert not {c for c, _ in _codes(report)} & {"section-heading-inexact", "missing-section"}


def test_a_heading_with_a_typo_on_its_own_line_is_found():
    report = gixparse.parse(_text(problems="五、存在的主要问提及改进情况"))
    assert report.sections["problems"].heading == "五、存在的主要问提及改进情况"
    assert ("section-heading-inexact", "sections/problems") in _codes(report)
    assert gixparse.flatten(report) == TRUTH


def test_other_matters_heading_without_one_character():
    text = "示例县水利局2023年政府信息公开工作年度报告 一、总体情况 概述。 五、存在的主要问题及改进情况 无。 六、其他需报告的事项 无。"
    layout = find_sections(normalise(text))
    assert layout.sections["other_matters"].heading == "六、其他需报告的事项"
    assert layout.sections["other_matters"].text == "无。"


def test_a_look_alike_heading_inside_prose_is_not_a_heading():
    prose = "本机关收到的复议申请见第四、政府信息公开行政复义、行政诉讼情况一节。"
    text = _text("glued", one_line=True, review_litigation="").replace("五、存在的主要问题", prose + " 五、存在的主要问题")
    report = gixparse.parse(text)
    assert "section-heading-inexact" not in {c for c, _ in _codes(report)}
    assert ("section-found-by-table", "sections/review_litigation") in _codes(report)
    assert report.sections["review_litigation"].heading == ""
    assert report.sections["review_litigation"].text.endswith(prose)  # the prose stays in the section's text


def test_an_inexact_heading_numbered_out_of_place_is_not_taken():
    # 七、 after 三、: neither the form's number for 四 nor the number after the heading before it
    report = gixparse.parse(_text("glued", one_line=True, review_litigation="七、政府信息公开行政复义、行政诉讼情况"))
    assert "section-heading-inexact" not in {c for c, _ in _codes(report)}
    assert _part(report, "review/") == REVIEW  # the table is still found, by its own header words
    assert ("section-found-by-table", "sections/review_litigation") in _codes(report)


def test_an_inexact_heading_following_a_shifted_numbering_is_taken():
    # a report that numbers its sections one on (三、主动公开 …): 五、 follows 四、 for section 三
    shifted = {"active_disclosure": "三、主动公开政府信息情况", "applications": "四、收到和处理政府信息公开申请情况",
               "review_litigation": "五、政府信息公开行政复义、行政诉讼情况", "problems": "六、存在的主要问题及改进情况",
               "other_matters": "七、其他需要报告的事项"}
    report = gixparse.parse(_text("glued", one_line=True, **shifted))
    assert ("section-heading-inexact", "sections/review_litigation") in _codes(report)
    assert report.sections["review_litigation"].heading == shifted["review_litigation"]
    assert _part(report, "review/") == REVIEW


def test_table_rows_numbered_like_sections_are_not_headings():
    # table 三's own rows 一、本年新收… 四、结转下年度继续办理 stay rows of the table
    report = gixparse.parse(_text("glued", one_line=True))
    assert report.sections["review_litigation"].heading == SECTION_HEADINGS["review_litigation"]
    assert _part(report, "applications/") == APPLICATIONS


# --- a section whose heading is lost: its table found by the table's own header words ------------------


LINE_LAYOUTS = ("tab-rows", "cell-per-line", "cell-per-line-dropped-blanks", "markdown-pipe", "space-aligned",
                "box-drawing")


@pytest.mark.parametrize("sid", ["active_disclosure", "applications", "review_litigation"])
@pytest.mark.parametrize("layout", LINE_LAYOUTS)
def test_a_table_found_by_its_header_words(layout, sid):
    report = gixparse.parse(_text(layout, **{sid: ""}))
    assert gixparse.flatten(report) == TRUTH
    found = [f for f in report.findings if f.code == "section-found-by-table"]
    assert [(f.path, f.severity) for f in found] == [(f"sections/{sid}", gixparse.Severity.WARNING)]
    assert found[0].line is not None
    assert ("missing-section", f"sections/{sid}") not in _codes(report)
    assert report.sections[sid].heading == ""


def test_review_table_found_by_its_header_words_in_run_together_text():
    report = gixparse.parse(_text("glued", one_line=True, review_litigation=""))
    assert _part(report, "review/") == REVIEW
    assert _part(report, "applications/") == APPLICATIONS
    found = next(f for f in report.findings if f.code == "section-found-by-table")
    assert found.path == "sections/review_litigation" and "复议后起诉" in found.message


def test_applications_table_found_by_its_header_words_in_run_together_text():
    report = gixparse.parse(_text("glued", one_line=True, applications=""))
    assert _part(report, "applications/") == APPLICATIONS
    assert ("section-found-by-table", "sections/applications") in _codes(report)


def test_a_row_of_table_three_is_not_taken_for_its_heading():
    # with 三's heading lost, 一、本年新收政府信息公开申请数量 is the first line holding 三's words; it is a row
    # of the table, printed after the table's header: the table, not that row, starts the section
    report = gixparse.parse(_text("tab-rows", applications=""))
    found = next(f for f in report.findings if f.code == "section-found-by-table")
    assert "一、本年新收政府信息公开申请数量" in found.message
    assert gixparse.flatten(report) == TRUTH


def test_every_table_section_without_a_heading():
    report = gixparse.parse(_text("tab-rows", active_disclosure="", applications="", review_litigation=""))
    assert gixparse.flatten(report) == TRUTH
    assert {p for c, p in _codes(report) if c == "section-found-by-table"} == {
        "sections/active_disclosure", "sections/applications", "sections/review_litigation"}


def test_a_section_with_neither_heading_nor_table_is_still_missing():
    text = _text("tab-rows", review_litigation="")
    start = text.index("行政复议\t")
    text = text[:start] + text[text.index("五、"):]
    report = gixparse.parse(text)
    assert ("missing-section", "sections/review_litigation") in _codes(report)
    assert ("missing-table", "review") in _codes(report)
    assert "section-found-by-table" not in {c for c, _ in _codes(report)}


# --- a table section ends at the next number in sequence ------------------------------------------------


def test_review_ends_at_the_next_number_when_its_heading_is_not_the_forms():
    text = _text("glued", one_line=True, problems="五、当前工作中的不足之处")
    report = gixparse.parse(text)
    assert _part(report, "review/") == REVIEW
    assert ("missing-section", "sections/problems") in _codes(report)
    assert "不足之处" not in report.sections["review_litigation"].text


def test_applications_do_not_end_at_their_own_numbered_rows():
    # table 三 numbers its rows 一、… 四、: with 四's heading unknown, 三 keeps its 四、结转下年度继续办理
    text = _text("glued", one_line=True, review_litigation="四、复议和诉讼")
    report = gixparse.parse(text)
    assert _part(report, "applications/") == APPLICATIONS
    assert _part(report, "review/") == REVIEW


# --- titles wrapped inside the form's words ---------------------------------------------------------------


@pytest.mark.parametrize("title, agency", [
    ("2023 年示例市水务局政府信息公开\n工作年度报告", "示例市水务局"),
    ("示例市水务局2023年政府信息\n公开工作年度报告", "示例市水务局"),
    ("示例市水务局2023年政府信息公开工作\n年度报告", "示例市水务局"),
    ("示例市水务局\n2023年政府信息公开工作年度报告", "示例市水务局"),
])
def test_title_wrapped_inside_the_forms_words(title, agency):
    layout = find_sections(normalise(f"{title}\n\n一、总体情况\n本年度工作概述。\n"))
    assert (layout.agency, layout.year) == (agency, 2023)


def test_a_form_word_is_never_the_agency():
    layout = find_sections(normalise("本报告如下。\n工作年度报告\n一、总体情况\n2023年概述。\n"))
    assert layout.agency is None
    assert ("agency-unknown", "meta/agency") in {(f.code, f.path) for f in layout.findings}


def test_a_heading_whose_numbering_lost_its_mark():
    text = ("示例县水利局2023年政府信息公开工作年度报告 根据条例编制。一总体情况2023年，本局推进公开。一是完善制度。"
            "二、主动公开政府信息情况 见下表。")
    layout = find_sections(normalise(text))
    assert layout.sections["overview"].heading == "一总体情况"
    assert layout.sections["overview"].text == "2023年，本局推进公开。一是完善制度。"
    assert ("section-heading-inexact", "sections/overview") in {(f.code, f.path) for f in layout.findings}


def test_a_bare_number_needs_the_exact_heading_in_its_place():
    # 三 before 主动公开…: not the number of section 二, and a typo'd heading needs its 、
    layout = find_sections(normalise("示例县水利局2023年报告 。三主动公开政府信息情况 。一总休情况 概述。"))
    assert "active_disclosure" not in layout.sections and "overview" not in layout.sections
