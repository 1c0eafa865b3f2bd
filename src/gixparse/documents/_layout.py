"""What every document reader hands over, and how it becomes gixparse text.

A reader turns its document into a list of blocks in document order: a
:class:`Paragraph` (a line of body text) or a :class:`TableBlock` (cells placed
on the table's grid with their spans). :func:`render` writes the blocks out as
text in the one-cell-per-line layout that ``readers/cell_lines.py`` reads; the
rest of the pipeline is shared with every other input.

How spanned cells are written
-----------------------------
A cell that spans rows or columns is one cell of the document, so its text is
written once, at its top-left position. The positions it covers are
*continuations*:

* positions covered across columns (``colspan``, Word's ``gridSpan``) are
  written as blank cells when the spanning cell is a value or a blank, so the
  values after it keep their columns and a number is never read twice
  (``行政许可 | 0 [colspan 3]`` becomes ``行政许可``, ``0``, blank, blank). When
  the spanning cell is a label, the positions it covers across columns are part
  of that label and nothing is written for them: a label is one cell however
  wide it is drawn (``一、本年新收政府信息公开申请数量 [colspan 3]`` is one label
  cell before the row's values);
* positions covered across rows (``rowspan``, Word's ``vMerge``) repeat the
  spanning cell's text when it is a label: a label drawn over several rows is
  the label of each of them (``（三）不予公开`` over its eight sub-rows, so the row
  ``2.其他法律行政法规禁止公开`` reads as a sub-row of ``（三）不予公开``, as it
  does on the form). A value or a blank spanning rows is written in its first
  row only and as a blank cell in the others, so it is never counted twice.

Value cells are lined up on the columns of the header above them, not on grid
positions. A table may draw one form column over two grid columns and merge them
differently in different rows: ``本年增/减`` over grid columns 2–3, then
``行政许可 | 31 [colspan 2] | -4 | 27``, where 31 covers grid columns 1–2. The
header's cells (the nearest rows of two labels or more and no value above) cut
the grid into its columns; each value cell of a row takes, in order, the first of
the header's columns it covers that is still free, so the row still has one cell
under each heading (31, -4, 27). Where that fails (two values under one heading,
a value reaching into the label columns), the row keeps the grid's positions.

Whether a cell is a label or a value is decided by the same cell grammar the
text layouts use (``grammars/cells.lark``), through the cell-per-line reader.

Cell text is one line: line breaks inside a cell (``<br>``, paragraphs of a
Word cell, wrapped lines of a PDF cell) and labels broken into pieces
(``<span>商业</span><span>企业</span>``) are joined with nothing between two
CJK characters and with a space otherwise, so ``商业企业`` is one label while
two numbers on two lines of one cell stay apart (``12 34`` is then text, never
the number 1234).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import NamedTuple

from attrs import frozen

from ..readers.grid import BLANK, TEXT

__all__ = ["Paragraph", "Preformatted", "SpanCell", "TableBlock", "Written", "join_pieces", "render", "squeeze",
           "table_rows"]


@frozen
class Paragraph:
    """A line of body text (a heading, a paragraph, a signature)."""

    text: str


@frozen
class Preformatted:
    """Lines kept as laid out (a PDF page's text in columns): only tabs become
    spaces and trailing spaces go."""

    text: str


class SpanCell(NamedTuple):
    """A cell of a table: its text, where its top-left corner stands on the
    table's grid (0-based) and how many rows and columns it covers. A named
    tuple (immutable, as the blocks are): a reader makes one per cell, in a third
    of the time of a frozen attrs instance."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@frozen
class TableBlock:
    cells: tuple[SpanCell, ...]


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
_LINE_BREAKS = re.compile(r"[ \t\u00a0]*[\r\n]+[ \t\u00a0\r\n]*")


_ANY_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]")


