"""Word ``.docx`` files, read with python-docx (``pip install 'gixparse[docx]'``).

The body is read in document order: paragraphs, tables, and the content of
content controls (``w:sdt``) between them. A table's cells are put on its grid
as Word stores merged cells: a row may skip grid columns before its first cell
(``w:gridBefore``), a cell covers ``w:gridSpan`` columns, and a cell marked
``w:vMerge`` without ``restart`` continues the cell above it in the same grid
column (it is a covered position, never a cell of its own). A table holding
another table, or with one column only, is a layout table: its cells are read as
body text. Headers, footers, footnotes and text boxes are not read.

python-docx opens the package (its parts, relationships and XML parser, after
:func:`gixparse.limits.zip_parts` has checked sizes and DTDs); the body's XML is
then read once by an XSLT (libxslt, in C) that writes what the reader needs with
marks, without an element proxy per node (python-docx's are Python classes); the
element walk ``_blocks`` reads a body whose values would be mistaken for marks. A paragraph's text is what python-docx's
``Paragraph.text`` gives: the runs (``w:r``) and the runs of hyperlinks that are
its children, a run being its ``w:t`` text, ``w:tab``/``w:ptab`` (a tab, written
as a space), ``w:br`` of the text-wrapping kind and ``w:cr`` (a line break) and
``w:noBreakHyphen`` (``-``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from .. import limits
from ._extras import require
from ._layout import Paragraph, SpanCell, TableBlock, join_pieces, render, squeeze

__all__ = ["blocks", "to_text"]

_Element = Any  # an lxml element of python-docx's tree (lxml ships no type information)

# WordprocessingML names (ECMA-376 Part 1, §17): the namespace is the standard's, not python-docx's
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _SDT, _SDT_CONTENT = _W + "p", _W + "tbl", _W + "sdt", _W + "sdtContent"
_TR, _TC, _TR_PR, _TC_PR = _W + "tr", _W + "tc", _W + "trPr", _W + "tcPr"
_GRID_BEFORE, _GRID_SPAN, _V_MERGE = _W + "gridBefore", _W + "gridSpan", _W + "vMerge"
_R, _HYPERLINK, _T, _BR = _W + "r", _W + "hyperlink", _W + "t", _W + "br"
_VAL, _TYPE = _W + "val", _W + "type"
# what a run's other children stand for (w:tab and w:ptab are tabs, written as spaces)
_RUN_CHARS = {_W + "tab": " ", _W + "ptab": " ", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _run_text(run: _Element, pieces: list[str]) -> None:
    for child in run:
        tag = child.tag
        if tag == _T:
            if child.text:
                pieces.append(child.text)
        elif tag == _BR:
            if child.get(_TYPE, "textWrapping") == "textWrapping":  # a page or column break is no text
                pieces.append("\n")
        elif tag in _RUN_CHARS:
            pieces.append(_RUN_CHARS[tag])


def _paragraph_text(p: _Element) -> str:
    pieces: list[str] = []
    for child in p:
        tag = child.tag
        if tag == _R:
            _run_text(child, pieces)
        elif tag == _HYPERLINK:
            for run in child:
                if run.tag == _R:
                    _run_text(run, pieces)
    return "".join(pieces).replace("\t", " ")


def _inner(container: _Element) -> Iterator[_Element]:
    """``w:p`` and ``w:tbl`` children in order, looking into content controls."""
    todo = [iter(container)]
    while todo:
        for child in todo[-1]:
            tag = child.tag
            if tag in (_P, _TBL):
                yield child
            elif tag == _SDT:
                content = next((c for c in child if c.tag == _SDT_CONTENT), None)
                if content is not None:
                    todo.append(iter(content))
                    break
        else:
            todo.pop()


def _props(el: _Element, tag: str) -> _Element | None:
    """The properties child ``tag`` (``w:tcPr``, ``w:trPr``) of ``el``: by the schema one of
    its first two children (``w:trPr`` may follow ``w:tblPrEx``). Indexing is lxml's C; a
    ``find`` or a tag-filtered iterator costs microseconds each, per cell."""
    for i in range(min(len(el), 2)):
        if el[i].tag == tag:
            return el[i]
    return None


def _number(value: str | None, default: int) -> int:
    return default if value is None else int(value)


def _cells(tr: _Element) -> list[tuple[_Element, int, str | None]]:
    """A row's cells: each with the grid columns it covers and its ``vMerge`` (None,
    ``restart`` or ``continue``, which an empty ``w:vMerge`` means)."""
    out = []
    for tc in tr:
        if tc.tag != _TC:
            continue
        span, merge = 1, None
        props = _props(tc, _TC_PR)
        if props is not None:
            for prop in props:
                tag = prop.tag
                if tag == _GRID_SPAN:
                    span = _number(prop.get(_VAL), 1)
                elif tag == _V_MERGE:
                    merge = prop.get(_VAL, "continue")
        out.append((tc, span, merge))
    return out


def _grid_before(tr: _Element) -> int:
    props = _props(tr, _TR_PR)
    if props is not None:
        for prop in props:
            if prop.tag == _GRID_BEFORE:
                return _number(prop.get(_VAL), 0)
    return 0


def _cell_text(tc: _Element) -> str:
    return join_pieces(_paragraph_text(p) for p in _inner(tc) if p.tag == _P)


def _is_layout(rows: list[list[tuple[_Element, int, str | None]]], tbl: _Element) -> bool:
    for inner in tbl.iterdescendants(_TBL):  # a table inside one of its cells
        el = inner.getparent()
        while el is not None and el is not tbl:
            if el.tag == _TC:
                return True
            el = el.getparent()
    return max((sum(span for _, span, _ in cells) for cells in rows), default=0) <= 1


def _table(trs: list[_Element], rows: list[list[tuple[_Element, int, str | None]]]) -> TableBlock:
    placed: list[list[Any]] = []
    open_at: dict[int, list[Any]] = {}  # grid column -> the placed cell a vMerge continues
    for r, (tr, row) in enumerate(zip(trs, rows, strict=True)):
        _place_row(placed, open_at, r, _grid_before(tr),
                   [(tc, grid_span, merge == "continue") for tc, grid_span, merge in row], _cell_text)
    return TableBlock(tuple(SpanCell(*cell) for cell in placed))


def _place_row(placed: list[list[Any]], open_at: dict[int, list[Any]], r: int, c: int,
               row: list[tuple[Any, int, bool]], text: Callable[[Any], str]) -> None:
    """Place row ``r``'s cells from grid column ``c``: each (what ``text`` reads its text
    from, only when it opens a cell; its grid span; whether it continues a vertical merge).
    A placed cell is ``[text, row, col, rowspan, colspan]``, :class:`SpanCell`'s fields."""
    start = c
    for source, grid_span, continues in row:
        span = grid_span if grid_span > 1 else 1
        prev = open_at.get(c) if continues else None
        if prev is not None:
            prev[3] = r - prev[1] + 1
        else:
            cell = [text(source), r, c, 1, span]
            placed.append(cell)
            open_at[c] = cell
        for k in range(c + 1, c + span):
            open_at.pop(k, None)  # covered by this cell: no merge continues there
        c += span
    for col in [k for k in open_at if not start <= k < c]:
        del open_at[col]  # a column the row left out ends the merge


