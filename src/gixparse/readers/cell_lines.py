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


@lru_cache(maxsize=8192)
def _line(line: str) -> tuple[bool, str, str, int, int, int, bool]:
    """What one line of a row holds: whether it goes on words above it (words on a line
    with no tab), the kind and text of what it holds without the spaces around it, where
    that text starts in the line, its length, how far the next line starts, and whether
    it is a rule or blank. Cached: lines repeat across reports ("\t0", "\t", the form's labels)."""
    stripped = line.lstrip(" ")
    opens = stripped.startswith("\t")  # a cell of its own
    rest = stripped[1:] if opens else stripped
    body = rest.strip(" ")
    skip = len(line) - len(rest) + (len(rest) - len(rest.lstrip(" ")) if body else 0)
    kind = cell_kind(body)
    return not opens and kind == TEXT, kind, body, skip, len(body), len(line) + 1, kind in (RULE, BLANK)


def _row(tok: Token) -> GridRow | None:
    """The cells of a row token (its lines, with the blank lines after it): a line
    opened by a tab is a cell; a line of words with no tab goes on the words above it
    ("结" / "果" / "维" / "持"). None for a row of nothing but rules and blanks."""
    cells: list[Cell] = []
    append = cells.append
    at, row, column = token_start(tok)  # at: where the next line starts; column: the first line's
    empty = True  # every cell so far a rule or blank
    lines = tok.value.split("\n")
    while not lines[-1].strip(" "):
        lines.pop()  # the blank lines after the row
    after_words = False  # the last cell made holds words
    for line in lines:
        goes_on, kind, body, skip, size, step, nothing = _line(line)
        start = at + skip
        if goes_on and after_words:
            prev = cells[-1]
            cells[-1] = make_cell(TEXT, prev.text + body, prev.start, start + size, prev.line, prev.column)
        else:
            cell = new_draft(CellDraft)  # make_cell(kind, body, start, start + size, row, column + skip), inline
            cell.kind = kind
            cell.text = body
            cell.start = start
            cell.end = start + size
            cell.line = row
            cell.column = column + skip
            cell.__class__ = Cell  # type: ignore[assignment]  # the draft becomes the cell
            append(cell)
            after_words = kind == TEXT
            if not nothing:
                empty = False
        at += step
        row += 1
        column = 1
    if empty:
        return None
    grid_row = new_draft(GridRowDraft)  # make_row(tuple(cells)), inline
    grid_row.cells = tuple(cells)
    grid_row.padded = False
    grid_row.__class__ = GridRow  # type: ignore[assignment]
    return grid_row


class _ToGrid(RowsTransformer):
    make_row = staticmethod(_row)


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
