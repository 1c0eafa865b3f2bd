"""Documents that attack the readers: each ends within 10 s and 1 GB, with a
``GixparseError`` or a report with findings, under ``gixparse.Limits``.

Every file is built here by a small generator, never committed: a ZIP bomb
posing as a Word file (sizes declared honestly, and a header that lies), Word
XML with entity expansion, HTML nested 100 000 deep and with huge attribute
values, PDFs with thousands of pages, a page 100 m wide, a content stream that
draws itself, an object graph that refers to itself, and a 50 MB page of
navigation with a report inside.

Each case runs in a child process under ``resource.setrlimit``: ``RLIMIT_AS``
1 GB of address space and ``RLIMIT_CPU`` 10 s of processor time, which the
kernel enforces (:func:`run_limited`); time and memory are measured there, not
assumed. Processor time, not the wall clock, is what the bar counts, so that a
busy test machine cannot fail a case; a wall-clock timeout still catches a
child that waits instead of working. The child reports what ``parse_file``
gave, its processor time and its peak resident memory.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest

import gixparse
from tests.fixtures.documents.build import example_blocks, to_html

pytest.importorskip("docx")
pytest.importorskip("pdfplumber")

SECONDS = 10
MEMORY = 1 << 30

# --- PDF: a minimal writer (PDF 32000-1 §7.5: header, numbered objects, xref table, trailer)


def pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF of ``objects`` (object i + 1 is ``objects[i]``, its body without ``obj``/``endobj``)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_pages(count: int) -> bytes:
    """``count`` pages sharing one small content stream with a line of text."""
    content = stream(b"BT /F1 12 Tf 72 720 Td (page) Tj ET")
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), content, _FONT]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * count
    return pdf(objects)


def pdf_wide_page(width_points: float) -> bytes:
    """One page ``width_points`` wide with a ruled 2 × 2 table and text at both ends."""
    w = b"%.0f" % width_points
    content = stream(b"BT /F1 12 Tf 72 720 Td (left) Tj ET BT /F1 12 Tf " + w + b" 720 Td (right) Tj ET "
                     b"72 600 m " + w + b" 600 l S 72 500 m " + w + b" 500 l S 72 500 m 72 600 l S "
                     + w + b" 500 m " + w + b" 600 l S")
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + w + b" 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>", content, _FONT])


def pdf_self_drawing_form() -> bytes:
    """A page that draws a form XObject which draws itself (a content stream that loops)."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /XObject << /X 5 0 R >> >> >>",
                stream(b"/X Do"),
                stream(b"0 0 m 10 10 l S /X Do",
                       b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 5 0 R >> >>")])


def pdf_recursive_pages() -> bytes:
    """A page tree whose /Kids holds the tree itself, and a /Parent chain that loops."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                stream(b"BT ET")])


def pdf_reference_loop() -> bytes:
    """Objects that are references to each other (1 → 2 → 1), as the document catalog."""
    return pdf([b"2 0 R", b"1 0 R"])


def pdf_many_operators(count: int) -> bytes:
    """A page whose content stream draws ``count`` tiny ruling lines (a compressed stream)."""
    ops = b"".join(b"%d %d m %d %d l S\n" % (i % 500, i // 500 % 700, i % 500 + 1, i // 500 % 700)
                   for i in range(count))
    packed = zlib.compress(ops, 1)
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                stream(packed, b"/Filter /FlateDecode")])


# --- Word files


def _docx_zip(parts: dict[str, bytes], *, big: tuple[str, int, bool] | None = None) -> bytes:
    """A ZIP of ``parts``; ``big`` = (name, megabytes, honest): a part of that many MB of
    spaces deflated chunk by chunk, with its true size and CRC when ``honest``, else with
    a header that claims 1 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    if big is None:
        return out.getvalue()
    name, megabytes, honest = big
    chunk = b" " * 1_000_000
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)  # self-contained: can be repeated
    body = block * megabytes + packer.flush()
    crc = 0  # the guard refuses the part before reading it; a reader that did would fail on the CRC
    size = megabytes * 1_000_000 if honest else 1024
    return _append_member(out.getvalue(), name.encode(), body, crc, size)


def _append_member(archive: bytes, name: bytes, body: bytes, crc: int, size: int) -> bytes:
    """``archive`` with one more deflated member written by hand (so its header can say anything)."""
    import struct

    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        infos = zf.infolist()
    end = archive.rindex(b"PK\x05\x06")
    central_start = struct.unpack("<I", archive[end + 16:end + 20])[0]
    central = archive[central_start:end]
    local_at = central_start
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), size, len(name), 0) + name
    entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body), size, len(name),
                        0, 0, 0, 0, 0, local_at) + name
    data = archive[:central_start] + local + body
    central_at = len(data)
    central += entry
    tail = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(infos) + 1, len(infos) + 1, len(central), central_at, 0)
    return data + central + tail


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>')
W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: bytes, prolog: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog
            + b'<w:document xmlns:w="' + W + b'"><w:body>' + body + b"</w:body></w:document>")


