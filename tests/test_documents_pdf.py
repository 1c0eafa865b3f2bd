"""PDF files: ruled tables by their geometry, page text in reading order."""

from __future__ import annotations

import json
import sys

import pytest

import gixparse
from gixparse.documents import document_text
from tests.conftest import SHARED, needs_shared
from tests.fixtures.documents.build import EXAMPLE, example_blocks, gold_misses, same_reading, to_pdf

pytest.importorskip("pdfplumber", reason="pdfplumber is in the test extra")
pytest.importorskip("reportlab", reason="reportlab (test extra) draws the PDF fixtures")


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return to_pdf(example_blocks(EXAMPLE.read_text(encoding="utf-8")))


def test_example_as_pdf_reads_like_its_text(example_pdf):
    assert example_pdf.startswith(b"%PDF-")
    assert same_reading(gixparse.parse(example_pdf), gixparse.parse(EXAMPLE.read_text(encoding="utf-8"))) == []


def test_merged_cells_of_the_pdf(example_pdf):
    text = document_text(example_pdf)
    # （三）不予公开 is drawn over eight rows: each of them reads as its sub-row
    assert text.count("\t（三）不予公开\n") == 8
    # 行政许可's value is drawn over three columns under one heading drawn over them:
    # one cell under the heading, read once
    assert "\t本年处理决定数量\n\n\t行政许可\n\t1,520\n\n" in text
    # body text between the tables stays in order
    second, third = text.index("二、主动公开政府信息情况"), text.index("三、收到和处理政府信息公开申请情况")
    assert second < text.index("\t规章") < third


def test_file_by_content_not_name(example_pdf, tmp_path):
    path = tmp_path / "report.txt"  # a misleading name
    path.write_bytes(example_pdf)
    assert gixparse.parse_file(path).agency == "示例市生态环境局"


def test_missing_extra_names_it(monkeypatch, example_pdf):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # as if pdfplumber were not installed
    with pytest.raises(gixparse.GixparseError, match=r"pip install 'gixparse\[pdf\]'"):
        gixparse.parse(example_pdf)


@needs_shared
def test_published_pdf_against_gold():
    gold = json.loads((SHARED / "corpus" / "gold" / "huaian-2024.json").read_text(encoding="utf-8"))
    report = gixparse.parse_file(SHARED / "corpus" / "reports" / "huaian-2024.pdf")
    assert gold_misses(report, gold) == []
    assert (report.agency, report.year, report.template) == (gold["agency"], gold["year"], gold["template"])
    assert [f for f in report.findings if f.severity.value != "info"] == []
    for sid, prefix in gold["sections"].items():
        assert "".join(report.sections[sid].text.split()).startswith("".join(prefix.split()))
