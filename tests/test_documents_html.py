"""HTML pages and fragments: read into the one-cell-per-line text, then the shared pipeline."""

from __future__ import annotations

import json

import pytest

import gixparse
from gixparse.documents import document_text
from gixparse.documents.html import to_text
from tests.conftest import SHARED, needs_shared
from tests.fixtures.documents.build import EXAMPLE, example_blocks, gold_misses, same_reading, to_html


def _cells(text: str) -> list[list[str]]:
    """The table rows of a document text: each a list of its cells."""
    rows = []
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if lines and all(line.startswith("\t") for line in lines):
            rows.append([line[1:] for line in lines])
    return rows


def test_example_as_html_reads_like_its_text():
    text = EXAMPLE.read_text(encoding="utf-8")
    page = to_html(example_blocks(text))
    assert 'rowspan="8"' in page and 'colspan="3"' in page and "<br/>" in page  # the merges are there
    assert same_reading(gixparse.parse(page.encode("utf-8")), gixparse.parse(text)) == []


@pytest.mark.parametrize("encoding,declared", [("gb18030", "gbk"), ("gb18030", "gb2312"), ("utf-16", None)])
def test_html_bytes_in_other_encodings(encoding, declared):
    text = EXAMPLE.read_text(encoding="utf-8")
    page = to_html(example_blocks(text))
    if declared:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
        page = page.replace('<meta charset="utf-8">', meta)
    assert same_reading(gixparse.parse(page.encode(encoding)), gixparse.parse(text)) == []


def test_rowspan_label_applies_to_each_row_it_covers():
    rows = _cells(to_text("""<table>
        <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>
        <tr><td>2.其他法律行政法规禁止公开</td><td>3</td></tr></table>"""))
    assert rows == [["（三）不予公开", "1.属于国家秘密", "0"], ["（三）不予公开", "2.其他法律行政法规禁止公开", "3"]]


def test_spanned_values_are_never_read_twice():
    rows = _cells(to_text("""<table>
        <tr><td>行政许可</td><td colspan="3">7</td></tr>
        <tr><td rowspan="2">5</td><td>a</td><td>1</td><td>2</td></tr>
        <tr><td>b</td><td>3</td><td>4</td></tr></table>"""))
    assert rows == [["行政许可", "7", "", ""], ["5", "a", "1", "2"], ["", "b", "3", "4"]]


def test_label_spanning_columns_is_one_cell():
    rows = _cells(to_text("""<table><tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>26</td><td></td>
        <td>26</td></tr></table>"""))
    assert rows == [["一、本年新收政府信息公开申请数量", "26", "", "26"]]


def test_label_pieces_in_spans_and_breaks_are_joined_but_numbers_are_not():
    rows = _cells(to_text("""<table><tr><td><span>商业</span>
        <span>企业</span></td><td>科研<br>机构</td><td><p>12</p><p>34</p></td></tr></table>"""))
    assert rows == [["商业企业", "科研机构", "12 34"]]


def test_chrome_is_dropped_and_body_text_kept_in_order():
    text = to_text("""<html><head><title>t</title><style>p{}</style></head><body>
        <nav>首页 | 政务公开</nav><script>document.write('二、主动公开政府信息情况')</script>
        <h1>某县某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文<b>加粗</b>接着</p>
        <table><tr><td>规章</td><td>0</td></tr></table><p>六、其他需要报告的事项</p><footer>版权所有</footer>
        </body></html>""")
    assert text == ("某县某局2023年政府信息公开工作年度报告\n一、总体情况\n正文加粗接着\n\n\t规章\n\t0\n\n"
                    "六、其他需要报告的事项\n")


def test_layout_tables_and_one_column_boxes_are_body_text():
    text = to_text("""<table><tr><td><p>一、总体情况</p><p>正文</p>
        <table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>
        <table><tr><td>框里的一段话</td></tr></table>""")
    assert text == "一、总体情况\n正文\n\n\t规章\n\t1\n\n框里的一段话\n"


def test_fragment_and_xml_declaration():
    assert gixparse.parse(b"<p>x</p>").findings  # a fragment parses (as a report with nothing in it)
    text = document_text(b'<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>\xe4\xb8\x80</p></body></html>')
    assert text == "一\n"


@needs_shared
def test_scraped_page_against_gold():
    gold = json.loads((SHARED / "corpus" / "gold" / "shuyang-fgj-2023.json").read_text(encoding="utf-8"))
    report = gixparse.parse_file(SHARED / "corpus" / "reports" / "shuyang-fgj-2023.html")
    assert gold_misses(report, gold) == []
    assert (report.agency, report.year, report.template) == (gold["agency"], gold["year"], gold["template"])
    assert [f for f in report.findings if f.severity.value != "info"] == []
    for sid, prefix in gold["sections"].items():
        assert "".join(report.sections[sid].text.split()).startswith("".join(prefix.split()))
    assert report.tables["applications"].layout == "cell-per-line"


