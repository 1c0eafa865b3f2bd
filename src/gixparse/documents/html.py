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

from lxml import etree
from lxml.etree import _Element

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
_EVENTS = ("start", "end", "comment", "pi")


def _span(value: str | None, default: int = 1) -> int:
    if value is None:
        return default
    try:
        n = int(value.strip())
    except ValueError:
        return default
    return min(n, _MAX_SPAN) if n >= 0 else default


class _Lines:
    """Collects text pieces into lines; ``cut`` ends the current line. With ``out``,
    each line ends there at once as a :class:`Paragraph` (body text); without, lines
    are kept in ``lines`` (a table cell's text)."""

    __slots__ = ("lines", "out", "pieces")

    def __init__(self, out: list[Paragraph | TableBlock] | None = None) -> None:
        self.lines: list[str] = []
        self.out = out
        self.pieces: list[str] = []  # of the line not yet cut

    def cut(self) -> None:
        if self.pieces:
            line = "".join(self.pieces)
            self.pieces.clear()
            if self.out is not None:
                self.out.append(Paragraph(line))
            else:
                self.lines.append(line)


def _rows(table: _Element) -> list[_Element]:
    """The table's rows in document order, not those of tables inside it."""
    rows: list[_Element] = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _cells(row: _Element) -> list[_Element]:
    return [c for c in row if c.tag in ("td", "th")]


def _is_data_table(table: _Element) -> bool:
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = [_cells(r) for r in _rows(table)]
    return any(len(cells) >= 2 for cells in rows) or any(_span(c.get("colspan")) > 1 for cells in rows for c in cells)


def _table(table: _Element) -> TableBlock:
    """Cells on the grid by the HTML table model: each cell takes the first
    position of its row not yet covered by a cell above that spans rows."""
    rows = [_cells(row) for row in _rows(table)]
    texts: dict[_Element, str] = dict.fromkeys((td for row in rows for td in row), "")
    _walk(table, _Lines(), texts)  # every cell's text, in one pass over the table
    taken: set[tuple[int, int]] = set()
    cells: list[SpanCell] = []
    for r, row in enumerate(rows):
        c = 0
        for td in row:
            while (r, c) in taken:
                c += 1
            colspan = max(_span(td.get("colspan")), 1)
            rowspan = _span(td.get("rowspan"))
            rowspan = len(rows) - r if rowspan == 0 else min(max(rowspan, 1), len(rows) - r)
            cells.append(SpanCell(texts[td], r, c, rowspan, colspan))
            if rowspan > 1 or colspan > 1:
                taken.update((rr, cc) for rr in range(r, r + rowspan) for cc in range(c, c + colspan))
            c += colspan
    return TableBlock(tuple(cells))


def _walk(root: _Element, lines: _Lines, cells: dict[_Element, str] | None = None) -> None:
    """Walk ``root`` and what it holds, in one pass and without recursion (a page may
    nest as deep as its parser lets it). Block elements cut lines; a data table becomes
    a :class:`TableBlock` when ``lines`` hands out body text (not inside a cell).

    With ``cells`` (the cells of the data table ``root``), only the text inside those
    cells is read, and each cell's, joined into one line, is put in ``cells``."""
    pieces = lines.pieces  # the hot path: no method call per piece of text
    walker = etree.iterwalk(root, events=_EVENTS)
    cell = None  # the cell being read, with ``cells``
    for event, el in walker:
        if cells is not None and cell is None:  # between the cells of a table: nothing is read
            if event == "start" and el in cells:
                cell = el
                if el.text:
                    pieces.append(el.text)
            continue
        if event == "start":
            tag = el.tag
            if tag in _DROP:
                walker.skip_subtree()
            elif tag == "br":
                lines.cut()
            elif tag == "table" and lines.out is not None and _is_data_table(el):
                walker.skip_subtree()
                lines.cut()
                lines.out.append(_table(el))
            else:
                if tag in _BLOCK:
                    lines.cut()
                if el.text:
                    pieces.append(el.text)
            continue
        if event == "end":
            if el.tag in _BLOCK:
                lines.cut()
            if el is root:
                continue
            if el is cell and cells is not None:
                cells[el] = join_pieces(lines.lines)
                lines.lines.clear()
                cell = None
                continue
        tail = el.tail  # an element's, a comment's or a processing instruction's
        if tail:
            pieces.append(tail)


def blocks(html: str) -> list[Paragraph | TableBlock]:
    """The page's body text and tables, in document order."""
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that names its encoding
    if not html.strip():
        return []
    parser = etree.HTMLParser()
    root = etree.fromstring(html, parser)
    if root is None:
        return []
    root = limits.html_tree(root, parser)
    body = root.find("body")
    out: list[Paragraph | TableBlock] = []
    lines = _Lines(out)
    _walk(body if body is not None else root, lines)
    lines.cut()
    return out


def to_text(html: str) -> str:
    """The page as gixparse text (see :mod:`gixparse.documents`)."""
    return render(blocks(html))
