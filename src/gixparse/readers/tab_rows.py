"""Reader for tab-separated rows (grammars/tab_rows.lark)."""

from __future__ import annotations

import re

from lark import Token, Transformer

from ._grammar import parser
from .grid import BLANK, RULE, Grid, GridRow, token_cell

__all__ = ["LAYOUT", "PRIORITY", "claims", "read"]

LAYOUT = "tab-rows"
PRIORITY = 20

_MULTI = re.compile(r"[^\t\n]\t|\t\t")  # a line holding two cells or more


def claims(block: str) -> bool:
    return _MULTI.search(block) is not None


class _ToGrid(Transformer):
    def row(self, tokens: list[Token]) -> GridRow:
        cells = [token_cell(tok) for tok in tokens]
        while cells and cells[-1].kind == BLANK:
            cells.pop()  # trailing tabs are padding
        return GridRow(tuple(cells))

    def start(self, rows: list[GridRow]) -> list[GridRow]:
        return [r for r in rows if r.cells and not all(c.kind in (RULE, BLANK) for c in r.cells)]


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = parser("tab_rows", _ToGrid).parse(chunk)
    return Grid(tuple(rows), LAYOUT, offset, line)
