"""Reader for one cell per line, rows apart by blank lines (grammars/cell_lines.lark)."""

from __future__ import annotations

from lark import Token, Transformer

from ._grammar import parser
from .grid import BLANK, RULE, TEXT, Cell, Grid, GridRow, token_cell

__all__ = ["LAYOUT", "PRIORITY", "claims", "read"]

LAYOUT = "cell-per-line"
PRIORITY = 30


def claims(block: str) -> bool:
    """Lines that each open one cell with a leading tab (tab rows are asked first)."""
    return block.startswith("\t") or "\n\t" in block


class _ToGrid(Transformer):
    def row(self, tokens: list[Token]) -> GridRow:
        cells: list[Cell] = []
        for tok in tokens:
            cell = token_cell(tok)
            if not tok.type.startswith("TAB_") and cells and cells[-1].kind == TEXT and cell.kind == TEXT:
                # a label broken over lines: "结" / "果" / "维" / "持"
                prev = cells[-1]
                cells[-1] = Cell(TEXT, prev.text + cell.text, prev.start, cell.end, prev.line, prev.column)
            else:
                cells.append(cell)
        return GridRow(tuple(cells))

    def start(self, rows: list[GridRow]) -> list[GridRow]:
        return [r for r in rows if r.cells and not all(c.kind in (RULE, BLANK) for c in r.cells)]


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = parser("cell_lines", _ToGrid).parse(chunk)
    return Grid(tuple(rows), LAYOUT, offset, line)
