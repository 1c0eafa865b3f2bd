"""Stage 6: export a report: canonical keys, plain dicts, JSON.

The one cattrs converter of the project lives here. Decimals go to JSON as
numbers (whole ones as integers) so the JSON reads naturally, and come back as
the same Decimal; a number with more significant digits than a float keeps
exactly goes as a string instead. Chinese text stays readable (no ``\\u`` escapes).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import chain, repeat
from operator import attrgetter
from typing import Any, cast

from cattrs.preconf.json import make_converter

from .model import _PYTHON_NUMBERS, Report, python_number

__all__ = ["flatten", "from_json", "to_dict", "to_json"]

_converter = make_converter()
_NUMBER = attrgetter("number")
_NOT_SEEN = object()


def _unstructure_decimal(d: Decimal) -> int | float | str:
    if d == d.to_integral_value():
        return int(d)
    f = float(d)
    if Decimal(repr(f)) == d:
        return f  # the float says exactly this decimal
    return str(d)


def _structure_decimal(obj: object, _type: type) -> Decimal:
    if isinstance(obj, bool) or not isinstance(obj, (int, float, str)):
        raise TypeError(f"not a number: {obj!r}")
    return Decimal(str(obj)) if not isinstance(obj, str) else Decimal(obj)


_converter.register_unstructure_hook(Decimal, _unstructure_decimal)
_converter.register_structure_hook(Decimal, _structure_decimal)


def to_dict(obj: object) -> Any:
    """A report (or any model object: a finding, a table) as plain dicts and
    lists, ready for ``json.dumps``."""
    return _converter.unstructure(obj)


def to_json(report: Report, *, indent: int | None = 1) -> str:
    """The report as JSON; :func:`from_json` reads it back to an equal report."""
    return _converter.dumps(report, ensure_ascii=False, indent=indent)


def from_json(s: str | bytes) -> Report:
    return _converter.loads(s, Report)


def flatten(report: Report) -> dict[str, int | float | None]:
    """Every placed number under its canonical key ``TABLE/ROW/COLUMN``.

    Values are ``int`` or ``float``; a blank, not-applicable or missing cell is ``None``.
    """
    rows = [(f"{table.id}/{row.id}/", row.values) for table in report.tables.values() for row in table.rows]
    keys = [prefix + col for prefix, values in rows for col in values]
    numbers = list(map(_NUMBER, chain.from_iterable([values.values() for _, values in rows])))
    try:  # each number as Value.as_python gives it, looked up where converted before (by value)
        seen: list[object] = list(map(_PYTHON_NUMBERS.get, numbers, repeat(_NOT_SEEN)))
    except TypeError:  # a signalling NaN cannot be looked up
        seen = [_NOT_SEEN]
    python = list(map(python_number, numbers)) if _NOT_SEEN in seen else cast("list[int | float | None]", seen)
    return dict(zip(keys, python))