def paragraph(text: str) -> bytes:
    return b"<w:p><w:r><w:t>" + text.encode("utf-8") + b"</w:t></w:r></w:p>"


def docx(document: bytes, *, big: tuple[str, int, bool] | None = None) -> bytes:
    return _docx_zip({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document},
                     big=big)


def docx_bomb(megabytes: int, *, honest: bool = True) -> bytes:
    """A Word file with a part of ``megabytes`` MB that deflates ~1000 times."""
    return docx(document_xml(paragraph("一、总体情况")), big=("word/media/bomb.xml", megabytes, honest))


def docx_document_bomb(megabytes: int) -> bytes:
    """A Word file whose word/document.xml itself claims 1 KB and inflates to ``megabytes`` MB."""
    archive = _docx_zip({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS})
    return _docx_zip_with(archive, megabytes)


def _docx_zip_with(archive: bytes, megabytes: int) -> bytes:
    chunk = b" " * 1_000_000
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = document_xml(b"")[:-len(b"</w:body></w:document>")]
    body = packer.compress(head) + packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    repeat = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    data = body + repeat * (megabytes - 1) + packer.compress(b"</w:body></w:document>") + packer.flush()
    return _append_member(archive, b"word/document.xml", data, 0, 1024)


def docx_entities(levels: int = 10) -> bytes:
    """Word XML with a billion-laughs DTD: each entity ten of the one before."""
    ents = [b'<!ENTITY a0 "ha">'] + [b"<!ENTITY a%d \"%s\">" % (i, (b"&a%d;" % (i - 1)) * 10) for i in range(1, levels)]
    prolog = b"<!DOCTYPE w:document [" + b"".join(ents) + b"]>"
    body = b"<w:p><w:r><w:t>&a%d;</w:t></w:r></w:p>" % (levels - 1)
    return docx(document_xml(body, prolog))


# --- HTML


def html_nested(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "一、总体情况" + "</div>" * depth + "</body></html>").encode()


def example_page() -> str:
    return to_html(example_blocks())


def html_with_attributes(size: int, count: int) -> bytes:
    """The example page with ``count`` attributes of ``size`` characters on its first elements."""
    page = example_page()
    value = "x" * size
    return page.replace("<p>", f'<p title="{value}" data-x="{value}">', count).encode()