def test_nesting_is_walked_without_recursion():
    # the walk keeps its own stack: a page nested as deep as the parser lets it (256, libxml2's
    # limit) is read with the interpreter's recursion limit far below that depth
    import inspect
    import sys

    from gixparse.documents.html import blocks

    page = "<html><body>" + "<div><span>" * 120 + "一、总体情况<br>正文" + "</span></div>" * 120 + "</body></html>"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        out = blocks(page)
    finally:
        sys.setrecursionlimit(limit)
    assert [b.text for b in out] == ["一、总体情况", "正文"]


def test_comments_and_processing_instructions_keep_the_text_after_them():
    text = to_text("<body><p>一<!-- note -->二<?php x ?>三</p><table><tr><td>规章<!-- c -->甲</td><td>1</td></tr>"
                   "<!-- a row left out --><tr><td>乙</td><td>2</td></tr></table></body>")
    assert text == "一二三\n\n\t规章甲\n\t1\n\n\t乙\n\t2\n"


# The page is read by an XSLT writing its text with marks (html._read_marked); the walk in Python
# (html._walk) reads a page holding a mark character. The two must read every page alike.

_TAGS = ["p", "div", "span", "font", "b", "br", "tr", "td", "th", "tbody", "thead", "tfoot", "script", "style",
         "nav", "li", "ul", "h1", "o:p", "a", "center", "pre", "header", "form", "caption", "section"]
_TEXTS = ["", " ", "\n", "\t", "商业", "企业", "12", "34", " a ", "\u3000", "\xa0", "行政许可", "\n  \n", "x\ty",
          "&amp;", "&nbsp;", "<!-- c -->", "<?pi x?>", "一、"]
_SPANS = ["", ' colspan="2"', ' rowspan="2"', ' colspan="0"', ' rowspan="0"', ' colspan=" 3 "', ' colspan="x"',
          ' rowspan="-1"', ' colspan="２"', ' colspan="1_0"', ' colspan="99"', ' rowspan="+2"', ' colspan=""']


def _random_table(rng, depth):
    rows = []
    for _ in range(rng.randint(0, 4)):
        cells = "".join(f"<{rng.choice(['td', 'td', 'th'])}{rng.choice(_SPANS)}>{_random_html(rng, depth + 1, False)}"
                        f"</td>{rng.choice(['', ' ', 'x', '<!--c-->'])}" for _ in range(rng.randint(0, 4)))
        rows.append(f"<tr>{rng.choice(['', ' ', 'z'])}{cells}</tr>")
    body = "".join(rows)
    if rng.random() < 0.3:
        body = f"<tbody>{body}</tbody>"
    elif rows and rng.random() < 0.15:
        body = f"<thead>{rows[0]}</thead>" + "".join(rows[1:])
    return f"<table>{rng.choice(['', 'cap', '<caption>t</caption>'])}{body}</table>"


def _random_html(rng, depth=0, tables=True):
    out = []
    for _ in range(rng.randint(0, 5)):
        r = rng.random()
        if tables and r > 0.85 and depth < 4:
            out.append(_random_table(rng, depth))
        elif r < 0.4 or depth > 6:
            out.append(rng.choice(_TEXTS))
        else:
            tag = rng.choice(_TAGS + (["table"] if tables else []))
            if tag == "br":
                out.append("<br>")
                continue
            attrs = rng.choice(_SPANS) if tag in ("td", "th") else ""
            close = f"</{tag}>" if rng.random() < 0.9 else ""
            out.append(f"<{tag}{attrs}>{_random_html(rng, depth + 1, tables)}{close}")
    return "".join(out)


def test_marked_reading_is_the_walk():
    import random

    from lxml import etree

    from gixparse.documents import html

    rng = random.Random(9)
    tables = 0
    for _ in range(1500):
        page = _random_html(rng)
        if rng.random() < 0.5:
            page = f"<html><body>{page}</body></html>"
        if not page.strip():
            continue
        root = etree.fromstring(page, etree.HTMLParser())
        if root is None:
            continue
        body = root.find("body")
        body = body if body is not None else root
        walked: list = []
        lines = html._Lines(walked)
        html._walk(body, lines)
        lines.cut()
        assert html._read_marked(body) == walked, page
        tables += any(isinstance(b, html.TableBlock) for b in walked)
    assert tables > 100  # data tables were among them


def test_page_holding_a_mark_character_is_walked():
    from gixparse.documents.html import blocks

    for mark, char in (("\ue000", "\ue000"), ("&#xE000;", "\ue000"), ("&#57345;", "\ue001")):
        out = blocks(f"<body><p>一{mark}二</p><table><tr><td>规章</td><td>1{mark}</td></tr></table></body>")
        assert out[0].text == f"一{char}二"
        assert [c.text for c in out[1].cells] == ["规章", f"1{char}"]
