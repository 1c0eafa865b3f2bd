"""Reader for space-aligned columns (grammars/spaced.lark), as ``pdftotext -layout``
prints a PDF's tables.

Every printed line is a row, as printed: a label that the PDF wrapped around
the line of its values stays a row of text of its own, and the values' line is
a row with no label (placement reads such rows by the form's order and says so).
Page numbers are dropped by the grammar.

Blank cells. A blank cell prints as nothing but a wider gap, so it is placed by
columns: every cell is measured in display columns (a CJK character is two
columns wide, as pdftotext aligns them). A row of values with fewer values than
the nearest row of values above or below it (text rows between them do not
count) is laid over that row: when each of its values overlaps exactly one
value of the fuller row, in order, each value of the fuller row that nothing
overlaps is a blank cell in this row. A row with a single value is not laid
over anything (its one value could stand in any column of a wider table),
and nothing is guessed when the values do not line up.

``ALIGNED_BY_DISPLAY`` tells placement that this layout's cells stand in display
columns lined up from row to row, so a table's header places the values under it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, cast

from lark import Lark, Token, Transformer

from ..text import put_back, wide_digit_places
from ._cell_kind import cell_kind, value_or_na
from ._grammar import grammar_dir, line_so_far, parse
from .grid import BLANK, NA, RULE, TEXT, VALUE, Cell, Grid, GridRow, make_cell, make_row

__all__ = ["ALIGNED_BY_DISPLAY", "LAYOUT", "PRIORITY", "claims", "keep_wide_digits", "read", "render"]

LAYOUT = "space-aligned"
PRIORITY = 25
ALIGNED_BY_DISPLAY = True

# a cell that reads as a value or a not-applicable mark, after a gap of 2+ spaces
# that follows some text: the sign of a table line in a PDF's layout text. The match
# opens on the gap's first two spaces (a literal the regex engine looks for fast, where
# opening on the text before it tried the pattern at every character) and looks back
# for the text. The rest of the gap is taken whole, never given back (the value opens on
# what follows it): a lookahead's group matched again, as Python 3.10 has no possessive
# ``*+`` (a gap given back space by space tried the value at each: 10 times slower).
@cache
def _value_after_gap() -> re.Pattern[str]:
    return re.compile(r"  (?<=[^ \n]  )(?=( *))\1" + value_or_na() + r"(?= {2,}| *$)", re.MULTILINE)
_TOLERANCE = 1  # display columns a value may sit off its column (a page break shifts them)


def claims(block: str) -> bool:
    """A line where, after some text, a value stands apart by two spaces or more."""
    return "\t" not in block and _value_after_gap().search(block) is not None


_WIDE_DIGIT = re.compile("[\uff10-\uff19]")


def keep_wide_digits(text: str, folded: str) -> str:
    """``folded`` (``text`` with full-width digits made ASCII, one for one) with the
    full-width digits of ``text`` put back in the lines of space-aligned tables.

    pdftotext lines its columns up by display width, where a full-width digit takes
    two columns and an ASCII one one: folded first, a row with wide digits would be
    measured narrower than it was printed and its blank cells placed a column off.
    The lines put back are those this layout claims (a value apart by two spaces or
    more after some text); the cell grammar reads full-width digits as well. Other
    lines (headings, the title's year, prose) stay folded."""
    if _WIDE_DIGIT.search(text) is None:
        return folded
    places: list[int] | None = None  # where text holds a full-width digit (found when first needed)
    parts: list[str] = []
    at = 0
    seen = -1
    for m in _value_after_gap().finditer(folded):
        start = folded.rfind("\n", 0, m.start()) + 1
        if start <= seen:
            continue  # this line is done
        end = folded.find("\n", m.end())
        end = len(folded) if end < 0 else end
        seen = end
        if places is None:
            places = wide_digit_places(text)
        if bisect_left(places, start) == bisect_left(places, end) or "\t" in text[start:end]:
            continue  # no full-width digit on the line, or a tab row's line
        parts.append(folded[at:start])
        put_back(folded, text, places, start, end, parts)  # the line's full-width digits, in place
        at = end
    if not parts:
        return folded
    parts.append(folded[at:])
    return "".join(parts)


def width(text: str) -> int:
    """Display columns of ``text``: East Asian wide and full-width characters
    take two."""
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=16384)
def _wide_width(text: str) -> int:
    """Cached: cell texts (labels) repeat across lines and reports."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Row:
    """A grid row and the display columns [x0, x1) of each of its cells."""

    __slots__ = ("cells", "end", "spans")

    def __init__(self, cells: list[Cell], spans: list[tuple[int, int]], end: int) -> None:
        self.cells, self.spans, self.end = cells, spans, end

    def values(self) -> list[int]:
        return [i for i, c in enumerate(self.cells) if c.kind in (VALUE, NA)]

    def columns(self) -> list[int]:
        """The row's value columns: its values and the blank cells placed among them
        (this reader makes blank cells only there)."""
        return [i for i, c in enumerate(self.cells) if c.kind in (VALUE, NA, BLANK)]


@cache
def _words() -> re.Pattern[str]:
    """The grammar's WORD terminal (the SPACES between words are what is left)."""
    lark = Lark.open(str(grammar_dir() / "spaced.lark"), parser="lalr", start="pieces")
    return re.compile({t.name: t.pattern.to_regexp() for t in lark.terminals}["WORD"])