def html_navigation(megabytes: int, *, semantic: bool) -> bytes:
    """The example page inside ``megabytes`` MB of site navigation: menus of links before and
    after it, as ``<nav>``/``<aside>`` (``semantic``) or as ``<div class="nav">`` lists."""
    page = example_page()
    item = '<li><a href="/col/col{0}/index.html" title="政务公开栏目{0}">政务公开栏目{0}</a></li>'
    links = "<ul>" + "".join(item.format(k) for k in range(1000)) + "</ul>"
    menu = (f"<nav>{links}</nav><aside>{links}</aside>\n" if semantic else f'<div class="nav">{links}</div>\n')
    n = max(megabytes * 1_000_000 // len(menu.encode()), 2)
    start = page.index("<body>") + len("<body>")
    end = page.rindex("</body>")
    return (page[:start] + menu * (n // 2) + page[start:end] + menu * (n - n // 2) + page[end:]).encode()


# --- running a case under limits


_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
    resource.setrlimit(resource.RLIMIT_CPU, ({seconds}, {seconds} + 1))
    import gixparse
    limits = gixparse.Limits(**json.loads(sys.argv[2]))
    try:
        report = gixparse.parse_file(sys.argv[1], limits=limits)
        out = {{"findings": sorted({{f.code for f in report.findings}}), "values": len(gixparse.flatten(report))}}
    except gixparse.GixparseError as exc:
        out = {{"error": type(exc).__name__, "limit": getattr(exc, "limit", None), "message": exc.message,
               "line": exc.line, "column": exc.column}}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["seconds"] = usage.ru_utime + usage.ru_stime  # the whole child: start-up, imports, parse
    # VmHWM: the peak of this process's own memory since its exec (ru_maxrss would keep the
    # forking test process's resident size, inherited across fork and exec on Linux)
    with open("/proc/self/status") as status:
        hwm = [line for line in status if line.startswith("VmHWM:")]
    out["peak_mb"] = (int(hwm[0].split()[1]) if hwm else
                      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    print(json.dumps(out))
""")


def run_limited(tmp_path: Path, data: bytes, **limits: object) -> dict:
    """``parse_file`` of ``data`` in a child process limited to 1 GB of address space and
    10 s of processor time; what it gave, its processor time and its peak memory."""
    path = tmp_path / "attack"
    path.write_bytes(data)
    child = _CHILD.format(memory=MEMORY, seconds=SECONDS)
    proc = subprocess.run([sys.executable, "-c", child, str(path), json.dumps(limits)],
                          capture_output=True, text=True, timeout=120)
    # killed by SIGXCPU (over 10 s), a MemoryError or any traceback: a failure
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-3000:])
    out = json.loads(proc.stdout)
    print(path.stat().st_size, out)  # pytest -s shows the figures
    assert out["seconds"] < SECONDS and out["peak_mb"] < MEMORY / 2**20, out
    return out


def refused(out: dict, limit: str) -> None:
    assert out.get("error") == "LimitError" or out.get("limit") == limit, out
    assert out["limit"] == limit and (out["line"], out["column"]) >= (1, 1), out


# --- the cases


def test_docx_whose_part_inflates_to_gigabytes(tmp_path):
    out = run_limited(tmp_path, docx_bomb(2000))  # 2 GB of one part, ~2 MB compressed
    refused(out, "max_uncompressed_mb")
    assert "2000.0 MB" in out["message"]


def test_docx_part_inflating_a_thousand_times_within_the_size_limit(tmp_path):
    out = run_limited(tmp_path, docx_bomb(100))
    refused(out, "max_ratio")


def test_docx_whose_header_understates_a_bomb(tmp_path):
    # the header claims 1 KB; zipfile reads a part no further than its declared size, so the
    # 2 GB never inflate: the part fails its checksum and the file is refused as damaged
    out = run_limited(tmp_path, docx_document_bomb(2000))
    assert out["error"] == "GixparseError" and "DOCX" in out["message"], out


def test_docx_with_xml_entity_expansion(tmp_path):
    out = run_limited(tmp_path, docx_entities(10))  # 10**9 "ha" if expanded
    refused(out, "dtd")


def test_html_nested_a_hundred_thousand_deep(tmp_path):
    out = run_limited(tmp_path, html_nested(100_000))
    refused(out, "max_nesting")
    # as a str, never raising: a report whose every table carries the limit
    report = gixparse.parse(html_nested(100_000).decode())
    tables = ("active", "applications", "review")
    assert {(f.code, f.path) for f in report.findings} == {("limit-exceeded", t) for t in tables}


def test_html_nested_within_the_limit_is_read(tmp_path):
    out = run_limited(tmp_path, html_nested(250))
    assert "error" not in out and "missing-table" in out["findings"], out


def test_html_with_huge_attribute_values_is_read(tmp_path):
    out = run_limited(tmp_path, html_with_attributes(1_000_000, 20))  # 40 MB of attributes
    assert "error" not in out and out["values"] > 100, out
    assert "internal-error" not in out["findings"]


def test_html_attribute_beyond_the_parser_buffer_is_refused(tmp_path):
    out = run_limited(tmp_path, html_with_attributes(12_000_000, 1))  # libxml2 stops at 10 MB and drops the rest
    refused(out, "libxml2 buffer")


def test_html_of_fifty_megabytes_of_semantic_navigation_reads_the_report(tmp_path):
    out = run_limited(tmp_path, html_navigation(50, semantic=True))
    assert "error" not in out and out["values"] > 100, out


def test_html_of_fifty_megabytes_of_div_menus_ends_within_its_time_budget(tmp_path):
    # menus built of plain <div>/<ul> are walked element by element (documents/html.py);
    # 50 MB of them cost more than the budget given here: a clear refusal, on time
    out = run_limited(tmp_path, html_navigation(50, semantic=False), time_budget=5)
    assert out.get("limit") == "time_budget" or ("error" not in out and out["values"] > 100), out


def test_pdf_with_thousands_of_pages(tmp_path):
    out = run_limited(tmp_path, pdf_pages(5000))
    refused(out, "max_pages")


def test_pdf_with_a_page_a_hundred_metres_wide(tmp_path):
    out = run_limited(tmp_path, pdf_wide_page(100 / 0.0254 * 72))
    refused(out, "max_page_points")
    assert "100.00 × 0.28 m" in out["message"]


def test_pdf_whose_content_stream_draws_itself(tmp_path):
    out = run_limited(tmp_path, pdf_self_drawing_form())
    assert "error" not in out and "missing-table" in out["findings"], out


def test_pdf_whose_page_tree_holds_itself(tmp_path):
    out = run_limited(tmp_path, pdf_recursive_pages())
    assert "error" not in out and "missing-table" in out["findings"], out


def test_pdf_whose_objects_refer_to_each_other(tmp_path):
    # pdfminer follows 1 0 R -> 2 0 R -> 1 0 R for ever: the time budget stops it
    out = run_limited(tmp_path, pdf_reference_loop(), time_budget=3)
    refused(out, "time_budget")


def test_pdf_with_a_heavy_content_stream(tmp_path):
    out = run_limited(tmp_path, pdf_many_operators(100_000), time_budget=4)
    assert out.get("limit") == "time_budget" or "missing-table" in out.get("findings", ()), out
