"""Reader for tab-separated rows (grammars/tab_rows.lark)."""

from __future__ import annotations

import re

from lark import Token, Transformer

from ._grammar import parser
from .grid import BLANK, RULE, Cell, Grid, GridRow, token_cell

__all__ = ["LAYOUT", "PRIORITY", "claims", "read"]

LAYOUT = "tab-rows"
PRIORITY = 20

_MULTI = re.compile(r"[^\t\n]\t|\t\t")  # a line holding two cells or more


def claims(block: str) -> bool:
    return _MULTI.search(block) is not None


class _ToGrid(Transformer):
    def row(self, tokens: list[Token]) -> GridRow:
        cells = [token_cell(tok) for tok in tokens]
        first = tokens[0] if tokens else None
        if first is not None and first.type.startswith("TAB_"):
            # a line that opens with a tab has a blank cell before it
            cells.insert(0, Cell(BLANK, "", first.start_pos, first.start_pos, first.line, first.column))
        padded = False
        while cells and cells[-1].kind == BLANK:
            cells.pop()  # trailing tabs are padding
            padded = True
        return GridRow(tuple(cells), padded)

    def start(self, rows: list[GridRow]) -> list[GridRow]:
        return [r for r in rows if r.cells and not all(c.kind in (RULE, BLANK) for c in r.cells)]


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = parser("tab_rows", _ToGrid).parse(chunk)
    return Grid(tuple(rows), LAYOUT, offset, line)


def render(rows, quirks) -> str:
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
