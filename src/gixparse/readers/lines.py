"""Reader for one cell per line with no tabs and blank cells dropped (grammars/lines.lark).

This is the text scrapers most often keep of a web page's tables: every cell's
text on a line of its own, empty cells gone, labels broken where the page broke
them into spans. A label line after value lines starts a new row. Each line of
a label stays a cell of its own (a fragment such as "、本" cannot be told from a
cell), placement matches the row by its fragments.

``DROPS_BLANKS`` tells placement that a row printing fewer values than the form
has columns lost its blank cells, so its values are placed by the identities only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from lark import Token, Transformer

from ._cell_kind import cell_kind
from ._grammar import parse
from .grid import NA, RULE, TEXT, VALUE, Cell, CellDraft, Grid, GridRow, make_row, new_draft, text_cell, token_place

if TYPE_CHECKING:
    from ..render import Quirks

__all__ = ["DROPS_BLANKS", "LAYOUT", "PRIORITY", "claims", "read", "render"]

LAYOUT = "cell-per-line-dropped-blanks"
PRIORITY = 85
DROPS_BLANKS = True

_MIN_LINES = 8


_VALUE_OR_NA = (VALUE, NA)


def _is_value(line: str) -> bool:
    return cell_kind(line.strip()) in _VALUE_OR_NA


def claims(block: str) -> bool:
    """Many short lines with no tabs or pipes, at least a quarter of them bare values."""
    if "\t" in block or "|" in block:
        return False
    lines = list(filter(None, map(str.strip, block.split("\n"))))  # each line's text, stripped once
    count = len(lines)
    if count < _MIN_LINES:
        return False
    short = count - sum(map(_LONGER_THAN_SHORT, map(len, lines)))  # lines of 24 characters or fewer
    if short * 4 < count * 3:
        return False
    kinds = list(map(cell_kind, lines))
    return (kinds.count(VALUE) + kinds.count(NA)) * 4 >= count


_LONGER_THAN_SHORT = (24).__lt__  # a length over 24: the line is not short (counted in C by claims)


_KIND_OF = {"LINE_VALUE": VALUE, "LINE_NA": NA, "LINE_RULE": RULE, "LINE_TEXT": TEXT}


def _cell(tok: Token) -> Cell:
    """The cell of a line's token: its text and place, the line break it holds left out."""
    text = tok.value
    pos, end, line, column = token_place(tok)
    if text[-1:] == "\n":
        text = text[:-1]
        end -= 1
    first = text[:1]
    if first == "\n" or first == "\t":  # never lexed so (TEXT, VALUE, NA and RULE open otherwise): as token_cell
        return text_cell(_KIND_OF[tok.type], text, pos, end, line, column)
    cell = new_draft(CellDraft)  # make_cell(kind, text, pos, end, line, column), inline
    cell.kind = _KIND_OF[tok.type]
    cell.text = text
    cell.start = pos
    cell.end = end
    cell.line = line
    cell.column = column
    cell.__class__ = Cell  # type: ignore[assignment]  # the draft becomes the cell
    return cell


class _ToGrid(Transformer[Token, list[GridRow]]):
    def label(self, children: list[Any]) -> list[Cell]:
        """``label: X | label X``: the lines' cells in one list."""
        if len(children) == 1:
            return [_cell(children[0])]
        cells: list[Cell] = children[0]
        cells.append(_cell(children[1]))
        return cells

    values = label

    def parts(self, children: list[Any]) -> list[list[Cell]]:
        """``parts: values? | parts label values``: the labels' and values' cells, in order."""
        if not children:
            return []
        if len(children) == 1:  # the values before the first label
            return [children[0]]
        parts: list[list[Cell]] = children[0]
        parts.append(children[1])
        parts.append(children[2])
        return parts

    def start(self, children: list[Any]) -> list[GridRow]:
        parts: list[list[Cell]] = children[0]
        if len(children) == 2:  # a label after the last values
            parts.append(children[1])
        rows: list[GridRow] = []
        cells: list[Cell] = []
        for part in parts:
            if part and part[0].kind in ("text", "rule") and cells and cells[-1].kind not in ("text", "rule"):
                rows.append(make_row(tuple(cells)))
                cells = []
            cells.extend(c for c in part if c.kind != RULE)
        if cells:
            rows.append(make_row(tuple(cells)))
        return rows


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = cast("list[GridRow]", parse("lines", _ToGrid, chunk))  # the transformer's start
    return Grid(tuple(rows), LAYOUT, offset, line)


def render(rows: Iterable[Sequence[str]], quirks: Quirks | None = None) -> str:
    """Rows of cell strings as a scraper's ``get_text("\\n", strip=True)`` keeps them:
    each cell's text on a line of its own, empty cells gone. With the ``split_labels``
    quirk (a :class:`gixparse.render.Quirks`) some labels are broken over two lines,
    as a page's ``<span>``s break them."""
    rnd = quirks.random_for(LAYOUT) if quirks is not None and quirks.split_labels else None
    rate = quirks.rate if quirks is not None else 0.3
    out: list[str] = []
    for row in rows:
        for cell in row:
            text = " ".join(str(cell).split())
            if not text:
                continue
            if rnd is not None and len(text) >= 6 and not _is_value(text) and rnd.random() < rate:
                cut = rnd.randrange(2, len(text) - 1)
                out += [text[:cut], text[cut:]]
            else:
                out.append(text)
    return "\n".join(out) + "\n"
