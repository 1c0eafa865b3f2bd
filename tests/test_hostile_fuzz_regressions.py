"""Inputs the atheris harnesses (fuzz/) crashed on, kept in tests/fuzz_regressions/ with the
answer each must now give. A new crash goes here with its finding or error."""

from __future__ import annotations

from pathlib import Path

import pytest

import gixparse

from .test_hostile_documents import run_limited

FOUND = Path(__file__).resolve().parent / "fuzz_regressions"


def data(name: str) -> bytes:
    return (FOUND / name).read_bytes()


def test_every_kept_input_has_a_test():
    tested = {"strict-missing-table-no-place.txt", "docx-zip-version-25.docx", "pdf-char-far-off-page.pdf",
              "review-glued-digit-run.txt", "html-empty-document.txt"}
    assert {p.name for p in FOUND.iterdir()} == tested


def test_strict_error_without_a_place():
    """fuzz_parse.py (strict): white space only, so no table is found; ReportError had line None."""
    text = data("strict-missing-table-no-place.txt").decode("utf-8")
    with pytest.raises(gixparse.ReportError) as err:
        gixparse.parse(text, strict=True)
    assert (err.value.code, err.value.line, err.value.column) == ("missing-table", 1, 1)
    assert {f.code for f in gixparse.parse(text).findings} >= {"missing-table", "missing-section"}


def test_zip_of_a_version_zipfile_does_not_know():
    """fuzz_docx.py: a central directory claiming ZIP version 25.5 made zipfile raise
    NotImplementedError out of the sniffer (a traceback from parse(bytes))."""
    with pytest.raises(gixparse.GixparseError, match="ZIP archive that is not a Word") as err:
        gixparse.parse(data("docx-zip-version-25.docx"))
    assert (err.value.line, err.value.column) == (1, 1)


def test_pdf_character_a_billion_points_off_its_page(tmp_path):
    """fuzz_pdf.py: 7 KB whose characters stand ~10^13 points off the page; pdfplumber's layout
    text prepended that many spaces (MemoryError). Pages are now read cropped to their box."""
    pytest.importorskip("pdfplumber")
    out = run_limited(tmp_path, data("pdf-char-far-off-page.pdf"))
    assert "error" not in out and "missing-table" in out["findings"], out
    assert out["peak_mb"] < 300, out


def test_glued_digit_run_of_ninety_digits_in_table_four(tmp_path):
    """fuzz_parse.py (a timeout under instrumentation): table 四 holding a run of 89 digits is
    searched for splits into its 15 values. It ends, with glued-unsplit; no value longer than 24
    digits is tried (placement/split.py), so 800 digits take ~0.01 s (were ~8 s)."""
    raw = data("review-glued-digit-run.txt")
    text = raw.decode("utf-8", errors="replace")
    assert "glued-unsplit" in {f.code for f in gixparse.parse(text).findings}
    with pytest.raises(gixparse.ReportError) as err:
        gixparse.parse(text, strict=True)
    assert err.value.code == "glued-unsplit" and err.value.line >= 1
    out = run_limited(tmp_path, text.encode("utf-8"))  # the harness gave it as a str
    assert "error" not in out and "glued-unsplit" in out["findings"], out


def test_html_start_with_nothing_lxml_reads():
    """fuzz_parse.py (str): ``<html/`` and three replacement characters; lxml raised ParserError
    ('Document is empty') out of the HTML reader, caught as internal-error. The reader walks what
    lxml builds and a page with no text is a report with missing-table findings."""
    text = data("html-empty-document.txt").decode("utf-8", errors="replace")
    for report in (gixparse.parse(text), gixparse.parse(data("html-empty-document.txt"))):
        codes = {f.code for f in report.findings}
        assert "internal-error" not in codes and "missing-table" in codes