def _blocks(body: _Element) -> list[Paragraph | TableBlock]:
    """The body's paragraphs and tables in order; a layout table's cells read as body
    text, in one pass and without recursion."""
    out: list[Paragraph | TableBlock] = []
    todo = [_inner(body)]
    while todo:
        for el in todo[-1]:
            if el.tag == _P:
                out.append(Paragraph(_paragraph_text(el)))
                continue
            trs = list(el.iterchildren(_TR))
            rows = [_cells(tr) for tr in trs]
            if not _is_layout(rows, el):
                out.append(_table(trs, rows))
                continue
            todo.append(_inner_all(tc for cells in rows for tc, _, _ in cells))
            break
        else:
            todo.pop()
    return out


def _inner_all(containers: Iterator[_Element]) -> Iterator[_Element]:
    for container in containers:
        yield from _inner(container)


# The body read by libxslt, in C, without an element proxy per node (python-docx's proxies
# are Python classes, slow to make): the body written out with a mark before each thing
# ``_blocks`` reads. A mark is a tab and a letter: tabs in a paragraph's text are spaces
# (as ``_paragraph_text`` writes them), so a tab in the output is always a mark.
#
# ``P`` a paragraph (then its text); ``T`` a table, ``L`` one with a table inside a cell;
# ``R`` a row (``R=`` and its ``w:gridBefore`` value when it has one); ``C`` a cell, then
# ``G`` for each of its ``w:gridSpan`` (``G=`` and the value when it has one) and ``V``
# when the cell continues a vertical merge; ``E`` a table's end; ``X`` an attribute value holding a tab (read by
# ``_blocks`` instead). The contents of ``w:sdt`` are read where they stand, as ``_inner`` does.
_WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FIRST_TWO = "not(preceding-sibling::node()[not(self::text())][2])"  # _props: one of the first two children
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
 xmlns:w="{_WNS}">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="/"><xsl:apply-templates select="*/w:p|*/w:tbl|*/w:sdt"/></xsl:template>
