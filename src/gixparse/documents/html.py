"""HTML pages and fragments, read with lxml's HTML parser.

The page is walked in document order (by an XSLT, in C, that writes the text
with marks where the walk acts; ``_walk`` is the same walk in Python, for a page
holding a mark character). Block elements (``p``, ``div``, ``h1``…,
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
from ._layout import Paragraph, SpanCell, TableBlock, join_pieces, render, squeeze

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


# The walk done by libxslt, in C: the page written as its text, with marks where ``_walk``
# acts. Python then only reads the marks. ``_walk`` stays for a page holding a mark
# character itself (or a reference to one), so that text can never pass for a mark.
#
# ``_MARK`` opens a piece whose first letter says what stands there: ``|`` a cut (a block's
# edge, ``br``); ``T`` a table without a table inside (a data table if its rows say so),
# ``N`` one with a table inside (a layout table); ``E`` a table's end; ``R`` a row of a
# ``T`` table; ``A`` one of its cells: colspan, rowspan and the cell's lines, apart by
# ``_CUT`` (the cuts inside the cell); ``D`` the end of such a cell. The rest of a piece is
# the text that follows the mark.
_MARK, _CUT = "\ue000", "\ue001"
_MARK_REF = re.compile(r"&#(?:[xX]0*[eE]00[01]|0*5734[45])")
_M, _C = _MARK, _CUT
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="/"><xsl:apply-templates select="*"/></xsl:template>
<xsl:template match="comment()|processing-instruction()"/>
<xsl:template match="{"|".join(sorted(_DROP))}"/>
<xsl:template match="br">{_M}|</xsl:template>
<xsl:template match="{"|".join(sorted(_BLOCK - {"table"}))}">{_M}|<xsl:apply-templates/>{_M}|</xsl:template>
<xsl:template match="table"><xsl:choose>
<xsl:when test=".//table">{_M}|{_M}N<xsl:apply-templates/>{_M}|{_M}E</xsl:when>
<xsl:otherwise>{_M}|{_M}T<xsl:apply-templates mode="t"/>{_M}|{_M}E</xsl:otherwise>
</xsl:choose></xsl:template>
<xsl:template match="*" mode="t"><xsl:apply-templates select="."/></xsl:template>
<xsl:template match="thead|tbody|tfoot" mode="t">{_M}|<xsl:apply-templates mode="s"/>{_M}|</xsl:template>
<xsl:template match="*" mode="s"><xsl:apply-templates select="."/></xsl:template>
<xsl:template match="tr" mode="t">{_M}|{_M}R<xsl:apply-templates mode="r"/>{_M}|</xsl:template>
<xsl:template match="tr" mode="s">{_M}|{_M}R<xsl:apply-templates mode="r"/>{_M}|</xsl:template>
<xsl:template match="*" mode="r"><xsl:apply-templates select="."/></xsl:template>
<xsl:template match="td|th" mode="r">{_M}A<xsl:value-of select="@colspan"/>{_C}<xsl:value-of select="@rowspan"/>{_C}<xsl:apply-templates mode="c"/>{_C}{_M}D</xsl:template>
<xsl:template match="*" mode="c"><xsl:apply-templates mode="c"/></xsl:template>
<xsl:template match="{"|".join(sorted(_DROP))}" mode="c"/>
<xsl:template match="br" mode="c">{_C}</xsl:template>
<xsl:template match="{"|".join(sorted(_BLOCK))}" mode="c">{_C}<xsl:apply-templates mode="c"/>{_C}</xsl:template>
</xsl:stylesheet>"""
_transform: etree.XSLT | None = None


def _marked(root: _Element) -> list[str]:
    """The text of ``root`` split at ``_MARK`` (see there)."""
    global _transform
    if _transform is None:
        _transform = etree.XSLT(etree.fromstring(_STYLESHEET))
    return str(_transform(root)).split(_MARK)


def _marked_table(parts: list[str], i: int) -> tuple[int, TableBlock | None]:
    """The table whose ``T`` piece is ``parts[i - 1]``: the index after its ``E`` piece, and
    the table when it is a data table (None for a layout table, read as body text)."""
    rows: list[list[list[str]]] = []  # each cell: colspan, rowspan, its lines
    while True:
        part = parts[i]
        i += 1
        code = part[0]
        if code == "A":
            rows[-1].append(part[1:].split(_CUT))
        elif code == "R":
            rows.append([])
        elif code == "E":
            break
    if not (any(len(row) >= 2 for row in rows) or any(_span(c[0] or None) > 1 for row in rows for c in row)):
        return i, None
    taken: set[tuple[int, int]] = set()
    cells: list[SpanCell] = []
    n_rows = len(rows)
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            span = max(_span(cell[0]), 1) if cell[0] else 1
            rowspan = _span(cell[1]) if cell[1] else 1
            rowspan = n_rows - r if rowspan == 0 else min(max(rowspan, 1), n_rows - r)
            lines = cell[2:]  # a cell of one line: its line, then the empty piece after the last cut
            text = squeeze(lines[0]) if len(lines) == 2 and not lines[1] else join_pieces(lines)
            cells.append(SpanCell(text, r, c, rowspan, span))
            if rowspan > 1 or span > 1:
                taken.update((rr, cc) for rr in range(r, r + rowspan) for cc in range(c, c + span))
            c += span
    return i, TableBlock(tuple(cells))


def _read_marked(root: _Element) -> list[Paragraph | TableBlock]:
    """What ``_walk`` gives for ``root``, read from its marked text."""
    parts = _marked(root)
    out: list[Paragraph | TableBlock] = []
    pieces: list[str] = []
    if parts[0]:
        pieces.append(parts[0])
    i, n = 1, len(parts)
    while i < n:
        part = parts[i]
        i += 1
        code = part[0]
        if code == "|":
            if pieces:
                out.append(Paragraph("".join(pieces)))
                pieces.clear()
        elif code == "T":
            end, table = _marked_table(parts, i)
            if table is not None:
                out.append(table)  # a cut stood just before its mark
                i = end
                part = parts[i - 1]  # its E piece: then the table's tail
        elif code == "A":  # a cell of a layout table: its lines are body text, each after a cut
            for line in part.split(_CUT)[2:]:
                if pieces:
                    out.append(Paragraph("".join(pieces)))
                    pieces.clear()
                if line:
                    pieces.append(line)
            continue
        if len(part) > 1:
            pieces.append(part[1:])
    if pieces:
        out.append(Paragraph("".join(pieces)))
    return out


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
    start = body if body is not None else root
    if _MARK not in html and _CUT not in html and _MARK_REF.search(html) is None:
        return _read_marked(start)
    out: list[Paragraph | TableBlock] = []
    lines = _Lines(out)
    _walk(start, lines)
    lines.cut()
    return out


def to_text(html: str) -> str:
    """The page as gixparse text (see :mod:`gixparse.documents`)."""
    return render(blocks(html))
