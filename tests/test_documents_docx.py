"""Word files: merged cells as Word stores them, paragraphs and tables in body order."""

from __future__ import annotations

import io
import json
import sys

import pytest

import gixparse
from gixparse.documents import document_text
from tests.conftest import SHARED, needs_shared
from tests.fixtures.documents.build import EXAMPLE, example_blocks, gold_misses, same_reading, to_docx

docx = pytest.importorskip("docx", reason="python-docx is in the test extra")


def test_example_as_word_reads_like_its_text():
    text = EXAMPLE.read_text(encoding="utf-8")
    data = to_docx(example_blocks(text))
    assert b"word/document.xml" in data
    assert same_reading(gixparse.parse(data), gixparse.parse(text)) == []


def _word(build) -> bytes:
    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_vertical_and_horizontal_merges():
    def build(d):
        d.add_paragraph("三、收到和处理政府信息公开申请情况")
        t = d.add_table(rows=3, cols=4)
        label = t.cell(0, 0).merge(t.cell(2, 0))
        label.text = "（三）不予公开"
        for r, (sub, n) in enumerate([("1.属于国家秘密", "1"), ("2.其他法律行政法规禁止公开", "2"), ("3.危及", "3")]):
            t.cell(r, 1).text = sub
            t.cell(r, 2).text = n
        t.cell(0, 3).merge(t.cell(1, 3)).text = "9"  # a value over two rows: read once
        d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")

    text = document_text(_word(build))
    assert text == (
        "三、收到和处理政府信息公开申请情况\n\n"
        "\t（三）不予公开\n\t1.属于国家秘密\n\t1\n\t9\n\n"
        "\t（三）不予公开\n\t2.其他法律行政法规禁止公开\n\t2\n\t\n\n"
        "\t（三）不予公开\n\t3.危及\n\t3\n\t\n\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )


def test_cell_paragraphs_are_joined():
    def build(d):
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "商业"
        t.cell(0, 0).add_paragraph("企业")
        t.cell(0, 1).text = "5"

    assert document_text(_word(build)) == "\t商业企业\n\t5\n"


def _element(xml: str):
    """Raw WordprocessingML (a ``w:p``, ``w:sdt``…) as an element, its namespace declared."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    name, _, rest = xml[1:].partition(">")
    tag, _, attrs = name.partition(" ")
    return parse_xml(f"<{tag} {nsdecls('w')} {attrs}>{rest}")


def _xml(document, xml: str) -> None:
    body = document.element.body
    body.insert(len(body) - 1, _element(xml))  # before w:sectPr


def test_paragraph_text_is_what_python_docx_reads():
    # runs and hyperlinks' runs; tabs as spaces; a text-wrapping break ends a line, a page break
    # is nothing; a tracked insertion (w:ins) is not a run of the paragraph, as python-docx reads it
    def build(d):
        _xml(d, "<w:p><w:r><w:t>一、总体</w:t><w:tab/><w:t>情况</w:t><w:br/><w:t>次行</w:t><w:br w:type=\"page\"/>"
                "<w:noBreakHyphen/><w:ptab/></w:r><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
                "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p>")
        _xml(d, "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件内</w:t></w:r></w:p><w:sdt><w:sdtContent><w:p><w:r>"
                "<w:t>嵌套控件</w:t></w:r></w:p></w:sdtContent></w:sdt></w:sdtContent></w:sdt>")

    paragraphs = [p.text.replace("\t", " ") for p in docx.Document(io.BytesIO(_word(build))).paragraphs]
    assert paragraphs[:1] == ["一、总体 情况\n次行- 链接"]
    assert document_text(_word(build)) == "一、总体 情况次行- 链接\n控件内\n嵌套控件\n"


def test_grid_before_and_layout_table_holding_a_table():
    def build(d):
        t = d.add_table(rows=2, cols=3)
        for c, text in enumerate(["规章", "1", "2"]):
            t.cell(0, c).text = text
        t.cell(1, 1).text, t.cell(1, 2).text = "3", "4"
        tr = t._tbl.tr_lst[1]
        tr.remove(tr.tc_lst[0])
        tr.get_or_add_trPr().append(_element('<w:gridBefore w:val="1"/>'))
        box = d.add_table(rows=1, cols=1).cell(0, 0)
        box.text = "框内段落"
        inner = box.add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "规范性文件", "5"

    assert document_text(_word(build)) == ("\t规章\n\t1\n\t2\n\n\t\n\t3\n\t4\n\n"
                                           "框内段落\n\n\t规范性文件\n\t5\n")


def test_missing_extra_names_it(monkeypatch):
    text = EXAMPLE.read_text(encoding="utf-8")
    data = to_docx(example_blocks(text))
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    with pytest.raises(gixparse.GixparseError, match=r"pip install 'gixparse\[docx\]'"):
        gixparse.parse(data)


@needs_shared
def test_word_file_against_gold():
    gold = json.loads((SHARED / "corpus" / "gold" / "shuyang-fgj-2023.docx.json").read_text(encoding="utf-8"))
    report = gixparse.parse_file(SHARED / "corpus" / "reports" / "shuyang-fgj-2023.docx")
    assert gold_misses(report, gold) == []
    assert (report.agency, report.year, report.template) == (gold["agency"], gold["year"], gold["template"])
    assert [f for f in report.findings if f.severity.value != "info"] == []
    for sid, prefix in gold["sections"].items():
        assert "".join(report.sections[sid].text.split()).startswith("".join(prefix.split()))


# The body is read by an XSLT writing it with marks (docx._marked); the element walk (docx._blocks)
# reads a body whose span values hold a tab. The two must read every body alike, failing alike.

_VALS = ["1", "2", "3", "0", "-1", " 2", "x", "", "2\t", "+2", "٣"]


def _random_body(rng) -> str:
    def run():
        kids = ["<w:rPr><w:b/></w:rPr>"] if rng.random() < 0.5 else []
        for _ in range(rng.randint(0, 3)):
            kids.append(rng.choice([
                '<w:t xml:space="preserve">商业</w:t>', '<w:t xml:space="preserve">a\tb</w:t>', "<w:t>12</w:t>",
                '<w:t xml:space="preserve"> </w:t>', "<w:t>a<w:b/>b</w:t>", "<w:tab/>", "<w:ptab/>", "<w:br/>",
                '<w:br w:type="page"/>', '<w:br w:type="textWrapping"/>', "<w:cr/>", "<w:noBreakHyphen/>",
                "<!-- c -->", "<w:sym/>"]))
        return "<w:r>" + "".join(kids) + "</w:r>"

    def para():
        kids = ['<w:pPr><w:jc w:val="center"/></w:pPr>'] if rng.random() < 0.5 else []
        for _ in range(rng.randint(0, 3)):
            kids.append(rng.choice([run(), run(), f"<w:hyperlink>{run()}{run()}</w:hyperlink>",
                                    f"<w:ins>{run()}</w:ins>", "<w:bookmarkStart/>"]))
        return "<w:p>" + "".join(kids) + "</w:p>"

    def cell(depth):
        props = "<w:tcPr>" + "".join(rng.choice([
            '<w:tcW w:w="10"/>', f'<w:gridSpan w:val="{rng.choice(_VALS)}"/>', "<w:gridSpan/>", "<w:vMerge/>",
            '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="continue"/>', '<w:vMerge w:val=""/>'])
            for _ in range(rng.randint(0, 3))) + "</w:tcPr>"
        kids = [block(depth + 1) for _ in range(rng.randint(0, 3))]
        where = rng.random()
        if where < 0.8:
            kids.insert(0, props)
        elif where < 0.9:
            kids.insert(min(1, len(kids)), props)
        else:
            kids.insert(min(2, len(kids)), props)
            kids.insert(0, "<!-- x -->")
        return "<w:tc>" + "".join(kids) + "</w:tc>"

    def table(depth):
        rows = []
        for _ in range(rng.randint(0, 4)):
            kids = []
            if rng.random() < 0.4:
                kids.append(f'<w:trPr><w:gridBefore w:val="{rng.choice(_VALS[:5])}"/></w:trPr>')
            kids += [cell(depth) for _ in range(rng.randint(0, 4))]
            rows.append("<w:tr>" + "".join(kids) + "</w:tr>")
        return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"

    def block(depth):
        k = rng.random()
        if depth < 3 and k < 0.25:
            return table(depth)
        if k < 0.3:
            return f"<w:sdt><w:sdtPr/><w:sdtContent>{para()}</w:sdtContent></w:sdt>"
        return para()

    return "".join(block(0) for _ in range(rng.randint(1, 5)))


def test_marked_reading_is_the_element_walk():
    import random

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from gixparse.documents import docx as reader

    def outcome(fn):
        try:
            return fn()
        except Exception as exc:
            return repr(exc)

    def marked(body):
        items = reader._marked(body)
        return reader._blocks(body) if items is None else reader._marked_blocks(items)

    rng = random.Random(5)
    tables = 0
    for _ in range(800):
        xml = f"<w:body {nsdecls('w')}>{_random_body(rng)}<w:sectPr/></w:body>"
        body = parse_xml(xml)
        walked = outcome(lambda: reader._blocks(body))  # noqa: B023
        assert outcome(lambda: marked(body)) == walked, xml  # noqa: B023
        tables += not isinstance(walked, str) and any(isinstance(b, reader.TableBlock) for b in walked)
    assert tables > 50
