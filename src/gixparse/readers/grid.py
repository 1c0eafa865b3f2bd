"""The grid every reader produces and placement consumes.

A reader knows its layout and nothing about the form; placement knows the form
and nothing about layouts. Between them stands this grid: rows of cells, each
cell with its kind as the layout's lexer saw it and its place in the input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen
from lark import Token

from ..model import draft_of

__all__ = ["BLANK", "LOST", "NA", "RULE", "RUN", "TEXT", "VALUE", "Cell", "CellDraft", "Grid", "GridRow", "GridRowDraft",
           "make_cell", "make_row", "new_draft", "text_cell", "token_cell", "token_place", "token_start"]

VALUE = "value"  # a number as printed (units and sign words still on)
NA = "na"  # "/", "—", "无": not applicable
TEXT = "text"  # a label or any other words
BLANK = "blank"  # an empty cell
RULE = "rule"  # a separator drawn with dashes
RUN = "run"  # digits glued together that may hold several values (placement splits them)
LOST = "lost"  # a value cell the layout lost track of (a converter moved it out of its row): unknown


@frozen
class Cell:
    """One cell. ``start``/``end`` are offsets into the parsed chunk; ``line`` and
    ``column`` are 1-based within it (see :class:`Grid` for the chunk's origin)."""

    kind: str
    text: str
    start: int
    end: int
    line: int
    column: int


@frozen
class GridRow:
    """A row of cells. ``padded``: the layout dropped blank cells at the row's end as
    padding (tab rows cannot tell padding from blank cells)."""

    cells: tuple[Cell, ...]
    padded: bool = False


@frozen
class Grid:
    """Rows read from one chunk of the input by one layout.

    ``offset`` is the chunk's offset in the normalised text, ``line`` the line it
    starts on and ``column`` the column it starts at (a chunk can start inside a
    line, after a heading). :meth:`position` gives a cell's place in the input.
    """

    rows: tuple[GridRow, ...]
    layout: str
    offset: int = 0
    line: int = 1
    column: int = 1

    def position(self, cell: Cell) -> tuple[int, int]:
        """1-based (line, column) of a cell in the whole input."""
        if cell.line == 1:
            return self.line, cell.column + self.column - 1
        return self.line + cell.line - 1, cell.column


if TYPE_CHECKING:
    class CellDraft(Cell):  # what a draft is to the type checker: a Cell whose fields are writable
        kind: str
        text: str
        start: int
        end: int
        line: int
        column: int

    class GridRowDraft(GridRow):
        cells: tuple[Cell, ...]
        padded: bool
else:
    CellDraft = draft_of(Cell)
    GridRowDraft = draft_of(GridRow)

new_draft = object.__new__
"""``new_draft(CellDraft)``: a cell to fill in (every field, in any order), then made a
:class:`Cell` by ``cell.__class__ = Cell``; the same for ``GridRowDraft`` and :class:`GridRow`.
The reader's innermost loops do so inline; elsewhere :func:`make_cell`."""


def make_cell(kind: str, text: str, start: int, end: int, line: int, column: int) -> Cell:
    """The same cell as ``Cell(kind, text, start, end, line, column)``, made faster (a draft:
    readers make ~380 cells a report)."""
    cell = new_draft(CellDraft)
    cell.kind = kind
    cell.text = text
    cell.start = start
    cell.end = end
    cell.line = line
    cell.column = column
    cell.__class__ = Cell  # type: ignore[assignment]  # a draft becomes the cell (same layout)
    return cell


def make_row(cells: tuple[Cell, ...], padded: bool = False) -> GridRow:
    """The same row as ``GridRow(cells, padded)``, made faster (a draft, as :func:`make_cell`)."""
    row = new_draft(GridRowDraft)
    row.cells = cells
    row.padded = padded
    row.__class__ = GridRow  # type: ignore[assignment]
    return row


def _check_drafts() -> None:
    cell = make_cell("text", "a", 1, 2, 3, 4)
    row = make_row((cell,), True)
    assert type(cell) is Cell and cell == Cell("text", "a", 1, 2, 3, 4)
    assert type(row) is GridRow and row == GridRow((cell,), True)


_check_drafts()


_KINDS = {"VALUE": VALUE, "NA": NA, "RULE": RULE, "TEXT": TEXT, "BLANK": BLANK}


def token_cell(tok: Token) -> Cell:
    """The cell a token of a cells.lark terminal stands for (its kind is the last word
    of the terminal's name); a line break, tab and spaces that open the cell are not
    part of the cell's text or position."""
    start, end, line, column = token_place(tok)
    return text_cell(_KINDS[tok.type.rpartition("_")[2]], str(tok), start, end, line, column)


def text_cell(kind: str, text: str, start: int, end: int, line: int, column: int) -> Cell:
    """The cell of a lexed ``text`` of ``kind`` at ``start``-``end``, ``line``, ``column``
    (as :func:`token_cell`): a line break, tab and spaces that open it are not part of
    the cell's text or position."""
    if text[:1] == "\n":
        body = text.lstrip("\n\t ")
        skip = len(text) - len(body)
        return make_cell(kind, body, start + skip, end, line + 1, skip)
    if text[:1] == "\t":
        body = text.lstrip("\t ")
        skip = len(text) - len(body)
        return make_cell(kind, body, start + skip, end, line, column + skip)
    return make_cell(kind, text, start, end, line, column)


def token_start(tok: Token) -> tuple[int, int, int]:
    """A token's start offset, line and column: the lexer sets them on every token it makes,
    and a reader that cuts tokens out of one gives them theirs (their end may be unset)."""
    if tok.start_pos is None or tok.line is None or tok.column is None:
        raise ValueError(f"the token {tok.type} {str(tok)!r} has no place in the input")
    return tok.start_pos, tok.line, tok.column


def token_place(tok: Token) -> tuple[int, int, int, int]:
    """A lexed token's start and end offsets, line and column (Lark types them optional:
    only a token made by hand lacks them)."""
    if tok.start_pos is None or tok.end_pos is None or tok.line is None or tok.column is None:
        raise ValueError(f"the token {tok.type} {str(tok)!r} has no place in the input")
    return tok.start_pos, tok.end_pos, tok.line, tok.column
