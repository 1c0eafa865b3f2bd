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
            if "TAB_" not in tok.type and cells and cells[-1].kind == TEXT and cell.kind == TEXT:
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


def _reads_as_text(piece: str) -> bool:
    """Whether ``piece`` alone on a line is read as words (not a value, a mark or a rule)."""
    if not piece.strip():
        return False
    rows = read("\t" + piece).rows
    return len(rows) == 1 and len(rows[0].cells) == 1 and rows[0].cells[0].kind == TEXT


def _split_label(cell: str, rnd) -> list[str]:
    """A label broken over lines: one character a line ("结" "果" "维" "持") for a short
    label, else two or three pieces; every piece must still read as words, so that the
    reader joins them again. The label unbroken when no such split is drawn."""
    body = cell.strip()
    if len(body) < 2 or not _reads_as_text(cell):
        return [cell]
    if len(body) <= 6 and rnd.random() < 0.5:
        pieces = list(body)
    else:
        cuts = sorted(rnd.sample(range(1, len(body)), min(len(body) - 1, rnd.randint(1, 2))))
        pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)])]
    if all(_reads_as_text(p) for p in pieces):
        return pieces
    return [cell]


def render(rows, quirks) -> str:
    """Rows of cell strings one cell per line, each opened by a tab, rows apart by a
    blank line (the inverse of :func:`read`). With ``quirks.split_labels`` some labels
    go on over continuation lines without a tab; with ``quirks.blank_lines`` some rows
    are set apart by more than one blank line."""
    rnd = quirks.random_for(LAYOUT, *("\t".join(r) for r in rows))
    out: list[str] = []
    for i, row in enumerate(rows):
        if i:
            out.append("")
            if quirks.blank_lines and quirks.hits(rnd):
                out.extend(" " * rnd.randrange(3) for _ in range(rnd.randint(1, 2)))
        for cell in row:
            pieces = _split_label(cell, rnd) if quirks.split_labels and quirks.hits(rnd) else [cell]
            out.append("\t" + pieces[0])
            out.extend(pieces[1:])
    return "\n".join(out)
