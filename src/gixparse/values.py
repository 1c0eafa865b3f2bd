"""Reading one cell's text as a value: sign words, digits, units.

The cell grammar (grammars/cells.lark) has already said what kind of cell it is;
this turns a VALUE cell's text into a number and a unit: ``19项`` -> 19 项,
``减25项`` -> -25 项, ``增9项`` -> 9 项, ``31,807`` -> 31807,
``49483元`` -> 49483 元, ``[bookmark: OLE_LINK1]2731`` -> 2731.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .model import Kind, Span, Value
from .readers.grid import BLANK, NA, VALUE, Cell, Grid

__all__ = ["parse_number", "to_value"]

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


def to_value(cell: Cell, grid: Grid, source_text: str) -> Value:
    raw = source_text[grid.offset + cell.start : grid.offset + cell.end]
    span = Span(*grid.position(cell))
    if cell.kind == VALUE:
        parsed = parse_number(cell.text)
        if parsed is not None:
            return Value(raw=raw, kind=Kind.NUMBER, number=parsed[0], unit=parsed[1], span=span)
    if cell.kind == BLANK:
        return Value(raw=raw, kind=Kind.BLANK, span=span)
    if cell.kind == NA:
        return Value(raw=raw, kind=Kind.NA, span=span)
    return Value(raw=raw, kind=Kind.TEXT, span=span)
