"""PDF files, read with pdfplumber (``pip install 'gixparse[pdf]'``).

Each page is read top to bottom. Tables are found by their ruling lines
(pdfplumber's ``find_tables``); the text above, between and below them is the
page's text in reading order. A PDF with no ruled table at all is read as its
text laid out in columns (``extract_text(layout=True)``, as ``pdftotext -layout``
does), so that tables drawn without lines keep their columns for the text
layouts; when the PDF draws its tables with lines, pages of prose are read as
plain lines of text.

A ruled table's cells are put on a grid by their geometry: the distinct left
and right edges of the cells are the grid's column lines and their tops and
bottoms its row lines, so a merged cell covers the rows and columns its box
spans. A table with one column is a box drawn around text: it is read as
page text. A table cut by a page break is two tables, one per page, which is
how the text layouts see it too; page numbers and running heads between them
are body lines that hold no values.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from typing import TYPE_CHECKING

from .. import limits
from ._extras import require
from ._layout import Paragraph, Preformatted, SpanCell, TableBlock, join_pieces, render

if TYPE_CHECKING:  # an optional dependency: only for its types here
    from pdfplumber.page import Page
    from pdfplumber.table import Table

__all__ = ["blocks", "to_text"]

_SNAP = 2.0  # points: edges closer than this are one grid line


def _lines(positions: list[float]) -> list[float]:
    out: list[float] = []
    for x in sorted(positions):
        if not out or x - out[-1] > _SNAP:
            out.append(x)
    return out


def _index(lines: list[float], x: float) -> int:
    i = bisect_left(lines, x - _SNAP)
    return min(i, len(lines) - 1)


def _table(table: Table) -> TableBlock | None:
    texts = table.extract()
    boxes = [(i, j, bbox) for i, row in enumerate(table.rows) for j, bbox in enumerate(row.cells) if bbox]
    xs = _lines([b[0] for _, _, b in boxes] + [b[2] for _, _, b in boxes])
    ys = _lines([b[1] for _, _, b in boxes] + [b[3] for _, _, b in boxes])
    if len(xs) <= 2:
        return None  # one column: a box around text
    cells = []
    for i, j, (x0, top, x1, bottom) in boxes:
        text = texts[i][j] if i < len(texts) and j < len(texts[i]) else ""
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        cells.append(SpanCell(join_pieces((text or "").split("\n")), r0, c0, max(r1 - r0, 1), max(c1 - c0, 1)))
    return TableBlock(tuple(cells))


def _band_text(page: Page, top: float, bottom: float) -> list[str]:
    top, bottom = max(top, page.bbox[1]), min(bottom, page.bbox[3])
    if bottom - top < 1:
        return []
    text = page.crop((page.bbox[0], top, page.bbox[2], bottom)).extract_text() or ""
    return text.split("\n")


_Blocks = list[Paragraph | Preformatted | TableBlock]


def _page_blocks(page: Page, tables: list[tuple[Table, TableBlock]], out: _Blocks) -> None:
    y = page.bbox[1]
    for table, block in tables:
        top, bottom = table.bbox[1], table.bbox[3]
        if top < y:  # overlaps the one before: not a table of its own
            continue
        out.extend(Paragraph(line) for line in _band_text(page, y, top))
        out.append(block)
        y = bottom
    out.extend(Paragraph(line) for line in _band_text(page, y, page.bbox[3]))


def blocks(data: bytes) -> list[Paragraph | Preformatted | TableBlock]:
    pdfplumber = require("pdfplumber", "pdf", "PDF files")
    out: list[Paragraph | Preformatted | TableBlock] = []
    with pdfplumber.open(io.BytesIO(limits.pdf_data(data))) as pdf:  # page count before any page is built
        pages: list[tuple[Page, list[tuple[Table, TableBlock]]]] = []
        for page in limits.pdf_pages(pdf.pages):  # page size, time budget
            found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            pages.append((page, [(t, b) for t in found if (b := _table(t)) is not None]))
        ruled = any(tables for _, tables in pages)
        for page, tables in pages:
            if ruled:
                _page_blocks(page, tables, out)
            else:
                out.append(Preformatted(page.extract_text(layout=True) or ""))
    return out


def to_text(data: bytes) -> str:
    """The PDF as gixparse text (see :mod:`gixparse.documents`)."""
    return render(blocks(data))
