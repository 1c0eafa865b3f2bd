"""Reading one cell's text as a value: sign words, digits, units.

The cell grammar (grammars/cells.lark) has already said what kind of cell it is;
this turns a VALUE cell's text into a number and a unit: ``19项`` -> 19 项,
``减25项`` -> -25 项, ``增9项`` -> 9 项, ``31,807`` -> 31807,
``49483元`` -> 49483 元, ``[bookmark: OLE_LINK1]2731`` -> 2731.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from .model import Kind, Span, Value, ValueDraft
from .readers.grid import BLANK, NA, VALUE, Cell, Grid

__all__ = ["parse_number", "span_at", "to_value", "to_values"]

_NUMBER = re.compile(
    r"^(?:\[bookmark:[^\]]*\] *)?(?P<sign>增加|减少|新增|增|减|[+\-−－])? *"
    r"(?P<digits>\d[\d,，]*(?:[.．]\d+)?) *(?P<unit>\S*)$"
)
_NEGATIVE = {"减", "减少", "-", "−", "－"}


@lru_cache(maxsize=16384)
def parse_number(text: str) -> tuple[Decimal, str | None] | None:
    """``(number, unit)`` for a value cell's text, or None if it is not one.
    Cached: value texts ("0", "1") repeat across cells and reports."""
    m = _NUMBER.match(text.strip())
    if m is None:
        return None
    digits = m.group("digits").replace(",", "").replace("，", "").replace("．", ".")
    number = Decimal(digits)
    if m.group("sign") in _NEGATIVE:
        number = -number
    return number, (m.group("unit") or None)


# What a cell of a kind and a text reads as (kind, number, unit): the same texts ("0", "1", "/")
# fill every report's cells, so it is worked out once per text (a bounded cache; Decimal is immutable).
_READINGS: dict[tuple[str, str], tuple[Kind, Decimal | None, str | None]] = {}
# Span is immutable: one object per place, shared by every value and row that starts there
_SPANS: dict[tuple[int, int], Span] = {}
_CACHE_SIZE = 16384


def _reading(kind: str, text: str) -> tuple[Kind, Decimal | None, str | None]:
    if kind == VALUE:
        parsed = parse_number(text)
        if parsed is not None:
            return Kind.NUMBER, parsed[0], parsed[1]
    if kind == BLANK:
        return Kind.BLANK, None, None
    if kind == NA:
        return Kind.NA, None, None
    return Kind.TEXT, None, None


def span_at(line: int, column: int) -> Span:
    """``Span(line, column)``, one shared object per place."""
    key = (line, column)
    span = _SPANS.get(key)
    if span is None:
        if len(_SPANS) >= _CACHE_SIZE:
            _SPANS.clear()
        span = _SPANS[key] = Span(line, column)
    return span


def _read(key: tuple[str, str]) -> tuple[Kind, Decimal | None, str | None]:
    if len(_READINGS) >= _CACHE_SIZE:
        _READINGS.clear()
    reading = _READINGS[key] = _reading(*key)
    return reading


def to_value(cell: Cell, grid: Grid, source_text: str) -> Value:
    key = (cell.kind, cell.text)
    kind, number, unit = _READINGS.get(key) or _read(key)
    raw = source_text[grid.offset + cell.start : grid.offset + cell.end]
    return Value(raw, kind, number, unit, span_at(*grid.position(cell)))


# A value is made as a draft (model.draft_of: its fields stored, then made a Value): to_values
# makes one per value cell of every report
_new = object.__new__


def to_values(cells: Sequence[Cell], grid: Grid, source_text: str) -> list[Value]:
    """``[to_value(cell, grid, source_text) for cell in cells]``, in one pass."""
    out: list[Value] = []
    offset = grid.offset
    line = grid.line
    column = grid.column - 1
    readings = _READINGS
    spans = _SPANS
    new = _new
    for cell in cells:
        key = (cell.kind, cell.text)
        kind, number, unit = readings.get(key) or _read(key)
        # grid.position(cell), inlined: it runs for every value of every report
        place = (line, cell.column + column) if cell.line == 1 else (line + cell.line - 1, cell.column)
        value = new(ValueDraft)  # Value(raw, kind, number, unit, span), its fields stored here
        value.raw = source_text[offset + cell.start : offset + cell.end]
        value.kind = kind
        value.number = number
        value.unit = unit
        value.span = spans.get(place) or span_at(*place)
        value.__class__ = Value  # type: ignore[assignment]  # a draft becomes the value (same layout)
        out.append(value)
    return out
