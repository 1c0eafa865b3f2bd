"""The line model: a grid row split into its label cells and its value cells, and the
form a report's tables use."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import forms
from ..codes import finding
from ..forms import squash
from ..model import Finding, Severity, Span
from ..readers.grid import NA, RUN, TEXT, VALUE, Cell, Grid, GridRow
from ..values import to_value
from .open_rows import OpenRow, readings

__all__ = ["Line", "detect_template", "flag", "read_lines"]


class Line:
    """A grid row split into its label cells and its value cells."""

    __slots__ = ("labels", "values", "cells", "blank_tail", "span", "grid", "text", "grid_cells", "padded")

    def __init__(self, row: GridRow, grid: Grid, text: str) -> None:
        cells = row.cells
        first_value = next((i for i, c in enumerate(cells) if c.kind in (VALUE, NA, RUN)), len(cells))
        last_label = max((i for i in range(first_value) if cells[i].kind == TEXT), default=-1)
        self.labels = [c.text for c in cells[: last_label + 1] if c.kind == TEXT]
        self.cells = cells[last_label + 1 :] if first_value < len(cells) else ()
        self.values = [to_value(c, grid, text) for c in self.cells]
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
        self.values = [to_value(c, self.grid, self.text) for c in self.cells]
        return True

    def take_words(self, labels: int) -> bool:
        """Read the label cells after the first ``labels`` ones as the row's values: a
        row whose values are all words ("行政许可 | 详见附表"), so each is reported."""
        texts = [i for i, c in enumerate(self.grid_cells) if c.kind == TEXT]
        if labels == 0 or len(texts) <= labels:
            return False
        cells = self.grid_cells[texts[labels - 1] + 1 :]
        self.labels = self.labels[:labels]
        self.cells = cells
        self.values = [to_value(c, self.grid, self.text) for c in cells]
        return True

    def open_row(self, path: str, n: int, groups=(), amount=None) -> OpenRow | None:
        """The row's readings when its values cannot be placed by position."""
        return readings(self.values, self.cells, self.grid, self.text, path, self.span, n, groups, amount)


def read_lines(grids: Sequence[Grid], text: str) -> list[Line]:
    return [Line(row, grid, text) for grid in grids for row in grid.rows]


def flag(code: str, severity: Severity, message: str, path: str, span: Span | None) -> Finding:
    return finding(code, message, path, span, severity=severity)


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