@lru_cache(maxsize=4096)
def _cut(s: str) -> tuple[tuple[str, str, int, int, int], ...]:
    """The cells of a ROW's text ``s``: each word run (the grammar's WORD) as its text, kind,
    offset in the line and display columns [x0, x1). The same wherever the line stands:
    cached by its text (labels and rows of zeros repeat across reports); the reader adds
    the line's place."""
    x = 0
    at = 0  # the end of the word before
    out = []
    for m in _words().finditer(s):
        start, end = m.span()
        x += start - at  # the spaces before the word
        text = m.group()
        w = width(text)
        out.append((text, cell_kind(text), start, x, x + w))
        x += w
        at = end
    return tuple(out)


class _ToGrid(Transformer[Token, list[GridRow]]):
    def rows(self, children: list[Any]) -> list[_Row]:
        """``rows: (ROW | …)? | rows _NL (ROW | …)?``: each ROW's row made as the parser
        reduces it, into one list (a line with no ROW adds nothing)."""
        rows: list[_Row]
        rows, row = line_so_far(children)
        if row is None:
            return rows
        s = row.value  # ROW: cut into its WORD and SPACES pieces
        pos0, line, col = row.start_pos, row.line, row.column
        assert pos0 is not None and line is not None and col is not None  # the lexer places every token
        cells: list[Cell] = []
        spans: list[tuple[int, int]] = []
        for text, kind, start, x0, x1 in _cut(s):
            pos = pos0 + start
            cells.append(make_cell(kind, text, pos, pos + len(text), line, col + start))
            spans.append((x0, x1))
        rows.append(_Row(cells, spans, pos0 + len(s)))
        return rows

    def start(self, children: list[list[_Row]]) -> list[GridRow]:
        rows = children[0]
        _place_blanks(rows)
        return [make_row(tuple(r.cells)) for r in rows if not all(c.kind == RULE for c in r.cells)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] + _TOLERANCE and b[0] < a[1] + _TOLERANCE


def _laid_over(row: _Row, full: _Row) -> list[int] | None:
    """For each value of ``full``, whether (index into row's values) or not (-1)
    a value of ``row`` stands in its column; None when they do not line up."""
    mine, theirs = row.values(), full.columns()
    match = [-1] * len(theirs)
    j = 0
    for k, i in enumerate(mine):
        while j < len(theirs) and not _overlaps(row.spans[i], full.spans[theirs[j]]):
            j += 1
        if j == len(theirs):
            return None
        if j + 1 < len(theirs) and _overlaps(row.spans[i], full.spans[theirs[j + 1]]):
            return None  # overlaps two columns: no telling which
        match[j] = k
        j += 1
    return match


def _heads_over(spans: list[tuple[int, int]], head: _Row) -> bool:
    """Whether ``head``, a row of words only, stands over a value of a row whose values
    stand in ``spans``: a table's header row (its column headings above the value
    columns), not a wrapped label's line, which keeps to the label column."""
    cells = zip(head.cells, head.spans, strict=True)
    return any(c.kind == TEXT and any(_overlaps(s, v) for v in spans) for c, s in cells)


