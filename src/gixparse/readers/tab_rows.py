"""Reader for tab-separated rows (grammars/tab_rows.lark)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from lark import Token

from ._cell_kind import cell_kind
from ._grammar import RowsTransformer, parse
from .grid import BLANK, RULE, Cell, CellDraft, Grid, GridRow, GridRowDraft, new_draft, token_start

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
    at, row, column = token_start(tok)  # at: where the next piece starts
    shift = column - at  # a cell's column is its start + shift (the row is one line)
    empty = True  # every cell so far a rule or blank
    for piece in kept.split("\t"):
        kind, body, lead, size, nothing, step = _piece(piece)
        start = at + lead
        cell = new_draft(CellDraft)  # make_cell(kind, body, start, start + size, row, start + shift), inline
        cell.kind = kind
        cell.text = body
        cell.start = start
        cell.end = start + size
        cell.line = row
        cell.column = start + shift
        cell.__class__ = Cell  # type: ignore[assignment]  # the draft becomes the cell
        append(cell)
        at += step
        if not nothing:
            empty = False
    if empty:
        return None
    grid_row = new_draft(GridRowDraft)  # make_row(tuple(cells), padded), inline
    grid_row.cells = tuple(cells)
    grid_row.padded = "\t" in line[len(kept):]  # trailing tabs are padding
    grid_row.__class__ = GridRow  # type: ignore[assignment]
    return grid_row


class _ToGrid(RowsTransformer):
    make_row = staticmethod(_row)


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
