"""Reader for tab-separated rows (grammars/tab_rows.lark)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from lark import Token, Transformer

from ._cell_kind import cell_kind
from ._grammar import parser
from .grid import BLANK, RULE, Cell, Grid, GridRow

if TYPE_CHECKING:
    from ..render import Quirks

__all__ = ["LAYOUT", "PRIORITY", "claims", "read"]

LAYOUT = "tab-rows"
PRIORITY = 20

_MULTI = re.compile(r"[^\t\n]\t|\t\t")  # a line holding two cells or more


def claims(block: str) -> bool:
    return _MULTI.search(block) is not None


class _ToGrid(Transformer[Token, list[GridRow]]):
    def start(self, tokens: list[Token]) -> list[GridRow]:
        rows = (_row(tok) for tok in tokens)
        return [r for r in rows if r.cells and not all(c.kind in (RULE, BLANK) for c in r.cells)]


def _row(tok: Token) -> GridRow:
    """The cells of a row token, apart by tabs; spaces around a cell's text are not
    part of it; blank cells at the row's end are padding."""
    cells: list[Cell] = []
    at = 0
    line = str(tok)
    pos, row, col = tok.start_pos, tok.line, tok.column
    assert pos is not None and row is not None and col is not None  # the lexer places every token
    for piece in line.split("\t"):
        body = piece.strip(" ")
        lead = len(piece) - len(piece.lstrip(" ")) if body else 0
        start = at + lead
        cells.append(Cell(cell_kind(body), body, pos + start, pos + start + len(body), row, col + start))
        at += len(piece) + 1
    padded = False
    while cells and cells[-1].kind == BLANK:
        cells.pop()  # trailing tabs are padding
        padded = True
    return GridRow(tuple(cells), padded)


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = cast(list[GridRow], parser("tab_rows", _ToGrid).parse(chunk))  # the transformer's result
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