def _fuller(rows: list[_Row], valued: list[int], counts: list[int], n: int) -> list[int]:
    """Rows of values to lay row ``n`` (an index into ``valued``, the indices in ``rows`` of
    the rows with values) over: the nearest above and below with more values, looking past
    rows with as many or fewer values but not past a row with a single value (a table of one
    column: another table) nor past a header row over its values (another table's columns)."""
    out = []
    row = rows[valued[n]]
    spans: list[tuple[int, int]] | None = None  # where row n's values stand (found when first needed)
    last = len(counts)
    for step in (-1, 1):
        i = n + step
        while 0 <= i < last and counts[i] >= 2:
            # the rows without values between row n and row i: those checked on the way
            # out to row i - step, and the rows between it and row i (checked here)
            lo, hi = (valued[i], valued[i + 1]) if step < 0 else (valued[i - 1], valued[i])
            if hi - lo > 1:
                if spans is None:
                    spans = [row.spans[j] for j in row.values()]
                if any(_heads_over(spans, rows[k]) for k in range(lo + 1, hi)):
                    break
            if counts[i] > counts[n]:
                out.append(i)
                break
            i += step
    return sorted(out, key=lambda i: abs(i - n))


def _place_blanks(rows: list[_Row]) -> None:
    where = [k for k, r in enumerate(rows) if r.values()]
    valued = [rows[k] for k in where]
    counts = [len(r.columns()) for r in valued]  # rows laid over before have their blanks (kept up below)
    for n, row in enumerate(valued):
        if counts[n] < 2:
            continue
        for full_at in _fuller(rows, where, counts, n):
            full = valued[full_at]
            match = _laid_over(row, full)
            if match is None:
                continue
            mine, theirs = row.values(), full.columns()
            new = row.cells[: mine[0]]
            new_spans = row.spans[: mine[0]]
            for j, k in enumerate(match):
                if k >= 0:
                    new.append(row.cells[mine[k]])
                    new_spans.append(row.spans[mine[k]])
                else:
                    prev = new[-1] if new else row.cells[0]
                    at = prev.end if new else prev.start
                    new.append(make_cell(BLANK, "", at, at, prev.line, prev.column + (at - prev.start)))
                    new_spans.append(full.spans[theirs[j]])  # the blank stands in the fuller row's column
            row.cells = new + row.cells[mine[-1] + 1 :]
            row.spans = new_spans + row.spans[mine[-1] + 1 :]  # cells and spans stay side by side
            counts[n] = len(row.columns())
            break


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = cast(list[GridRow], parse("spaced", _ToGrid, chunk))  # the transformer's result
    return Grid(tuple(rows), LAYOUT, offset, line)


# --- writing ------------------------------------------------------------------------------------

_GAP = 3
_LABEL_WIDTH = 24


def _pad_to(text: str, cols: int) -> str:
    return text + " " * max(cols - width(text), 0)


def render(rows: Iterable[Sequence[str]], quirks: object = None) -> str:
    """Rows of cell strings as space-aligned columns, "" a blank cell (a gap in
    its column); the calling convention of gixparse.render. Rows shorter than
    the widest get blank cells on the left, so that the values of every row
    stand in the same columns. Of the quirks, ``split_labels`` wraps a long
    first label onto a line above and a line below its values, as pdftotext
    prints a wrapped table cell, and ``blank_lines`` puts blank lines between
    rows and a page number ("- 2 -") every few rows."""
    table = [[str(c).strip(" ") for c in r] for r in rows]
    if not table:
        return ""
    n = max(len(r) for r in table)
    table = [[""] * (n - len(r)) + r for r in table]
    wrap = bool(getattr(quirks, "split_labels", False))
    breaks = bool(getattr(quirks, "blank_lines", False))
    widths = [max(width(r[j]) for r in table) for j in range(n)]
    out: list[str] = []
    for i, row in enumerate(table):
        if breaks and i and i % 7 == 0:
            out += ["", " " * 20 + f"- {i // 7} -", ""]
        label_at = next((j for j, c in enumerate(row) if c), None)
        above = below = ""
        if wrap and label_at is not None and width(row[label_at]) > _LABEL_WIDTH and cell_kind(row[label_at]) == TEXT:
            text = row[label_at]
            cut = len(text) // 2
            above, below = text[:cut], text[cut:]
            row = [*row[:label_at], "", *row[label_at + 1 :]]
        indent = sum(widths[j] + _GAP for j in range(label_at or 0))
        if above:
            out.append(" " * indent + above)
        out.append("".join(_pad_to(c, widths[j] + _GAP) for j, c in enumerate(row)).rstrip(" "))
        if below:
            out.append(" " * indent + below)
        if breaks:
            out.append("")
    return "\n".join(out) + "\n"