<xsl:template match="w:sdt"><xsl:apply-templates select="w:sdtContent[1]/w:p|w:sdtContent[1]/w:tbl|w:sdtContent[1]/w:sdt"/></xsl:template>
<xsl:template match="w:p">&#9;P<xsl:apply-templates select="w:r/*|w:hyperlink/w:r/*"/></xsl:template>
<xsl:template match="w:tbl"><xsl:choose><xsl:when test=".//w:tbl and .//w:tc//w:tbl">&#9;L</xsl:when><xsl:otherwise>&#9;T</xsl:otherwise></xsl:choose><xsl:apply-templates select="w:tr"/>&#9;E</xsl:template>
<xsl:template match="w:tr">&#9;R<xsl:for-each select="w:trPr[{_FIRST_TWO}][1]/w:gridBefore[1]/@w:val"><xsl:call-template name="value"/></xsl:for-each><xsl:apply-templates select="w:tc"/></xsl:template>
<xsl:template match="w:tc"><xsl:variable name="props" select="w:tcPr[{_FIRST_TWO}][1]"/>&#9;C<xsl:for-each select="$props/w:gridSpan">&#9;G<xsl:for-each select="@w:val"><xsl:call-template name="value"/></xsl:for-each></xsl:for-each><xsl:for-each select="$props/w:vMerge[last()][not(@w:val) or @w:val = 'continue']">&#9;V</xsl:for-each><xsl:apply-templates select="w:p|w:tbl|w:sdt"/></xsl:template>
<xsl:template name="value"><xsl:choose><xsl:when test="contains(., '&#9;')">&#9;X</xsl:when><xsl:otherwise>=<xsl:value-of select="."/></xsl:otherwise></xsl:choose></xsl:template>
<xsl:template match="w:t"><xsl:value-of select="translate(node()[1][self::text()], '&#9;', ' ')"/></xsl:template>
<xsl:template match="w:tab|w:ptab"><xsl:text> </xsl:text></xsl:template>
<xsl:template match="w:br[not(@w:type) or @w:type = 'textWrapping']|w:cr"><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="w:noBreakHyphen">-</xsl:template>
<xsl:template match="*"/>
</xsl:stylesheet>"""
_transform: Any = None

_Item = Any  # a paragraph's text (str) or a table: [has a table in a cell, rows]; a row: [gridBefore, cells];
# a cell: [its gridSpan values, continues a vertical merge, items]


def _marked(body: _Element) -> list[_Item] | None:
    """The body's paragraphs and tables as read from its marked text (None when an
    attribute value holds a tab: ``_blocks`` reads that body)."""
    global _transform
    if _transform is None:
        from lxml import etree

        _transform = etree.XSLT(etree.fromstring(_STYLESHEET))
    text = str(_transform(body))
    if "\tX" in text:
        return None
    items: list[_Item] = []
    content: list[_Item] = items  # where paragraphs go: the body, or the cell being read
    table: list[Any] = []
    cell: list[Any] = []
    stack: list[tuple[list[Any], list[_Item]]] = []
    for part in text.split("\t")[1:]:
        code = part[0]
        if code == "P":
            content.append(part[1:])
        elif code == "C":
            cell = [[], False, []]
            table[1][-1][1].append(cell)
            content = cell[2]
        elif code == "G":
            cell[0].append(part[2:] if len(part) > 1 else None)
        elif code == "R":
            table[1].append([part[2:] if len(part) > 1 else None, []])
        elif code == "V":
            cell[1] = True
        elif code == "E":
            table, content = stack.pop()
        else:  # T or L
            new: list[Any] = [code == "L", []]
            content.append(new)
            stack.append((table, content))
            table = new
    return items


def _span(values: list[str | None]) -> int:
    """A cell's span from its ``w:gridSpan`` values, read as ``_cells`` reads them (each
    one, in order; the last counts)."""
    span = 1
    for value in values:
        span = _number(value, 1)
    return span


def _marked_blocks(items: list[_Item]) -> list[Paragraph | TableBlock]:
    """What ``_blocks`` gives, from the items of :func:`_marked`, in the same order (a
    layout table's cells read as body text before what follows the table)."""
    out: list[Paragraph | TableBlock] = []
    todo = [iter(items)]
    while todo:
        for item in todo[-1]:
            if isinstance(item, str):
                out.append(Paragraph(item))
                continue
            nested, rows = item
            spans = [[_span(cell[0]) if cell[0] else 1 for cell in row[1]] for row in rows]
            if not nested and max((sum(row) for row in spans), default=0) > 1:
                out.append(_marked_table(rows, spans))
                continue
            todo.append(iter([x for row in rows for cell in row[1] for x in cell[2]]))
            break
        else:
            todo.pop()
    return out


def _marked_table(rows: list[Any], spans: list[list[int]]) -> TableBlock:
    """:func:`_table` on marked rows."""
    placed: list[list[Any]] = []
    open_at: dict[int, list[Any]] = {}  # grid column -> the placed cell a vMerge continues
    for r, (row, row_spans) in enumerate(zip(rows, spans, strict=True)):
        _place_row(placed, open_at, r, _number(row[0], 0),
                   [(content, grid_span, merge) for (_, merge, content), grid_span in zip(row[1], row_spans, strict=True)],
                   _joined)
    return TableBlock(tuple(SpanCell(*cell) for cell in placed))


def _joined(paragraphs: list[str]) -> str:
    """A cell's paragraphs joined into one line: :func:`join_pieces` (of one piece, that
    is :func:`squeeze` of it)."""
    return squeeze(paragraphs[0]) if len(paragraphs) == 1 else join_pieces(paragraphs)


def blocks(data: bytes) -> list[Paragraph | TableBlock]:
    docx = require("docx", "docx", "Word (.docx) files")
    document = docx.Document(io.BytesIO(limits.zip_parts(data)))  # sizes, ratio, no DTD: before reading
    body = document.element.body
    items = _marked(body)
    return _blocks(body) if items is None else _marked_blocks(items)


def to_text(data: bytes) -> str:
    """The Word file as gixparse text (see :mod:`gixparse.documents`)."""
    return render(blocks(data))
