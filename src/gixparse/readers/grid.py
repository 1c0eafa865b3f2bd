"""The grid every reader produces and placement consumes.

A reader knows its layout and nothing about the form; placement knows the form
and nothing about layouts. Between them stands this grid: rows of cells, each
cell with its kind as the layout's lexer saw it and its place in the input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attrs import fields, frozen
from lark import Token

__all__ = ["BLANK", "LOST", "NA", "RULE", "RUN", "TEXT", "VALUE", "Cell", "Grid", "GridRow", "cell_setters", "make_cell",
           "row_setters", "text_cell", "token_cell", "token_place", "token_start"]

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


def _cell_maker() -> Callable[[str, str, int, int, int, int], Cell]:
    """A function that makes a :class:`Cell` as ``Cell(...)`` does, only cheaper: it sets
    the slots directly (the class has no validators, converters or post-init hook, which
    the assertion checks), where attrs' frozen ``__init__`` goes through
    ``object.__setattr__`` by name for each field. Readers make ~360 cells a report."""
    assert not any(a.validator or a.converter for a in fields(Cell)) and not hasattr(Cell, "__attrs_post_init__")
    new = object.__new__
    s_kind, s_text, s_start, s_end, s_line, s_column = (getattr(Cell, a.name).__set__ for a in fields(Cell))

    def make(kind: str, text: str, start: int, end: int, line: int, column: int) -> Cell:
        cell: Cell = new(Cell)
        s_kind(cell, kind)
        s_text(cell, text)
        s_start(cell, start)
        s_end(cell, end)
        s_line(cell, line)
        s_column(cell, column)
        return cell

    return make


make_cell = _cell_maker()
"""``make_cell(kind, text, start, end, line, column)``: the same cell as ``Cell(...)``, made faster."""


def cell_setters() -> tuple[Callable[[type[Cell]], Cell], tuple[Callable[[Cell, Any], None], ...]]:
    """What :data:`make_cell` does, for a reader's innermost loop to do inline (a call less
    per cell): ``object.__new__`` and the setters of Cell's slots, in field order."""
    return object.__new__, tuple(getattr(Cell, a.name).__set__ for a in fields(Cell))

def row_setters() -> tuple[Callable[[type[GridRow]], GridRow], tuple[Callable[[GridRow, Any], None], ...]]:
    """``object.__new__`` and the setters of GridRow's slots (``cells``, ``padded``), for a reader
    to make a row as :func:`cell_setters` makes a cell (GridRow has no validators, converters or
    post-init hook either)."""
    assert not any(a.validator or a.converter for a in fields(GridRow)) and not hasattr(GridRow, "__attrs_post_init__")
    return object.__new__, tuple(getattr(GridRow, a.name).__set__ for a in fields(GridRow))


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
