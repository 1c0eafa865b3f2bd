"""The line model: a grid row split into its label cells and its value cells, and the
form a report's tables use."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from .. import forms
from ..codes import finding
from ..model import Finding, Kind, Severity, Span, Value
from ..readers.grid import BLANK, LOST, NA, RUN, TEXT, VALUE, Cell, Grid, GridRow
from ..values import _SPANS, span_at, to_values
from .open_rows import OpenRow, drops_blanks, readings
from .split import Group

__all__ = ["Line", "detect_template", "flag", "read_lines", "squash", "unread_findings", "words_in_values"]


_VALUE_KINDS = frozenset({VALUE, NA, RUN})

# forms.squash, cached: the same labels fill every report's rows
squash = lru_cache(maxsize=8192)(forms.squash)


class Line:
    """A grid row split into its label cells and its value cells."""

    __slots__ = ("_first_value", "_gaps", "_kept", "_last_label", "_last_text", "_lost", "_runs", "blank_tail",
                 "cells", "grid", "grid_cells", "labels", "padded", "span", "text", "values")

    def __init__(self, row: GridRow, grid: Grid, text: str) -> None:
        cells = row.cells
        n = len(cells)
        # the first value cell, and the last label cell before it and the label texts up to it (one
        # pass, which also sees the last word cell, whether a blank may be a placed blank holding a
        # word, and whether a cell was floated)
        first_value = n
        last_label = last_text = -1
        labels = []
        maybe_placed = maybe_word = lost = runs = gaps = False
        prev_end = -1  # where the cell before ends (none before the first: no offset is -1)
        base = grid.offset
        for i, c in enumerate(cells):
            # a gap between this cell and the one before on their line that is not one tab (which
            # holds no word): unread_text looks at the gaps only when there is one
            if (not gaps and c.start > prev_end >= 0 and c.line == cells[i - 1].line
                    and (c.start > prev_end + 1 or text[base + prev_end] != "\t")):
                gaps = True
            kind = c.kind
            if kind == TEXT:
                last_text = i
                if first_value == n:
                    last_label = i
                    labels.append(c.text)
            elif kind in _VALUE_KINDS:
                if first_value == n:
                    first_value = i
                if kind == RUN:
                    runs = True
            elif kind == BLANK:
                if c.start == c.end == prev_end:
                    maybe_placed = True  # it may be a blank a reader placed (placed_blank)
                    if i < n - 1:
                        maybe_word = True
            elif kind == LOST:
                lost = True
            prev_end = c.end
        if maybe_word:
            cells = _words_in_placed_blanks(cells, grid, text)
            if cells is not row.cells:
                gaps = True  # its gaps changed: unread_text looks at them
                first_value, last_label = _first_value_last_label(cells)
                labels = [c.text for c in cells[: last_label + 1] if c.kind == TEXT]
                last_text = max((i for i, c in enumerate(cells) if c.kind == TEXT), default=-1)
        self.labels = labels
        self.cells = cells[last_label + 1 :] if first_value < n else ()
        self.values = _values(self.cells, grid, text) if lost else to_values(self.cells, grid, text)
        # a row printed with every value cell blank: its blank cells, for placement to take
        # when its label is a row of the form (a header row is not)
        self.blank_tail = cells[last_label + 1 :] if first_value == n and last_label >= 0 else ()
        self.grid_cells = cells
        self.padded = row.padded
        first = cells[0]  # span_at(*grid.position(first)), its cache read inline
        place = (grid.line, first.column + grid.column - 1) if first.line == 1 else (grid.line + first.line - 1,
                                                                                   first.column)
        self.span = _SPANS.get(place) or span_at(*place)
        self.grid = grid
        self.text = text
        self._kept: tuple[int, ...] | None = None if maybe_placed else _every(n)
        self._lost = lost  # a cell of the row was floated out of it (LOST)
        self._first_value = first_value  # of the grid cells: the first value cell (n if none)
        self._last_label = last_label  # and the last label cell before it (-1 if none)
        self._last_text = last_text  # of the grid cells: the last word cell (-1 if none)
        self._runs = runs  # a cell of the row is a glued run of digits (RUN)
        self._gaps = gaps  # a gap between two cells on a line may hold words (not one tab)

    def take_blanks(self, least: int) -> bool:
        """Read a row whose value cells are all blank as a row of blanks (at least ``least`` of them)."""
        if len(self.blank_tail) < least:
            return False
        self.cells = self.blank_tail
        self.values = _values(self.cells, self.grid, self.text)
        return True

    def take_words(self, labels: int) -> bool:
        """Read the label cells after the first ``labels`` ones as the row's values: a
        row whose values are all words ("行政许可 | 详见附表") or open with words
        ("行政规范性文件 | 见附件 | 1 | 12"), so each is reported. Blanks a reader placed
        right after a word are dropped (see :meth:`placed_blank`)."""
        texts = [i for i, c in enumerate(self.grid_cells) if c.kind == TEXT]
        if labels == 0 or len(texts) <= labels:
            return False
        at = texts[labels - 1] + 1
        cells = tuple(c for i, c in enumerate(self.grid_cells[at:], at) if not self.placed_blank(i))
        self.labels = self.labels[:labels]
        self.cells = cells
        self.values = _values(cells, self.grid, self.text)
        return True

    def placed_blank(self, i: int) -> bool:
        """Whether grid cell ``i`` is a blank a reader placed from another row's columns after a
        word: a blank with no extent of its own, starting where the word before it ends (a
        space-aligned row laid over a fuller row, when the reader saw no value in the word's
        column). Every blank printed as a cell has a place of its own."""
        cells = self.grid_cells
        if not 0 < i < len(cells) or cells[i].kind != BLANK:
            return False
        before = cells[i - 1]
        return before.kind == TEXT and cells[i].start == cells[i].end == before.end

    def kept(self) -> tuple[int, ...]:
        """The indexes of the grid cells that are not blanks a reader placed (:meth:`placed_blank`)."""
        if self._kept is None:
            cells = self.grid_cells
            placed = [i for i in range(1, len(cells)) if cells[i].kind == BLANK and self.placed_blank(i)]
            self._kept = tuple(i for i in range(len(cells)) if i not in placed) if placed else _every(len(cells))
        return self._kept

    def unread_text(self) -> str:
        """Words or digits printed on the row's line between two of its cells that no cell
        holds (a reader lost a cell there, so the row's values may stand in the wrong columns);
        '' when every character between its cells is a space or a separator."""
        if not self._gaps:
            return ""  # every gap between two cells on a line is one tab
        text = self.text
        base = self.grid.offset
        gaps = _GAPS
        out = []
        for a, b in pairwise(self.grid_cells):
            if b.start > a.end and a.line == b.line:
                gap = text[base + a.end : base + b.start]
                found = gaps.get(gap)
                if found is None:
                    found = _holds_words(gap)
                if found:
                    out.append(gap.strip())
        return " ".join(out)

    def drop_placed_blanks(self, n: int) -> bool:
        """A row of more values than its ``n`` columns whose extra values are blanks a reader
        placed from another row's columns next to a word (space-aligned: 3 | 1 | · | 见附件, where
        the reader saw no value in the word's column): the word stands in their column, so they
        are dropped, when that leaves exactly ``n`` values."""
        if len(self.values) <= n:
            return False
        pos = {id(c): i for i, c in enumerate(self.grid_cells)}
        at = [pos.get(id(c)) for c in self.cells]
        drop = set()
        for k, i in enumerate(at):
            if i is None or self.cells[k].kind != BLANK:
                continue
            before = self.grid_cells[i - 1] if i > 0 else None
            if before is None or not self.cells[k].start == self.cells[k].end == before.end:
                continue
            j = k + 1  # the word this blank stands before (through a run of such blanks)
            while j < len(self.cells) and self.cells[j].kind == BLANK and self.cells[j].start == self.cells[k].start:
                j += 1
            if before.kind == TEXT or (j < len(self.cells) and self.cells[j].kind == TEXT):
                drop.add(k)
        if len(self.values) - len(drop) != n:
            return False
        self.cells = tuple(c for k, c in enumerate(self.cells) if k not in drop)
        self.values = [v for k, v in enumerate(self.values) if k not in drop]
        return True

    def take_all_cells(self, n: int) -> bool:
        """Read every cell of a row of exactly ``n`` cells (blanks a reader placed not counted) as a
        value: a row of a table's ``n`` values with no label cell, whose first value is a word."""
        kept = [self.grid_cells[i] for i in self.kept()]
        if len(kept) != n or not self.labels or self.padded:
            return False
        self.labels = []
        self.cells = tuple(kept)
        self.values = _values(kept, self.grid, self.text)
        return True

    def take_value_area(self, at: int) -> bool:
        """Read the grid cells from index ``at`` on as the row's values: they stand under the
        table's value columns, so a word there is a value (见附件), never part of the label.
        Blanks a reader placed right after such a word are dropped (the word stands in their
        column). Nothing changes unless a word before the row's first value is in that area and
        the cells before ``at`` hold the label and no value."""
        cells = self.grid_cells
        if not 0 < at < len(cells):
            return False
        # no value before ``at``, and a word from ``at`` on before the first value (the row's own
        # first value and last label before it tell both); and a word before ``at``
        if self._first_value < at or self._last_label < at:
            return False
        head, tail = cells[:at], cells[at:]
        if not any(c.kind == TEXT for c in head):
            return False
        kept = [c for i, c in enumerate(tail) if not self.placed_blank(at + i)]
        self.labels = [c.text for c in head if c.kind == TEXT]
        self.cells = tuple(kept)
        self.values = _values(kept, self.grid, self.text)
        self.blank_tail = ()
        return True

    def open_row(self, path: str, n: int, groups: Sequence[Group] = (),
                 amount: Sequence[bool] | None = None) -> OpenRow | None:
        """The row's readings when its values cannot be placed by position."""
        if not self._runs and not drops_blanks(self.grid):
            return None  # placed by position (readings would say so)
        return readings(self.values, self.cells, self.grid, self.text, path, self.span, n, groups, amount)


@lru_cache(maxsize=256)
def _every(n: int) -> tuple[int, ...]:
    return tuple(range(n))


_GAPS: dict[str, bool] = {}  # the same gaps (" | ", spaces) stand between the cells of every row


def _holds_words(gap: str) -> bool:
    """Whether a gap between two cells on one line holds a letter or a digit."""
    found = _GAPS.get(gap)
    if found is None:
        found = "\n" not in gap and any(unicodedata.category(ch)[0] in "LN" for ch in gap)
        if len(_GAPS) >= 4096:
            _GAPS.clear()
        _GAPS[gap] = found
    return found


def _values(cells: Sequence[Cell], grid: Grid, text: str) -> list[Value]:
    """The cells' values; a cell a converter floated out of the row (LOST) holds nothing here: its
    value is missing, and :func:`unread_findings` says where it went."""
    values = to_values(cells, grid, text)
    for k, cell in enumerate(cells):
        if cell.kind == LOST:
            values[k] = Value(raw="", kind=Kind.MISSING, span=span_at(*grid.position(cell)))
    return values


def _first_value_last_label(cells: Sequence[Cell]) -> tuple[int, int]:
    """The index of a row's first value cell (its length if none) and of its last label cell before it."""
    first_value = len(cells)
    last_label = -1
    for i, c in enumerate(cells):
        kind = c.kind
        if kind in _VALUE_KINDS:
            first_value = i
            break
        if kind == TEXT:
            last_label = i
    return first_value, last_label


def _words_in_placed_blanks(cells: tuple[Cell, ...], grid: Grid, text: str) -> tuple[Cell, ...]:
    """The row's cells, with a blank a reader placed from another row's columns (no extent of
    its own, right where the cell before it ends) taken for the one word the line prints
    between it and the next cell: the reader saw no value in that column because the word is
    not one (space-aligned: 规范性文件   0   见附件   0 laid over a fuller row as 0, blank, 0)."""
    out: list[Cell] | None = None
    for i in range(1, len(cells) - 1):
        blank = cells[i]
        if blank.kind != BLANK:
            continue
        before, after = cells[i - 1], cells[i + 1]
        if not blank.start == blank.end == before.end or after.line != blank.line:
            continue
        gap = text[grid.offset + blank.end : grid.offset + after.start]
        word = gap.strip()
        if not word or "\n" in gap or "  " in word or not any(unicodedata.category(ch)[0] == "L" for ch in word):
            continue
        lead = len(gap) - len(gap.lstrip())
        start = blank.end + lead
        if out is None:
            out = list(cells)
        out[i] = Cell(TEXT, word, start, start + len(word), blank.line, blank.column + lead)
    return cells if out is None else tuple(out)


def read_lines(grids: Sequence[Grid], text: str) -> list[Line]:
    return [Line(row, grid, text) for grid in grids for row in grid.rows]


def flag(code: str, severity: Severity, message: str, path: str, span: Span | None) -> Finding:
    return finding(code, message, path, span, severity=severity)


def words_in_values(line: Line, n: int, names_row: Callable[[list[str]], bool]) -> bool:
    """Read a word in the last ``n`` cells of a row of more than ``n`` cells (none dropped as
    padding; blanks a reader placed not counted) as a value, when the cells before them name a
    form row and the word names none: the table has ``n`` value columns, so the word stands in
    one of them (（一）予以公开 | 见附件 | 3 | …), never in the label."""
    if line.padded or len(line.grid_cells) <= n:
        return False
    kept = line.kept()
    if len(kept) <= n:
        return False
    at = kept[-n]
    if line._last_text < at:
        return False  # no word in the last n cells
    words = [c.text for c in line.grid_cells[at:] if c.kind == TEXT]
    if not words:
        return False
    head = [c.text for c in line.grid_cells[:at] if c.kind == TEXT]
    if not names_row(head) or any(names_row([w]) for w in words):
        return False
    return line.take_value_area(at)


def unread_findings(line: Line, path: str) -> list[Finding]:
    """An error when the row's line holds words or digits between its cells that no cell holds,
    and one when a converter floated some of its value cells out of the row."""
    out = []
    lost = line.unread_text()
    if lost:
        out.append(flag("cell-unread", Severity.ERROR, f"the row's line holds {lost!r} between its cells, which no "
                        "cell holds: the values may stand in the wrong columns", path, line.span))
    floated = [k for k, c in enumerate(line.cells) if c.kind == LOST] if line._lost else []
    if floated:
        cell = line.cells[floated[0]]
        where = line.text[line.grid.offset + cell.start : line.grid.offset + cell.end]
        where = " / ".join(x.strip() for x in where.splitlines() if x.strip())
        which = ", ".join(str(k + 1) for k in floated)
        out.append(flag("cell-floated", Severity.ERROR, f"value cells {which} of the row were floated out of it by a "
                        f"converter (the lines above the table hold {where!r}): not read; the row's other values "
                        "stay in their columns", path, line.span))
    return out


_FORM_MARKERS = {form: re.compile("|".join(markers)) for form, markers in forms.FORM_MARKERS.items()}
# a label cell's hits of each form's header words ((form, count) when not 0): the same labels
# stand in every report; no marker spans two cells, so a report's hits are the sum of its cells'
_MARKER_HITS: dict[str, tuple[tuple[str, int], ...]] = {}


def _marker_hits(label: str) -> tuple[tuple[str, int], ...]:
    hits = _MARKER_HITS.get(label)
    if hits is None:
        folded = forms.squash(label)
        hits = tuple((form, n) for form, pattern in _FORM_MARKERS.items() if (n := len(pattern.findall(folded))))
        if len(_MARKER_HITS) >= 8192:
            _MARKER_HITS.clear()
        _MARKER_HITS[label] = hits
    return hits


def detect_template(grids: Sequence[Grid], year: int | None) -> str | None:
    """The form a report uses: by the words of its table headers, else by its year."""
    hits = dict.fromkeys(_FORM_MARKERS, 0)
    known = _MARKER_HITS
    for grid in grids:
        for row in grid.rows:
            for c in row.cells:
                if c.kind == TEXT:
                    found = known.get(c.text)  # _marker_hits(c.text), its cache read inline
                    for form, n in _marker_hits(c.text) if found is None else found:
                        hits[form] += n
    if hits["2021"] != hits["2019"]:
        return "2021" if hits["2021"] > hits["2019"] else "2019"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None
