"""The line model: a grid row split into its label cells and its value cells, and the
form a report's tables use."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from itertools import pairwise

from .. import forms
from ..codes import finding
from ..forms import squash
from ..model import Finding, Kind, Severity, Span, Value
from ..readers.grid import BLANK, LOST, NA, RUN, TEXT, VALUE, Cell, Grid, GridRow
from ..values import to_value
from .open_rows import OpenRow, readings
from .split import Group

__all__ = ["Line", "detect_template", "flag", "read_lines", "unread_findings", "words_in_values"]


class Line:
    """A grid row split into its label cells and its value cells."""

    __slots__ = ("blank_tail", "cells", "grid", "grid_cells", "labels", "padded", "span", "text", "values")

    def __init__(self, row: GridRow, grid: Grid, text: str) -> None:
        cells = _words_in_placed_blanks(row.cells, grid, text)
        first_value = next((i for i, c in enumerate(cells) if c.kind in (VALUE, NA, RUN)), len(cells))
        last_label = max((i for i in range(first_value) if cells[i].kind == TEXT), default=-1)
        self.labels = [c.text for c in cells[: last_label + 1] if c.kind == TEXT]
        self.cells = cells[last_label + 1 :] if first_value < len(cells) else ()
        self.values = [_value(c, grid, text) for c in self.cells]
        # a row printed with every value cell blank: its blank cells, for placement to take
        # when its label is a row of the form (a header row is not)
        self.blank_tail = cells[last_label + 1 :] if first_value == len(cells) and last_label >= 0 else ()
        self.grid_cells = cells
        self.padded = row.padded
        first: Cell = cells[0]
        self.span = Span(*grid.position(first))
        self.grid = grid
        self.text = text

    def take_blanks(self, least: int) -> bool:
        """Read a row whose value cells are all blank as a row of blanks (at least ``least`` of them)."""
        if len(self.blank_tail) < least:
            return False
        self.cells = self.blank_tail
        self.values = [_value(c, self.grid, self.text) for c in self.cells]
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
        self.values = [_value(c, self.grid, self.text) for c in cells]
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

    def unread_text(self) -> str:
        """Words or digits printed on the row's line between two of its cells that no cell
        holds (a reader lost a cell there, so the row's values may stand in the wrong columns);
        '' when every character between its cells is a space or a separator."""
        cells = self.grid_cells
        out = []
        for a, b in pairwise(cells):
            if a.line != b.line or b.start <= a.end:
                continue
            gap = self.text[self.grid.offset + a.end : self.grid.offset + b.start]
            if "\n" not in gap and any(unicodedata.category(ch)[0] in "LN" for ch in gap):
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
        kept = [c for i, c in enumerate(self.grid_cells) if not self.placed_blank(i)]
        if len(kept) != n or not self.labels or self.padded:
            return False
        self.labels = []
        self.cells = tuple(kept)
        self.values = [_value(c, self.grid, self.text) for c in kept]
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
        head, tail = cells[:at], cells[at:]
        if any(c.kind in (VALUE, NA, RUN) for c in head) or not any(c.kind == TEXT for c in head):
            return False
        first_value = next((i for i, c in enumerate(tail) if c.kind in (VALUE, NA, RUN)), len(tail))
        if not any(c.kind == TEXT for c in tail[:first_value]):
            return False
        kept = [c for i, c in enumerate(tail) if not self.placed_blank(at + i)]
        self.labels = [c.text for c in head if c.kind == TEXT]
        self.cells = tuple(kept)
        self.values = [_value(c, self.grid, self.text) for c in kept]
        self.blank_tail = ()
        return True

    def open_row(self, path: str, n: int, groups: Sequence[Group] = (),
                 amount: Sequence[bool] | None = None) -> OpenRow | None:
        """The row's readings when its values cannot be placed by position."""
        return readings(self.values, self.cells, self.grid, self.text, path, self.span, n, groups, amount)


def _value(cell: Cell, grid: Grid, text: str) -> Value:
    """A cell's value; a cell a converter floated out of the row (LOST) holds nothing here: its
    value is missing, and :func:`unread_findings` says where it went."""
    if cell.kind == LOST:
        return Value(raw="", kind=Kind.MISSING, span=Span(*grid.position(cell)))
    return to_value(cell, grid, text)


def _words_in_placed_blanks(cells: tuple[Cell, ...], grid: Grid, text: str) -> tuple[Cell, ...]:
    """The row's cells, with a blank a reader placed from another row's columns (no extent of
    its own, right where the cell before it ends) taken for the one word the line prints
    between it and the next cell: the reader saw no value in that column because the word is
    not one (space-aligned: 规范性文件   0   见附件   0 laid over a fuller row as 0, blank, 0)."""
    out = list(cells)
    for i in range(1, len(cells) - 1):
        blank, before, after = cells[i], cells[i - 1], cells[i + 1]
        if blank.kind != BLANK or not blank.start == blank.end == before.end or after.line != blank.line:
            continue
        gap = text[grid.offset + blank.end : grid.offset + after.start]
        word = gap.strip()
        if not word or "\n" in gap or "  " in word or not any(unicodedata.category(ch)[0] == "L" for ch in word):
            continue
        lead = len(gap) - len(gap.lstrip())
        start = blank.end + lead
        out[i] = Cell(TEXT, word, start, start + len(word), blank.line, blank.column + lead)
    return tuple(out)


def read_lines(grids: Sequence[Grid], text: str) -> list[Line]:
    return [Line(row, grid, text) for grid in grids for row in grid.rows]


def flag(code: str, severity: Severity, message: str, path: str, span: Span | None) -> Finding:
    return finding(code, message, path, span, severity=severity)


def words_in_values(line: Line, n: int, names_row: Callable[[list[str]], bool]) -> bool:
    """Read a word in the last ``n`` cells of a row of more than ``n`` cells (none dropped as
    padding; blanks a reader placed not counted) as a value, when the cells before them name a
    form row and the word names none: the table has ``n`` value columns, so the word stands in
    one of them (（一）予以公开 | 见附件 | 3 | …), never in the label."""
    kept = [i for i in range(len(line.grid_cells)) if not line.placed_blank(i)]
    if line.padded or len(kept) <= n:
        return False
    at = kept[-n]
    head = [c.text for c in line.grid_cells[:at] if c.kind == TEXT]
    words = [c.text for c in line.grid_cells[at:] if c.kind == TEXT]
    if not words or not names_row(head) or any(names_row([w]) for w in words):
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
    floated = [k for k, c in enumerate(line.cells) if c.kind == LOST]
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


def detect_template(grids: Sequence[Grid], year: int | None) -> str | None:
    """The form a report uses: by the words of its table headers, else by its year."""
    labels = squash("\n".join(c.text for grid in grids for row in grid.rows for c in row.cells if c.kind == TEXT))
    hits = {form: len(pattern.findall(labels)) for form, pattern in _FORM_MARKERS.items()}
    if hits["2021"] != hits["2019"]:
        return "2021" if hits["2021"] > hits["2019"] else "2019"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None

