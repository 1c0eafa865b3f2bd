"""Reader for one cell per line, rows apart by blank lines (grammars/cell_lines.lark)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from lark import Token

from ._cell_kind import cell_kind
from ._grammar import RowsTransformer, parse
from .grid import BLANK, RULE, TEXT, Cell, CellDraft, Grid, GridRow, GridRowDraft, make_cell, new_draft, token_start

if TYPE_CHECKING:
    from ..render import Quirks

__all__ = ["LAYOUT", "PRIORITY", "claims", "might_claim", "read"]

LAYOUT = "cell-per-line"
PRIORITY = 30


def might_claim(region: str) -> bool:
    """A block claimed holds a tab."""
    return "\t" in region


def claims(block: str) -> bool:
    """Lines that each open one cell with a leading tab (tab rows are asked first)."""
    return block.startswith("\t") or "\n\t" in block


class _ToGrid(RowsTransformer):
    def make_row(self, tok: Token) -> GridRow | None:
        return _row(tok)


@lru_cache(maxsize=8192)
def _line(line: str) -> tuple[bool, str, str, int]:
    """What one line of a row holds: whether a tab opens it (a cell of its own), the
    kind and text of what it holds without the spaces around it, and where that text
    starts in the line. Cached: lines repeat across reports ("\t0", "\t", the form's labels)."""
    stripped = line.lstrip(" ")
    opens = stripped.startswith("\t")
    rest = stripped[1:] if opens else stripped
    body = rest.strip(" ")
    skip = len(line) - len(rest) + (len(rest) - len(rest.lstrip(" ")) if body else 0)
    return opens, cell_kind(body), body, skip


def _row(tok: Token) -> GridRow | None:
    """The cells of a row token (its lines, with the blank lines after it): a line
    opened by a tab is a cell; a line of words with no tab goes on the words above it
    ("结" / "果" / "维" / "持"). None for a row of nothing but rules and blanks."""
    cells: list[Cell] = []
    append = cells.append
    at, first_line, first_column = token_start(tok)
    empty = True  # every cell so far a rule or blank
    lines = tok.value.split("\n")
    while not lines[-1].strip(" "):
        lines.pop()  # the blank lines after the row
    last_kind = ""  # the kind of the last cell made
    for i, line in enumerate(lines):
        opens, kind, body, skip = _line(line)
        start = at + skip
        if not opens and kind == TEXT and last_kind == TEXT:
            prev = cells[-1]
            cells[-1] = make_cell(TEXT, prev.text + body, prev.start, start + len(body), prev.line, prev.column)
        else:
            cell = new_draft(CellDraft)  # make_cell(kind, body, start, start + len(body), line, column), inline
            cell.kind = kind
            cell.text = body
            cell.start = start
            cell.end = start + len(body)
            cell.line = first_line + i
            cell.column = (first_column if i == 0 else 1) + skip
            cell.__class__ = Cell  # type: ignore[assignment]  # the draft becomes the cell
            append(cell)
            last_kind = kind
            if kind not in (RULE, BLANK):
                empty = False
        at += len(line) + 1
    if empty:
        return None
    grid_row = new_draft(GridRowDraft)  # make_row(tuple(cells)), inline
    grid_row.cells = tuple(cells)
    grid_row.padded = False
    grid_row.__class__ = GridRow  # type: ignore[assignment]
    return grid_row


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = cast("list[GridRow]", parse("cell_lines", _ToGrid, chunk))  # the transformer's start
    return Grid(tuple(rows), LAYOUT, offset, line)


def _reads_as_text(piece: str) -> bool:
    """Whether ``piece`` alone on a line is read as words (not a value, a mark or a rule)."""
    if not piece.strip():
        return False
    rows = read("\t" + piece).rows
    return len(rows) == 1 and len(rows[0].cells) == 1 and rows[0].cells[0].kind == TEXT


def _split_label(cell: str, rnd: random.Random) -> list[str]:
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
        pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    if all(_reads_as_text(p) for p in pieces):
        return pieces
    return [cell]


def render(rows: Sequence[Sequence[str]], quirks: Quirks) -> str:
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
