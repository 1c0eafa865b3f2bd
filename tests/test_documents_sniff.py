"""The reader is chosen by content: magic bytes, then HTML tags after decoding."""

from __future__ import annotations

import io
import zipfile

import pytest

import gixparse
from gixparse.documents import document_text, sniff
from tests.fixtures.documents.build import EXAMPLE, example_blocks, same_reading, to_html


def test_kinds_by_magic_bytes():
    assert sniff.kind(b"%PDF-1.7\n...") == "pdf"
    assert sniff.kind(b"\r\n%PDF-1.4") == "pdf"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert sniff.kind(buf.getvalue()) == "docx"
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert sniff.kind(other.getvalue()) == "zip"  # a zip that is not a Word file: refused, not decoded
    assert sniff.kind(b"PK\x03\x04 broken") == "zip"
    assert sniff.kind("一、总体情况".encode()) == "bytes"


@pytest.mark.parametrize("text", [
    "<!DOCTYPE html><html></html>", "  <html lang='zh'>", "<!-- saved --><table><tr><td>1</td></tr></table>",
    "<div class=x>", "<p>一、总体情况</p>", "<meta charset=utf-8><title>t</title>", "<TR><TD>规章</TD></TR>",
])
def test_html_is_told_by_its_first_tag(text):
    assert sniff.is_html(text)


@pytest.mark.parametrize("text", [
    "一、总体情况\n<p>", "规章\t0\t0\t0", "<本报告>", "< p>", "2023 < 2024", "<pre-formatted> text",
])
def test_text_is_not_html(text):
    assert not sniff.is_html(text)


def test_plain_text_bytes_are_decoded_not_rewritten():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert document_text(text.encode("gb18030")) == text


def test_parse_file_reads_html_whatever_its_name(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(to_html(example_blocks(text)).encode("utf-8"))
    assert same_reading(gixparse.parse_file(path), gixparse.parse(text)) == []


def test_parse_file_reads_text(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "report.html"  # a misleading name: it holds text
    path.write_bytes(text.encode("utf-16"))
    assert same_reading(gixparse.parse_file(path), gixparse.parse(text)) == []


@pytest.mark.parametrize("data", [b"%PDF-1.4\nnot really a pdf", b"PK\x03\x04"])
def test_damaged_documents_raise_a_gixparse_error(data):
    if data.startswith(b"PK"):  # a zip that claims a Word body but holds garbage
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("word/document.xml", "not xml <")
        data = buf.getvalue()
    with pytest.raises(gixparse.GixparseError, match=r"cannot read this (PDF|DOCX) file"):
        gixparse.parse(data)
