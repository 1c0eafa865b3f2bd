"""Invalid and adversarial input: the corpus in tests/invalid/ and fuzzing of the bundled example.

Each file in ``tests/invalid/`` holds one kind of bad input, composed for these tests (from the
fictional example ``examples/sample-2023-tab-rows.txt`` or by hand; no real report text). For each,
the test states the exact findings expected (code and path, and line and column where the finding
has a place), which values change against the clean example (everything else must read exactly as
in the clean example: nothing silently wrong), and what ``parse(strict=True)`` raises.

A library bug this corpus finds is pinned as ``xfail(strict=True)`` with the reason until it is
fixed, then its expectation becomes a plain assertion (the five found so far are fixed).
"""

from __future__ import annotations

import random
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import gixparse
from gixparse.cli import main
from gixparse.codes import CODES

from .conftest import EXAMPLES

INVALID = Path(__file__).resolve().parent / "invalid"
SAMPLE_TEXT = (EXAMPLES / "sample-2023-tab-rows.txt").read_bytes().decode("utf-8")
SAMPLE_LINES = SAMPLE_TEXT.split("\n")
BASE = gixparse.flatten(gixparse.parse(SAMPLE_TEXT))
ABSENT = "absent"

NO_SECTIONS = {("missing-section", f"sections/{s}") for s in
               ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters")}
NOTHING_READ = NO_SECTIONS | {("missing-table", "active"), ("missing-table", "applications"),
                              ("missing-table", "review"), ("agency-unknown", "meta/agency"),
                              ("year-unknown", "meta/year")}


def corpus_text(name: str) -> str:
    """A corpus file as written: bytes decoded, no newline translation (keeps \\r, NUL, controls)."""
    return (INVALID / name).read_bytes().decode("utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based number of the one line of ``text`` (split at \\n) holding ``needle``."""
    hits = [i + 1 for i, line in enumerate(text.split("\n")) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def column_of(text: str, needle: str) -> int:
    line = text.split("\n")[line_of(text, needle) - 1]
    return line.index(needle) + 1


def diff(report: gixparse.Report) -> dict:
    """Canonical keys whose value differs from the clean example (ABSENT when not read at all)."""
    flat = gixparse.flatten(report)
    return {k: flat.get(k, ABSENT) for k in sorted(set(BASE) | set(flat)) if BASE.get(k, ABSENT) != flat.get(k, ABSENT)}


def found(report: gixparse.Report, *, skip: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in report.findings if f.code not in skip}


# Findings about rows that were *not* used: they cannot speak for a value that was.
_NOT_USED = {"unplaced-row", "unknown-item", "subtotal-row"}


def covered(report: gixparse.Report, key: str) -> bool:
    """Whether a finding speaks for the cell ``key``: a finding on the cell, its row, its table (table 四's
    values are one sequence), or a cell of its row."""
    row = key.rsplit("/", 1)[0]
    return any(key == f.path or key.startswith(f.path + "/") or f.path.startswith(row + "/")
               for f in report.findings if f.code not in _NOT_USED)


def unread(prefixes: list[str]) -> dict:
    return {k: ABSENT for k in BASE if any(k.startswith(p + "/") for p in prefixes)}


def assert_consistent(report: gixparse.Report) -> None:
    """What holds for every report: registered finding codes and an exact JSON round trip."""
    for f in report.findings:
        assert f.code in CODES, f.code
    assert gixparse.from_json(gixparse.to_json(report)) == report


# --- text files: exact findings, exact values -----------------------------------------------------

_GRANTED = "三、本年度办理结果\t（一）予以公开"


def test_empty_and_whitespace_only_read_nothing_and_say_so():
    for text in ("", corpus_text("empty.txt"), corpus_text("whitespace-only.txt"), "\n" * 1000, "\t" * 1000):
        report = gixparse.parse(text)
        assert found(report) == NOTHING_READ
        assert (report.title, report.agency, report.year, report.template) == (None, None, None, None)
        assert gixparse.flatten(report) == {} and report.tables == {}
        assert_consistent(report)
        with pytest.raises(gixparse.GixparseError) as err:
            gixparse.parse(text, strict=True)
        assert err.value.code == "missing-table"
        assert (err.value.line, err.value.column) == (1, 1)  # nothing could be read: the start of the input


def test_whitespace_only_file_keeps_its_carriage_returns():
    assert "\r\n" in corpus_text("whitespace-only.txt")  # the corpus reader does not translate newlines


def test_truncated_in_table_two():
    report = gixparse.parse(corpus_text("truncated-mid-table2.txt"))
    assert found(report) == {
        *{("missing-section", f"sections/{s}") for s in ("applications", "review_litigation", "problems",
                                                         "other_matters")},
        ("missing-table", "active.item5"), ("missing-table", "active.item6"), ("missing-table", "active.item8"),
        ("missing-table", "applications"), ("missing-table", "review"),
    }
    assert diff(report) == unread(["active.item5", "active.item6", "active.item8", "applications", "review"])
    assert gixparse.flatten(report)["active.item1/normative_documents/in_force"] == 12


def test_truncated_in_table_three_keeps_the_rows_before_the_cut_and_flags_the_cut_row():
    text = corpus_text("truncated-mid-table3.txt")
    report = gixparse.parse(text)
    cut = line_of(text, "（二）部分公开")
    missing_rows = {"withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
                    "withheld_third_party_rights", "withheld_internal_affairs", "withheld_process_info",
                    "withheld_enforcement_files", "withheld_query_matters", "unavailable_not_held",
                    "unavailable_needs_creation", "unavailable_still_unclear", "not_processed_complaint",
                    "not_processed_repeated", "not_processed_publication", "not_processed_excessive",
                    "not_processed_confirmation", "other_no_correction", "other_unpaid_fee", "other_other",
                    "total_handled", "carried_forward"}
    assert found(report) == {
        ("row-too-few-values", "applications/partially_granted"), ("I2-row-total", "applications/partially_granted"),
        ("missing-table", "review"),
        *{("missing-section", f"sections/{s}") for s in ("review_litigation", "problems", "other_matters")},
        *{("missing-row", f"applications/{r}") for r in missing_rows},
    }
    ragged = next(f for f in report.findings if f.code == "row-too-few-values")
    assert (ragged.line, ragged.column) == (cut, 1)
    expected = unread([f"applications/{r}" for r in missing_rows] + ["review"])
    expected.update({f"applications/partially_granted/{c}": None
                     for c in ("commercial", "research", "social_welfare", "legal_services", "other_org")})
    expected["applications/partially_granted/total"] = 1  # the last printed value, read as 总计: flagged
    assert diff(report) == expected
    assert gixparse.flatten(report)["applications/granted/total"] == 25


@pytest.mark.parametrize("name", ["table3-missing.txt", "table3-headers-only.txt"])
def test_table_three_absent_under_its_heading(name):
    report = gixparse.parse(corpus_text(name))
    assert found(report) == {("missing-table", "applications")}
    assert "applications" in report.sections
    assert diff(report) == unread(["applications"])
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(corpus_text(name), strict=True)
    assert (err.value.code, err.value.line, err.value.column) == ("missing-table", 1, 1)  # no place of its own: the start


def test_section_three_missing_with_its_table():
    report = gixparse.parse(corpus_text("section3-missing.txt"))
    assert found(report) == {("missing-table", "applications"), ("missing-section", "sections/applications")}
    assert diff(report) == unread(["applications"])


def test_item_table_with_only_headers():
    report = gixparse.parse(corpus_text("item1-headers-only.txt"))
    assert found(report) == {("missing-table", "active.item1")}
    assert [f.severity for f in report.findings] == [gixparse.Severity.ERROR]
    assert diff(report) == unread(["active.item1"])


def test_review_table_with_only_headers():
    report = gixparse.parse(corpus_text("review-headers-only.txt"))
    assert found(report) == {("missing-table", "review")}
    assert diff(report) == unread(["review"])


# One value too few / too many, in each layout that has cell boundaries. The row of （一）予以公开
# is the one changed; (file, label as printed on the row's line, findings, changed values, strict code).
_TOO_FEW = {"applications/granted/other_org": None}
_TOO_MANY = {"applications/granted/social_welfare": 1, "applications/granted/legal_services": 0}
_TOO_MANY_FINDINGS = {("row-too-many-values", "applications/granted"),
                      ("I3-outcome-total", "applications/total_handled/social_welfare"),
                      ("I3-outcome-total", "applications/total_handled/legal_services")}
RAGGED = [
    ("tab-rows-too-few.txt", _GRANTED, {("row-too-few-values", "applications/granted")}, _TOO_FEW, None),
    ("tab-rows-too-many.txt", _GRANTED, _TOO_MANY_FINDINGS, _TOO_MANY, "row-too-many-values"),
    ("markdown-too-few.txt", "三、本年度办理结果 | （一）予以公开", {("row-too-few-values", "applications/granted")},
     _TOO_FEW, None),
    ("markdown-too-many.txt", "三、本年度办理结果 | （一）予以公开", _TOO_MANY_FINDINGS, _TOO_MANY, "row-too-many-values"),
    ("cell-per-line-too-few.txt", "\t三、本年度办理结果", {("row-too-few-values", "applications/granted")},
     _TOO_FEW, None),
    ("cell-per-line-too-many.txt", "\t三、本年度办理结果", _TOO_MANY_FINDINGS, _TOO_MANY, "row-too-many-values"),
    # space-aligned places cells by display column: the 25 moved under 其他 is read there and the
    # row's identity (I2) and the column identities (I3) flag it.
    ("space-aligned-too-few.txt", "三、本年度办理结果", {
        ("I2-row-total-blanks", "applications/granted"), ("I3-outcome-total", "applications/total_handled/other_org"),
        ("I3-outcome-total-blanks", "applications/total_handled/total")},
     {"applications/granted/other_org": 25, "applications/granted/total": None}, None),
    ("space-aligned-too-many.txt", "三、本年度办理结果", _TOO_MANY_FINDINGS, _TOO_MANY, "row-too-many-values"),
]


@pytest.mark.parametrize("name,label,findings,changed,strict_code", RAGGED, ids=[r[0] for r in RAGGED])
def test_ragged_rows_in_each_layout(name, label, findings, changed, strict_code):
    text = corpus_text(name)
    report = gixparse.parse(text)
    assert found(report) == findings
    assert diff(report) == changed
    for key in changed:
        assert covered(report, key)
    row_finding = next(f for f in report.findings if f.path == "applications/granted")
    lines = text.split("\n")
    line = lines.index(label) + 1 if label.startswith("\t") else line_of(text, label)
    assert row_finding.line == line  # the row's first label cell
    assert row_finding.column == len(lines[line - 1]) - len(lines[line - 1].lstrip("\t |")) + 1
    if strict_code is None:
        assert gixparse.parse(text, strict=True) == report
    else:
        with pytest.raises(gixparse.GixparseError) as err:
            gixparse.parse(text, strict=True)
        assert (err.value.code, err.value.line, err.value.column) == (strict_code, row_finding.line,
                                                                      row_finding.column)


def test_item_row_one_value_too_few():
    text = corpus_text("item-too-few.txt")
    report = gixparse.parse(text)
    assert found(report) == {("row-too-few-values", "active.item1/normative_documents")}
    f = report.findings[0]
    assert (f.line, f.column) == (line_of(text, "行政规范性文件\t3\t12"), 1)
    assert diff(report) == {"active.item1/normative_documents/repealed": 12,
                            "active.item1/normative_documents/in_force": None}


def test_item_row_one_value_too_many_is_an_error():
    text = corpus_text("item-too-many.txt")
    report = gixparse.parse(text)
    assert found(report) == {("row-too-many-values", "active.item1/normative_documents")}
    assert report.findings[0].severity == gixparse.Severity.ERROR
    assert diff(report) == {}
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(text, strict=True)
    assert (err.value.code, err.value.line, err.value.column) == (
        "row-too-many-values", line_of(text, "行政规范性文件\t3\t1\t12\t7"), 1)


def test_review_row_one_value_too_few():
    text = corpus_text("review-too-few.txt")
    report = gixparse.parse(text)
    assert found(report) == {("row-too-few-values", "review")}
    assert (report.findings[0].line, report.findings[0].column) == (line_of(text, "1\t0\t0\t1\t2\t0"), 1)
    assert diff(report) == {"review/litigation_after_reconsideration/total": None}


def test_review_row_one_value_too_many_settled_by_the_identities():
    report = gixparse.parse(corpus_text("review-too-many.txt"))
    assert found(report) == {("row-too-many-values", "review")}
    assert report.findings[0].severity == gixparse.Severity.WARNING
    assert diff(report) == {}


@pytest.mark.parametrize("name,key,word", [
    ("words-in-table3.txt", "applications/granted/commercial", "见附件"),
    ("words-in-review.txt", "review/litigation_direct/corrected", "一件"),
])
def test_words_in_a_value_cell(name, key, word):
    text = corpus_text(name)
    report = gixparse.parse(text)
    assert found(report) == {("value-not-a-number", key)}
    assert diff(report) == {key: None}
    row, col = key.rsplit("/", 1)
    table, row_id = row.split("/")
    value = report.tables[table].row(row_id).values[col]
    assert (value.raw, value.kind) == (word, gixparse.Kind.TEXT)
    where = (line_of(text, word), column_of(text, word))
    assert (report.findings[0].line, report.findings[0].column) == where
    assert (value.span.line, value.span.column) == where
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(text, strict=True)
    assert (err.value.code, err.value.line, err.value.column) == ("value-not-a-number", *where)


def test_words_in_the_only_cell_of_an_item_row():
    text = corpus_text("words-in-item.txt")
    report = gixparse.parse(text)
    assert ("value-not-a-number", "active.item5/licensing/decisions") in found(report)
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(text, strict=True)
    assert (err.value.line, err.value.column) == (line_of(text, "详见附表"), column_of(text, "详见附表"))


def test_value_row_with_no_label_is_placed_by_position_and_flagged():
    text = corpus_text("row-no-label.txt")
    report = gixparse.parse(text)
    assert found(report) == {("row-by-position", "applications/carried_over")}
    assert (report.findings[0].line, report.findings[0].column) == (line_of(text, "\t\t3\t1\t0\t0\t0\t0\t4"), 1)
    assert diff(report) == {}


def test_item_value_row_with_no_label_is_unplaced():
    text = corpus_text("item-row-no-label.txt")
    report = gixparse.parse(text)
    assert found(report) == {("unplaced-row", "active"), ("missing-row", "active.item6/penalty")}
    unplaced = next(f for f in report.findings if f.code == "unplaced-row")
    assert (unplaced.line, unplaced.column) == (text.split("\n").index("\t86件") + 1, 1)
    assert diff(report) == unread(["active.item6/penalty"])


def test_unknown_row_in_table_three_is_unplaced():
    text = SAMPLE_TEXT.replace("\t（七）总计", "\t（八）其他情况\t1\t0\t0\t0\t0\t0\t1\n\t（七）总计")
    report = gixparse.parse(text)
    assert found(report) == {("unplaced-row", "applications")}
    assert report.findings[0].line == line_of(text, "（八）其他情况")
    assert diff(report) == {}


def test_unknown_row_in_an_item_table_is_unplaced():
    report = gixparse.parse(corpus_text("unplaced-row.txt"))
    assert found(report) == {("unplaced-row", "active")}
    assert diff(report) == {}


def test_duplicate_total_row_keeps_the_first():
    text = corpus_text("duplicate-total-row.txt")
    report = gixparse.parse(text)
    assert found(report) == {("duplicate-row", "applications/total_handled")}
    assert report.findings[0].line == line_of(text, "\t（七）总计\t41")
    assert diff(report) == {}


def test_duplicate_item_row_keeps_the_first_and_says_so():
    text = corpus_text("duplicate-item-row.txt")
    report = gixparse.parse(text)
    assert found(report) == {("duplicate-row", "active.item1/normative_documents")}
    assert diff(report) == {}


def test_sections_out_of_order():
    report = gixparse.parse(corpus_text("sections-swapped.txt"))
    # 六 printed before 五 is not taken as a section (the finder walks the sections in order);
    # its text stays inside section 四's body and the tables read as before
    assert found(report) == {("missing-section", "sections/other_matters")}
    assert report.sections["problems"].text.startswith("一是政策解读形式较为单一")
    assert diff(report) == {}


def test_section_repeated():
    text = corpus_text("section-repeated.txt")
    report = gixparse.parse(text)
    assert found(report) == {("duplicate-section", "sections/applications")}
    assert report.findings[0].line == len(text.rstrip("\n").split("\n")) - 2
    assert diff(report) == {}


def test_nul_bytes():
    text = corpus_text("nul-bytes.txt")
    assert text.count("\x00") == 2
    report = gixparse.parse(text)
    # the NUL inside 一、总体\x00情况 is one edit from the form's heading: found, with an info finding
    assert found(report) == {("section-heading-inexact", "sections/overview"),
                             ("value-not-a-number", "applications/granted/commercial")}
    assert report.sections["overview"].text.startswith("2023年")
    cell = report.applications.row("granted").values["commercial"]
    assert (cell.raw, cell.kind) == ("3\x00", gixparse.Kind.TEXT)
    where = (line_of(text, "3\x00"), column_of(text, "3\x00"))
    assert (cell.span.line, cell.span.column) == where
    assert diff(report) == {"applications/granted/commercial": None}
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(text, strict=True)
    assert (err.value.code, err.value.line, err.value.column) == ("value-not-a-number", *where)


def test_control_characters():
    text = corpus_text("control-chars.txt")
    report = gixparse.parse(text)
    assert found(report) == {("value-not-a-number", "applications/granted/commercial"),
                             ("value-not-a-number", "applications/granted/social_welfare")}
    # \v is a line break in the text (it shifts every line below by one), \b in a label is read past
    row = text.replace("\v", "\n").split("\n")
    line = next(i + 1 for i, s in enumerate(row) if s.startswith(_GRANTED))
    assert {(f.line, f.column) for f in report.findings} == {
        (line, row[line - 1].index("3\x07") + 1), (line, row[line - 1].index("0\x1b") + 1)}
    assert diff(report) == {"applications/granted/commercial": None, "applications/granted/social_welfare": None}
    assert "active_disclosure" in report.sections


def test_very_long_lines():
    body = "一、总体情况\n" + "公开" * 100_000 + "\n"
    text = SAMPLE_TEXT.replace("一、总体情况\n", body)
    report = gixparse.parse(text)
    assert report.findings == () and diff(report) == {}
    row = "四、结转下年度继续办理\t\t1\t1\t0\t0\t0\t0\t2"
    report = gixparse.parse(SAMPLE_TEXT.replace(row, row + "\t" * 100_000))
    assert report.findings == () and diff(report) == {}
    report = gixparse.parse(SAMPLE_TEXT.replace(row, row + "\t0" * 1_000))
    assert found(report) >= {("row-too-many-values", "applications/carried_forward")}
    assert all(covered(report, k) for k in diff(report))
    report = gixparse.parse(SAMPLE_TEXT.replace("行政许可\t1,520", "行政许可\t" + "1" * 5_000))
    assert report.findings == ()
    assert report.tables["active.item5"].row("licensing").values["decisions"].number == Decimal("1" * 5_000)


def _random_ish(seed: int, size: int) -> str:
    rng = random.Random(seed)
    pieces = SAMPLE_TEXT.split("\t") + list("0123456789\t\n 　，。、（）|│─┼") + [
        "第二十条第（一）项", "（七）总计", "三、收到和处理政府信息公开申请情况", "行政复议", "\x00", "\r"]
    out = []
    n = 0
    while n < size:
        p = rng.choice(pieces)
        out.append(p)
        n += len(p)
    return "".join(out)[:size]


@pytest.mark.parametrize("seed", [1, 2])
def test_one_megabyte_of_random_ish_text_parses(seed):
    text = _random_ish(seed, 1 << 20)
    start = time.perf_counter()
    report = gixparse.parse(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 60, f"hang guard: 1 MB took {elapsed:.1f} s"  # not a speed goal: a hang would never end
    assert isinstance(report, gixparse.Report)
    assert all(f.code != "internal-error" for f in report.findings)
    assert_consistent(report)
    for key in gixparse.flatten(report):
        _assert_value_read_from_its_cell(report, key, _lines(text))


def test_one_megabyte_of_random_characters_reads_nothing():
    rng = random.Random(3)
    text = "".join(chr(rng.choice((rng.randrange(32, 127), rng.randrange(0x4E00, 0x9FA5), 9, 10)))
                   for _ in range(1 << 20))
    start = time.perf_counter()
    report = gixparse.parse(text)
    assert time.perf_counter() - start < 60, "hang guard"
    assert found(report) == NOTHING_READ


# --- bytes and documents ---------------------------------------------------------------------------


def test_html_with_broken_markup():
    report = gixparse.parse((INVALID / "broken-markup.html").read_bytes())
    assert (report.agency, report.year) == ("示例县水务局", 2022)
    flat = gixparse.flatten(report)
    assert {k: v for k, v in flat.items() if k.startswith("active.")} == {
        "active.item1/rules/issued": 1, "active.item1/rules/repealed": 0, "active.item1/rules/in_force": 5,
        "active.item1/normative_documents/issued": 2, "active.item1/normative_documents/repealed": 1,
        "active.item1/normative_documents/in_force": 7}
    # the cut-off row of table 三: 4 then an empty cell, read from the left and flagged
    assert {k: v for k, v in flat.items() if k.startswith("applications/")} == {
        "applications/new_received/natural_person": 4,
        **{f"applications/new_received/{c}": None for c in
           ("commercial", "research", "social_welfare", "legal_services", "other_org", "total")}}
    assert ("row-too-few-values", "applications/new_received") in found(report)
    assert ("missing-table", "review") in found(report)
    assert gixparse.parse((INVALID / "broken-markup.html").read_text(encoding="utf-8")) == report


def test_html_junk_fragment():
    data = (INVALID / "broken-markup-junk.html").read_bytes()
    report = gixparse.parse(data)
    assert found(report) == NOTHING_READ - {("missing-section", "sections/applications")}
    assert gixparse.flatten(report) == {}
    assert gixparse.parse(data.decode("utf-8")) == report


def test_gb18030_page_declared_utf8_is_decoded_anyway():
    report = gixparse.parse((INVALID / "gb18030-declared-utf8.html").read_bytes())
    assert (report.agency, report.year) == ("示例县水务局", 2022)
    assert {k: v for k, v in gixparse.flatten(report).items()} == {
        "active.item1/rules/issued": 1, "active.item1/rules/repealed": 0, "active.item1/rules/in_force": 5}


def test_gb18030_page_declared_latin1_is_decoded_as_gb18030():
    report = gixparse.parse((INVALID / "gb18030-declared-latin1.html").read_bytes())
    assert (report.agency, report.year) == ("示例县水务局", 2022)
    assert gixparse.flatten(report)["active.item1/rules/in_force"] == 5


def test_bytes_that_are_not_text_read_nothing():
    data = (INVALID / "not-text.bin").read_bytes()
    report = gixparse.parse(data)
    assert found(report) == NOTHING_READ
    assert gixparse.flatten(report) == {}
    assert gixparse.parse_file(INVALID / "not-text.bin") == report


@pytest.mark.parametrize("name,what", [("pdf-truncated.pdf", "PDF"), ("docx-broken-xml.docx", "DOCX")])
def test_damaged_documents_raise_naming_the_problem(name, what):
    for call in (lambda: gixparse.parse((INVALID / name).read_bytes()), lambda: gixparse.parse_file(INVALID / name)):
        with pytest.raises(gixparse.GixparseError) as err:
            call()
        assert err.value.message.startswith(f"cannot read this {what} file")
        assert type(err.value) is gixparse.GixparseError


def test_zip_without_word_document_raises():
    with pytest.raises(gixparse.GixparseError):
        gixparse.parse_file(INVALID / "zip-without-document.docx")


@pytest.mark.parametrize("name,code", [
    ("pdf-truncated.pdf", 2), ("docx-broken-xml.docx", 2), ("zip-without-document.docx", 2),
    ("not-text.bin", 1), ("empty.txt", 1), ("words-in-table3.txt", 1), ("row-no-label.txt", 0),
])
def test_cli_check_exit_codes(name, code, capsys):
    assert main(["check", str(INVALID / name)]) == code
    _out, err = capsys.readouterr()
    assert ("Traceback" not in err) and (bool(err) == (code == 2))


# --- every corpus text: the common contract --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in INVALID.glob("*.txt")))
def test_every_corpus_text_round_trips_and_reads_cells_from_where_they_stand(name):
    text = corpus_text(name)
    report = gixparse.parse(text)
    assert_consistent(report)
    lines = _lines(text)
    for key in gixparse.flatten(report):
        _assert_value_read_from_its_cell(report, key, lines)


# --- fuzzing the bundled example --------------------------------------------------------------------

_UNITS = "万元|元|项|件|宗|条|个|次|起|份|家|人次|人|篇"
_NUMBER = re.compile(r"(增加|减少|新增|增|减|[+\-−－])? *(\d[\d,，]*(?:[.．]\d+)?) *(?:" + _UNITS + r")? *")
_FOLD = {0xFF10 + i: str(i) for i in range(10)}


def _lines(text: str) -> list[str]:
    """The input's lines as gixparse numbers them (a BOM dropped; \\r\\n, \\r, \\f and \\v break lines)."""
    return re.split(r"\r\n|[\r\n\f\v]", text.removeprefix("\ufeff"))


def _value(report: gixparse.Report, key: str) -> gixparse.Value:
    table, row, col = key.split("/")
    return next(r for r in report.tables[table].rows if r.id == row).values[col]


def _assert_value_read_from_its_cell(report: gixparse.Report, key: str, lines: list[str]) -> None:
    """A number's raw text stands at its span in the input and says that number, or its row has a finding."""
    v = _value(report, key)
    if v.kind != gixparse.Kind.NUMBER:
        assert v.number is None
        return
    ok = v.span is not None and 1 <= v.span.line <= len(lines)
    if ok:
        line = lines[v.span.line - 1]
        ok = line[v.span.column - 1: v.span.column - 1 + len(v.raw)] == v.raw
    m = _NUMBER.fullmatch(v.raw.strip(" \u3000").translate(_FOLD).split("]")[-1].strip())
    if ok and m:
        number = Decimal(m.group(2).replace(",", "").replace("，", "").replace("．", "."))
        ok = v.number == (-number if m.group(1) in ("减", "减少", "-", "−", "－") else number)
    else:
        ok = False
    assert ok or covered(report, key), (key, v)


_CHARS = st.sampled_from(list("0123456789\t \n|，,.、一二三（）减项件元/—") + ["\x00", "\r", "\u3000", "１"])


@st.composite
def mutated_sample(draw) -> str:
    lines = list(SAMPLE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "drop-tab", "add-tab", "insert", "cut"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "drop-tab" and "\t" in lines[i]:
            tabs = [k for k, c in enumerate(lines[i]) if c == "\t"]
            k = draw(st.sampled_from(tabs))
            lines[i] = lines[i][:k] + lines[i][k + 1:]
        elif op in ("add-tab", "insert"):
            k = draw(st.integers(0, len(lines[i])))
            ch = "\t" if op == "add-tab" else draw(_CHARS)
            lines[i] = lines[i][:k] + ch + lines[i][k:]
        elif op == "cut":
            text = "\n".join(lines)
            return text[: draw(st.integers(0, len(text)))]
    return "\n".join(lines)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sample())
@example(SAMPLE_TEXT)
@example(SAMPLE_TEXT[: len(SAMPLE_TEXT) // 2])
def test_fuzzed_sample_reads_every_number_from_its_cell_or_flags_it(text):
    report = gixparse.parse(text)
    assert isinstance(report, gixparse.Report)
    assert all(f.code != "internal-error" for f in report.findings), report.findings
    assert gixparse.from_json(gixparse.to_json(report)) == report
    lines = _lines(text)
    for key in gixparse.flatten(report):
        _assert_value_read_from_its_cell(report, key, lines)


# Line-level edits (delete, duplicate, swap whole lines) keep every cell's text: a cell read from an
# original line at an original column must land on the key it has in the clean example, or be flagged.
_SAMPLE_REPORT = gixparse.parse(SAMPLE_TEXT)
_CELL_KEYS = {(v.span.line, v.span.column): k for k in BASE if (v := _value(_SAMPLE_REPORT, k)).span is not None}


@st.composite
def moved_lines(draw) -> list[int]:
    order = list(range(len(SAMPLE_LINES)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap"]))
        i = draw(st.integers(0, len(order) - 1))
        if op == "delete" and len(order) > 1:
            del order[i]
        elif op == "duplicate":
            order.insert(i, order[i])
        else:
            j = draw(st.integers(0, len(order) - 1))
            order[i], order[j] = order[j], order[i]
    return order


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(moved_lines())
def test_lines_moved_keep_every_cell_on_its_key_or_flag_it(order):
    _assert_cells_on_their_keys(gixparse.parse("\n".join(SAMPLE_LINES[i] for i in order)), order)


def _assert_cells_on_their_keys(report: gixparse.Report, order: list[int]) -> None:
    for key in gixparse.flatten(report):
        v = _value(report, key)
        if v.span is None:
            continue
        origin = (order[v.span.line - 1] + 1, v.span.column)
        assert _CELL_KEYS.get(origin) in (key, None) or covered(report, key), (key, origin, _CELL_KEYS.get(origin))


def _with_value(report: gixparse.Report, key: str, value: gixparse.Value) -> gixparse.Report:
    import attrs

    table_id, row_id, col = key.split("/")
    table = report.tables[table_id]
    rows = tuple(attrs.evolve(r, values={**r.values, col: value}) if r.id == row_id else r for r in table.rows)
    return attrs.evolve(report, tables={**report.tables, table_id: attrs.evolve(table, rows=rows)})


def test_the_oracles_are_not_vacuous():
    import attrs

    key = "applications/granted/total"
    right = _value(_SAMPLE_REPORT, key)
    lines = _lines(SAMPLE_TEXT)
    _assert_value_read_from_its_cell(_SAMPLE_REPORT, key, lines)
    _assert_cells_on_their_keys(_SAMPLE_REPORT, list(range(len(SAMPLE_LINES))))
    wrong_number = _with_value(_SAMPLE_REPORT, key, attrs.evolve(right, number=Decimal(26)))
    with pytest.raises(AssertionError):
        _assert_value_read_from_its_cell(wrong_number, key, lines)
    moved = _value(_SAMPLE_REPORT, "applications/granted/natural_person")  # 20, read into the 总计 cell
    wrong_cell = _with_value(_SAMPLE_REPORT, key, moved)
    _assert_value_read_from_its_cell(wrong_cell, key, lines)  # its text is right where it says...
    with pytest.raises(AssertionError):  # ...but it is not the 总计 cell
        _assert_cells_on_their_keys(wrong_cell, list(range(len(SAMPLE_LINES))))
    flagged = attrs.evolve(wrong_cell, findings=(gixparse.Finding("row-too-many-values", gixparse.Severity.ERROR,
                                                                  "", "applications/granted"),))
    _assert_cells_on_their_keys(flagged, list(range(len(SAMPLE_LINES))))