def squeeze(text: str) -> str:
    """Text on one line: a line break between two wide (CJK) characters is
    dropped (as CSS Text 3 does with segment breaks in East Asian text), any
    other run of white space becomes one space."""
    if _ANY_SPACE.search(text) is None:  # most cells: nothing to squeeze
        return text.strip()
    # White space at either end goes in the end (what comes before only turns white space into
    # " " or ""), and a line break there has no character on one side: strip it first, so a
    # line broken only around its text (a cell's source lines) takes the path without breaks.
    text = text.strip()
    if "\n" not in text and "\r" not in text:  # no line break to weigh: runs of white space only
        return _SPACES.sub(" ", text).strip()

    def keep(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if before and after and _wide(before) and _wide(after) else " "

    text = _LINE_BREAKS.sub(keep, text)
    return _SPACES.sub(" ", text).strip()


def join_pieces(pieces: Iterable[str]) -> str:
    """Pieces of one cell (lines, paragraphs, spans) joined into one line."""
    out = ""
    for piece in pieces:
        if not piece or piece.isspace():  # squeezed to nothing (squeeze only turns white space into " " or "")
            continue
        piece = squeeze(piece)
        if not piece:
            continue
        if out and not (_wide(out[-1]) and _wide(piece[0])):
            out += " "
        out += piece
    return out


_cell_kind = None  # readers._cell_kind.cell_kind, imported on first use (not at import: a cycle)


def _kinds() -> Callable[[str], str]:
    global _cell_kind
    if _cell_kind is None:
        from ..readers._cell_kind import cell_kind

        _cell_kind = cell_kind
    return _cell_kind


def _kind(text: str) -> str:
    return _kinds()(text.strip())


_Entry = tuple[SpanCell, str, str]  # a cell covering a grid row: the cell, its one-line text, its kind
_COL_ROW = attrgetter("col", "row")


def _covering(table: TableBlock, n_rows: int) -> list[list[_Entry]]:
    """For each grid row, the cells covering it in column order, with their text
    and its kind (read once per cell, however many rows it covers)."""
    rows: list[list[_Entry]] = [[] for _ in range(n_rows)]
    kind = _kinds()
    for cell in sorted(table.cells, key=_COL_ROW):
        text = squeeze(cell.text)  # join_pieces of the one piece; stripped, as _kind wants it
        entry = (cell, text, kind(text))
        if cell.rowspan == 1:
            rows[cell.row].append(entry)
        else:
            for r in range(cell.row, cell.row + cell.rowspan):
                rows[r].append(entry)
    return rows


def _is_header(covering: list[_Entry], r: int) -> bool:
    """A row of column headings: two labels or more, no value, not more blanks than
    labels, and a cell of its own (not only cells spanning down into it)."""
    labels = blanks = 0
    own = False
    for cell, _, kind in covering:
        if kind == TEXT:
            labels += 1
        elif kind == BLANK:
            blanks += 1
        else:
            return False  # a value (or a mark): not headings
        if cell.row == r:
            own = True
    return labels >= 2 and labels >= blanks and own


class Written(NamedTuple):
    """One cell written for a grid row: its text, the document cell it comes from
    (None for a position no cell covers) and whether it is that cell's own text at
    its top-left position (else a continuation: a label repeated down its rows, or
    a blank for a value's covered position). A named tuple, as :class:`SpanCell`: a
    table makes one per cell and row."""

    text: str
    cell: SpanCell | None = None
    own: bool = False


_BLANK = Written("")  # a blank position (Written is frozen: one instance serves every row)


def _write(cell: SpanCell, text: str, r: int, c: int, label: bool) -> Written | None:
    """What a spanned position of a label-area cell writes (see the module's notes)."""
    if r == cell.row and c == cell.col:
        return Written(text, cell, True)
    if label:
        return Written(text, cell) if c == cell.col else None
    return Written("", cell)


def _grid_row(covering: list[_Entry], r: int, bounds: list[int]) -> list[Written | None] | None:
    """One grid row's cells, None for a position that writes nothing: label cells
    by the table's grid, value cells one per column of the header above
    (``bounds``: where its columns start, and the end, ascending). None when the
    row's cells do not line up with those columns."""
    label_end = 0
    for cell, _, kind in covering:
        if kind == TEXT and cell.col + cell.colspan > label_end:
            label_end = cell.col + cell.colspan
    if label_end not in bounds:
        return None
    at = bounds.index(label_end)
    starts = bounds[at:-1]  # the columns after the labels: [starts[i], ends[i])
    ends = bounds[at + 1:]
    n_groups = len(starts)
    values: list[_Entry] = []
    labels: list[_Entry] = []
    for entry in covering:
        cell = entry[0]
        if cell.col >= label_end:
            values.append(entry)
        elif cell.col + cell.colspan > label_end:
            return None  # a value cell reaching into the label area
        else:
            labels.append(entry)
    under: list[Written | None] = [_BLANK] * n_groups
    last = -1
    for cell, text, kind in values:
        lo, hi = cell.col, cell.col + cell.colspan
        g = last + 1
        while g < n_groups and not (starts[g] < hi and lo < ends[g]):
            g += 1
        if g == n_groups:
            return None  # two cells under one heading: the header does not tell their columns
        # _write at the cell's own column
        under[g] = (Written(text, cell, True) if r == cell.row
                    else Written(text, cell) if kind == TEXT else Written("", cell))
        if hi - lo > 1:  # one column wide, it covers no heading's column but its own
            for i in range(bisect_left(starts, lo), n_groups):  # the columns from lo on
                if starts[i] >= hi:
                    break
                if i != g and ends[i] <= hi and under[i] is _BLANK:
                    under[i] = Written("", cell)  # a heading's column the cell covers: its blank continuation
        last = g
    slots: list[Written | None] = [_BLANK] * label_end
    for cell, text, kind in labels:
        if cell.rowspan == 1 and cell.colspan == 1:  # _write at its own position
            slots[cell.col] = Written(text, cell, True)
            continue
        label = kind == TEXT
        for c in range(cell.col, cell.col + cell.colspan):
            slots[c] = _write(cell, text, r, c, label)
    return slots + under


def _plain_row(covering: list[_Entry], r: int, n_cols: int) -> list[Written | None]:
    """A row by grid positions only (cells that overlap: a malformed table)."""
    slots: list[Written | None] = [_BLANK] * n_cols
    for cell, text, kind in covering:
        label = (cell.rowspan > 1 or cell.colspan > 1) and kind == TEXT
        for c in range(cell.col, cell.col + cell.colspan):
            slots[c] = _write(cell, text, r, c, label)
    return slots


def table_rows(table: TableBlock) -> list[list[Written]]:
    """The table's rows of written cells (positions that write nothing left out;
    rows of blank cells dropped: they carry nothing).

    Value cells are lined up on the columns of the header above them, not on
    grid positions: a table that draws one form column over two grid columns
    may merge them differently in different rows (``本年增/减`` over two
    columns, ``31`` over the first of them and the column before), yet each
    row has one cell under each heading. Where a row's cells do not fit the
    header's columns one to one, the grid's own positions are kept."""
    n_rows = max((c.row + c.rowspan for c in table.cells), default=0)
    n_cols = max((c.col + c.colspan for c in table.cells), default=0)
    identity = list(range(n_cols + 1))
    bounds = identity
    header_bounds: set[int] | None = None
    out: list[list[Written]] = []
    for r, covering in enumerate(_covering(table, n_rows)):
        if _is_header(covering, r):
            if header_bounds is None:
                header_bounds = {0, n_cols}
            header_bounds.update(b for cell, _, _ in covering for b in (cell.col, cell.col + cell.colspan))
            bounds = sorted(header_bounds)
        else:
            header_bounds = None
        row = _grid_row(covering, r, bounds)
        if row is None:
            row = _grid_row(covering, r, identity)
        if row is None:
            row = _plain_row(covering, r, n_cols)
        written = [w for w in row if w is not None]
        if any(w.text for w in written):
            out.append(written)
    return out


def _table_lines(table: TableBlock) -> list[str]:
    lines: list[str] = []
    for row in table_rows(table):
        lines.append("")
        lines.extend("\t" + w.text for w in row)
    return lines


def render(blocks: Sequence[Paragraph | Preformatted | TableBlock]) -> str:
    """The blocks as gixparse text: paragraphs one per line, each table row as
    one line per cell (opened by a tab), tables and rows apart by blank lines."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = squeeze(block.text)
            if text:
                lines.append(text)
        elif isinstance(block, Preformatted):
            lines.extend(line.replace("\t", " ").rstrip() for line in block.text.split("\n"))
        else:
            body = _table_lines(block)
            if body:
                lines.extend(body)
                lines.append("")
    return "\n".join(lines).strip("\n") + "\n"
