"""Reader for tab-separated rows (grammars/tab_rows.lark)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from lark import Token

from ._cell_kind import cell_kind
from ._grammar import RowsTransformer, parse
from .grid import BLANK, RULE, Cell, Grid, GridRow, cell_setters, row_setters, token_start

if TYPE_CHECKING:
    from ..render import Quirks

__all__ = ["LAYOUT", "PRIORITY", "claims", "might_claim", "read"]

LAYOUT = "tab-rows"
PRIORITY = 20


def might_claim(region: str) -> bool:
    """A block claimed holds a tab."""
    return "\t" in region


def claims(block: str) -> bool:
    """A line holding two cells or more: a tab that does not open its line (what the
    pattern ``[^\t\n]\t|\t\t`` finds, counted in C: more tabs than open lines)."""
    return block.count("\t") > block.count("\n\t") + block.startswith("\t")


class _ToGrid(RowsTransformer):
    def make_row(self, tok: Token) -> GridRow | None:
        return _row(tok)


_new, (_kind, _text, _start, _end, _line, _column) = cell_setters()
_new_row, (_cells, _padded) = row_setters()


@lru_cache(maxsize=8192)
def _piece(piece: str) -> tuple[str, str, int, int, bool, int]:
    """What a cell's piece of a row holds: its kind, its text without the spaces around
    it, where that text starts in the piece, its length, whether it is a rule or blank,
    and how far the next piece starts. Cached: pieces repeat across reports ("0", "",
    "/", the form's labels)."""
    body = piece.strip(" ")
    kind = cell_kind(body)
    lead = len(piece) - len(piece.lstrip(" ")) if body else 0
    return kind, body, lead, len(body), kind in (RULE, BLANK), len(piece) + 1


def _row(tok: Token) -> GridRow | None:
    """The cells of a row token (a line, with the line breaks after it), apart by tabs;
    spaces around a cell's text are not part of it; blank cells at the row's end are
    padding (never made). None for a row of nothing but rules and blanks."""
    line = tok.value.partition("\n")[0]
    kept = line.rstrip("\t ")  # up to the last cell that is not blank
    if not kept:
        return None
    cells: list[Cell] = []
    append = cells.append
    pos, row, col = token_start(tok)
    at = 0
    empty = True  # every cell so far a rule or blank
    for piece in kept.split("\t"):
        kind, body, lead, size, nothing, step = _piece(piece)
        start = at + lead
        cell = _new(Cell)  # make_cell(kind, body, pos + start, pos + start + size, row, col + start), inline
        _kind(cell, kind)
        _text(cell, body)
        _start(cell, pos + start)
        _end(cell, pos + start + size)
        _line(cell, row)
        _column(cell, col + start)
        append(cell)
        at += step
        if not nothing:
            empty = False
    if empty:
        return None
    grid_row = _new_row(GridRow)  # GridRow(tuple(cells), padded), inline
    _cells(grid_row, tuple(cells))
    _padded(grid_row, "\t" in line[len(kept):])  # trailing tabs are padding
    return grid_row


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = cast(list[GridRow], parse("tab_rows", _ToGrid, chunk))  # the transformer's result
    return Grid(tuple(rows), LAYOUT, offset, line)


def render(rows: Sequence[Sequence[str]], quirks: Quirks) -> str:
    """Rows of cell strings as tab-separated rows, one row per line (the inverse
    of :func:`read`). With ``quirks.blank_lines`` some rows are set apart by blank
    lines, some holding spaces, which the grammar reads past."""
    rnd = quirks.random_for(LAYOUT, *("\t".join(r) for r in rows))
    lines: list[str] = []
    for i, row in enumerate(rows):
        if i and quirks.blank_lines and quirks.hits(rnd):
            lines.extend(" " * rnd.randrange(3) for _ in range(rnd.randint(1, 2)))
        lines.append("\t".join(row))
    return "\n".join(lines)
