"""Word ``.docx`` files, read with python-docx (``pip install 'gixparse[docx]'``).

The body is read in document order: paragraphs, tables, and the content of
content controls (``w:sdt``) between them. A table's cells are put on its grid
as Word stores merged cells: a row may skip grid columns before its first cell
(``w:gridBefore``), a cell covers ``w:gridSpan`` columns, and a cell marked
``w:vMerge`` without ``restart`` continues the cell above it in the same grid
column (it is a covered position, never a cell of its own). A table holding
another table, or with one column only, is a layout table: its cells are read as
body text. Headers, footers, footnotes and text boxes are not read.
"""

from __future__ import annotations

import io

from .. import limits
from ._extras import require
from ._layout import Paragraph, SpanCell, TableBlock, join_pieces, render

__all__ = ["blocks", "to_text"]


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _paragraph_text(p) -> str:
    from docx.text.paragraph import Paragraph as DocxParagraph

    return DocxParagraph(p, None).text.replace("\t", " ")


def _inner(container) -> list:
    """``w:p`` and ``w:tbl`` children in order, looking into content controls."""
    out = []
    for child in container.iterchildren():
        if child.tag in (_qn("w:p"), _qn("w:tbl")):
            out.append(child)
        elif child.tag == _qn("w:sdt"):
            content = child.find(_qn("w:sdtContent"))
            if content is not None:
                out.extend(_inner(content))
    return out


def _cell_text(tc) -> str:
    return join_pieces(_paragraph_text(p) for p in _inner(tc) if p.tag == _qn("w:p"))


def _is_layout(tbl) -> bool:
    if tbl.find(".//" + _qn("w:tc") + "//" + _qn("w:tbl")) is not None:
        return True
    widths = [sum(tc.grid_span for tc in tr.tc_lst) for tr in tbl.tr_lst]
    return max(widths, default=0) <= 1


def _table(tbl) -> TableBlock:
    cells: list[SpanCell] = []
    open_at: dict[int, int] = {}  # grid column -> index in cells of the cell a vMerge continues
    for r, tr in enumerate(tbl.tr_lst):
        c = tr.grid_before
        seen: set[int] = set()
        for tc in tr.tc_lst:
            span = max(tc.grid_span, 1)
            merge = tc.vMerge  # None, "restart" or "continue"
            if merge == "continue" and c in open_at:
                i = open_at[c]
                prev = cells[i]
                cells[i] = SpanCell(prev.text, prev.row, prev.col, r - prev.row + 1, prev.colspan)
            else:
                cells.append(SpanCell(_cell_text(tc), r, c, 1, span))
                open_at[c] = len(cells) - 1
            seen.update(range(c, c + span))
            for k in range(c + 1, c + span):
                open_at.pop(k, None)  # covered by this cell: no merge continues there
            c += span
        for col in [k for k in open_at if k not in seen]:
            del open_at[col]  # a column the row left out ends the merge
    return TableBlock(tuple(cells))


def _blocks(items, out: list[Paragraph | TableBlock]) -> None:
    for el in items:
        if el.tag == _qn("w:p"):
            out.append(Paragraph(_paragraph_text(el)))
        elif _is_layout(el):
            for tr in el.tr_lst:
                for tc in tr.tc_lst:
                    _blocks(_inner(tc), out)
        else:
            out.append(_table(el))


def blocks(data: bytes) -> list[Paragraph | TableBlock]:
    docx = require("docx", "docx", "Word (.docx) files")
    document = docx.Document(io.BytesIO(limits.zip_parts(data)))  # sizes, ratio, no DTD: before reading
    out: list[Paragraph | TableBlock] = []
    _blocks(_inner(document.element.body), out)
    return out


def to_text(data: bytes) -> str:
    """The Word file as gixparse text (see :mod:`gixparse.documents`)."""
    return render(blocks(data))
