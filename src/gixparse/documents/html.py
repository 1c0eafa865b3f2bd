"""HTML pages and fragments, read with lxml's HTML parser.

The page is walked in document order. Block elements (``p``, ``div``, ``h1``…,
``li``, ``br``…) end a line of body text; inline elements (``span``, ``font``,
``a``…) run on. Scripts, styles, forms and the page's navigation
(``nav``/``header``/``footer``/``aside``) are dropped. What is left before the
report's title (site banners, menus) does no harm: the section finder starts at
the title and the headings.

A ``<table>`` with rows of two cells or more is a data table: its cells are
placed on a grid by the HTML table model (``rowspan``/``colspan``, a cell put
at the first free position of its row) and handed to :func:`._layout.render`,
which writes spanned positions as continuations (see there). A table that holds
another table, or has one column only, is a layout table (a page built with a
table, a boxed paragraph): its cells are read as body text.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .. import limits
from ._layout import Paragraph, SpanCell, TableBlock, join_pieces, render

__all__ = ["blocks", "to_text"]

_DROP = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "nav", "header", "footer",
    "aside", "form", "select", "option", "button", "input", "textarea", "iframe", "object", "embed", "svg",
    "canvas", "map", "audio", "video",
})
_BLOCK = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
# The HTML standard allows colspan up to 1000; the form's widest table has 16 columns, so a
# span this wide is a page's layout trick (or an attack on memory), never a report's cell.
_MAX_SPAN = 64


def _span(value: str | None, default: int = 1) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return min(n, _MAX_SPAN) if n >= 0 else default


class _Lines:
    """Collects text pieces into lines; ``cut`` ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._pieces: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self._pieces.append(text)

    def cut(self) -> None:
        if self._pieces:
            self.lines.append("".join(self._pieces))
            self._pieces = []


def _tag(el: etree._Element) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's rows in document order, not those of tables inside it."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if _tag(c) in ("td", "th")]


def _is_data_table(table: etree._Element) -> bool:
    if any(True for _ in table.iterdescendants("table")):
        return False
    return any(len(_cells(r)) >= 2 for r in _rows(table)) or any(
        _span(c.get("colspan")) > 1 for r in _rows(table) for c in _cells(r))


def _cell_text(cell: etree._Element) -> str:
    lines = _Lines()
    _walk_children(cell, lines, None)
    lines.cut()
    return join_pieces(lines.lines)


def _table(table: etree._Element) -> TableBlock:
    """Cells on the grid by the HTML table model: each cell takes the first
    position of its row not yet covered by a cell above that spans rows."""
    rows = _rows(table)
    taken: set[tuple[int, int]] = set()
    cells: list[SpanCell] = []
    for r, row in enumerate(rows):
        c = 0
        for td in _cells(row):
            while (r, c) in taken:
                c += 1
            colspan = max(_span(td.get("colspan")), 1)
            rowspan = _span(td.get("rowspan"))
            rowspan = len(rows) - r if rowspan == 0 else min(max(rowspan, 1), len(rows) - r)
            cells.append(SpanCell(_cell_text(td), r, c, rowspan, colspan))
            taken.update((rr, cc) for rr in range(r, r + rowspan) for cc in range(c, c + colspan))
            c += colspan
    return TableBlock(tuple(cells))


def _walk_children(el: etree._Element, lines: _Lines, out: list[Paragraph | TableBlock] | None) -> None:
    lines.add(el.text)
    for child in el:
        _walk(child, lines, out)
        lines.add(child.tail)


def _walk(el: etree._Element, lines: _Lines, out: list[Paragraph | TableBlock] | None) -> None:
    """Walk one element. ``out`` receives finished blocks; inside a table cell
    it is None and everything stays text."""
    tag = _tag(el)
    if tag is None or tag in _DROP:
        return
    if tag == "br":
        lines.cut()
        return
    if tag == "table" and out is not None and _is_data_table(el):
        _flush(lines, out)
        out.append(_table(el))
        return
    if tag in _BLOCK:
        lines.cut()
        _walk_children(el, lines, out)
        lines.cut()
        if out is not None:
            _flush(lines, out)
        return
    _walk_children(el, lines, out)


def _flush(lines: _Lines, out: list[Paragraph | TableBlock]) -> None:
    lines.cut()
    out.extend(Paragraph(line) for line in lines.lines)
    lines.lines = []


def blocks(html: str) -> list[Paragraph | TableBlock]:
    """The page's body text and tables, in document order."""
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that names its encoding
    if not html.strip():
        return []
    root = limits.html_tree(lxml.html.document_fromstring(html, parser=(p := lxml.html.HTMLParser())), p)
    body = root.find("body")
    out: list[Paragraph | TableBlock] = []
    lines = _Lines()
    _walk(body if body is not None else root, lines, out)
    _flush(lines, out)
    return out


def to_text(html: str) -> str:
    """The page as gixparse text (see :mod:`gixparse.documents`)."""
    return render(blocks(html))
