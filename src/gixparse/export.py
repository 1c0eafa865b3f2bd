"""Stage 6: export a report: canonical keys, plain dicts, JSON.

The one cattrs converter of the project lives here. Decimals go to JSON as
numbers (whole ones as integers) so the JSON reads naturally, and come back as
the same Decimal; a number with more significant digits than a float keeps
exactly goes as a string instead. Chinese text stays readable (no ``\\u`` escapes).
"""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import chain
from operator import attrgetter
from typing import Any

from cattrs.preconf.json import make_converter

from .model import _PYTHON_NUMBERS, Report, Row, Span, Value, python_number

__all__ = ["flatten", "from_json", "to_dict", "to_json"]

_converter = make_converter()
_NUMBER = attrgetter("number")
# flatten's keys of a row by (table id, row id, column ids …): bounded, shared by every report
_ROW_KEYS: dict[tuple[str, ...], list[str]] = {}
_MAX_ROW_KEYS = 4096


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


# Whole and float-exact numbers as JSON takes them, by value (the same value gives the same
# int or float; a decimal written as a string keeps its own digits and is not kept here).
# Bounded; the same counts recur in every report.
_JSON_NUMBERS: dict[Decimal, int | float] = {}
_MAX_JSON_NUMBERS = 4096


def _json_number(d: Decimal) -> int | float | str:
    """``_unstructure_decimal(d)``."""
    try:
        return _JSON_NUMBERS[d]
    except (KeyError, TypeError):  # not seen yet; a signalling NaN cannot be hashed
        pass
    out = _unstructure_decimal(d)
    if not isinstance(out, str) and len(_JSON_NUMBERS) < _MAX_JSON_NUMBERS:
        _JSON_NUMBERS[d] = out
    return out


# The classes made per cell, unstructured as cattrs' generated hooks do (the same keys in the
# same order, the same values) without a hook call per optional field: a report has
# hundreds of values.
def _unstructure_span(span: Span) -> dict[str, int]:
    return {"line": span.line, "column": span.column}


def _unstructure_value(value: Value) -> dict[str, object]:
    number, span = value.number, value.span
    return {
        "raw": value.raw,
        "kind": value.kind,
        "number": None if number is None else _json_number(number),
        "unit": value.unit,
        "span": None if span is None else {"line": span.line, "column": span.column},
    }


def _unstructure_row(row: Row) -> dict[str, object]:
    span = row.span
    return {
        "id": row.id,
        "label": row.label,
        "values": {col: _unstructure_value(value) for col, value in row.values.items()},
        "span": None if span is None else {"line": span.line, "column": span.column},
    }


_converter.register_unstructure_hook(Span, _unstructure_span)
_converter.register_unstructure_hook(Value, _unstructure_value)
_converter.register_unstructure_hook(Row, _unstructure_row)


def to_dict(obj: object) -> Any:
    """A report (or any model object: a finding, a table) as plain dicts and
    lists, ready for ``json.dumps``."""
    return _converter.unstructure(obj)


def to_json(report: Report, *, indent: int | None = 1) -> str:
    """The report as JSON; :func:`from_json` reads it back to an equal report."""
    # a report's data is a tree (no object holds itself): json's circular-reference
    # bookkeeping, a dict entry per container, finds nothing
    if indent is None:  # json's C encoder
        return _converter.dumps(report, ensure_ascii=False, check_circular=False)
    data = _converter.unstructure(report)
    try:
        return _indented(data, " " * indent if isinstance(indent, int) else indent)
    except _NotPlain:  # what json itself would have to call default() for: let it say so
        return json.dumps(data, ensure_ascii=False, indent=indent, check_circular=False)


class _NotPlain(Exception):
    pass


_encode_str = json.encoder.encode_basestring  # json's own (C) string encoder, as ensure_ascii=False uses


def _float_text(f: float) -> str:
    if f != f:
        return "NaN"
    if f == _INFINITY:
        return "Infinity"
    if f == -_INFINITY:
        return "-Infinity"
    return float.__repr__(f)


_INFINITY = float("inf")


def _key_text(key: object) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float_text(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise _NotPlain


def _indented(data: object, indent: str) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=indent, check_circular=False)``, the
    same text: json writes indented output with its Python encoder, a generator per
    container and a chunk per yield (2.5 ms for a seed report); this writes into one list.
    Raises _NotPlain where json would call ``default``."""
    parts: list[str] = []
    put = parts.append

    def write(o: object, level: int) -> None:
        if isinstance(o, str):
            put(_encode_str(o))
        elif o is None:
            put("null")
        elif o is True:
            put("true")
        elif o is False:
            put("false")
        elif isinstance(o, int):
            put(int.__repr__(o))
        elif isinstance(o, float):
            put(_float_text(o))
        elif isinstance(o, (list, tuple)):
            if not o:
                put("[]")
                return
            inner = "\n" + indent * (level + 1)
            sep = "[" + inner
            for item in o:
                put(sep)
                sep = "," + inner
                write(item, level + 1)
            put("\n" + indent * level + "]")
        elif isinstance(o, dict):
            if not o:
                put("{}")
                return
            inner = "\n" + indent * (level + 1)
            sep = "{" + inner
            for key, value in o.items():
                head = sep + _encode_str(key if type(key) is str else _key_text(key)) + ": "
                sep = "," + inner
                # the plain leaves at once (a str is nothing else json tests for); the rest as json orders its tests
                if isinstance(value, str):
                    put(head + _encode_str(value))
                elif value is None:
                    put(head + "null")
                elif type(value) is int:
                    put(head + int.__repr__(value))
                else:
                    put(head)
                    write(value, level + 1)
            put("\n" + indent * level + "}")
        else:
            raise _NotPlain

    write(data, 0)
    return "".join(parts)


def from_json(s: str | bytes) -> Report:
    return _converter.loads(s, Report)


def flatten(report: Report) -> dict[str, int | float | None]:
    """Every placed number under its canonical key ``TABLE/ROW/COLUMN``.

    Values are ``int`` or ``float``; a blank, not-applicable or missing cell is ``None``.
    """
    keys: list[str] = []
    cells = []
    for table in report.tables.values():
        table_id = table.id
        for row in table.rows:
            values = row.values
            cells.append(values.values())
            # a row's keys, built once per table, row and columns (the form's rows repeat in every report)
            known = (table_id, row.id, *values)
            row_keys = _ROW_KEYS.get(known)
            if row_keys is None:
                prefix = f"{table_id}/{row.id}/"
                row_keys = [prefix + col for col in values]
                if len(_ROW_KEYS) >= _MAX_ROW_KEYS:
                    _ROW_KEYS.clear()
                _ROW_KEYS[known] = row_keys
            keys += row_keys
    numbers = list(map(_NUMBER, chain.from_iterable(cells)))
    try:  # each number as Value.as_python gives it, looked up where converted before (by value)
        python = list(map(_PYTHON_NUMBERS.__getitem__, numbers))
    except (KeyError, TypeError):  # one not converted before; a signalling NaN cannot be looked up
        python = list(map(python_number, numbers))
    return dict(zip(keys, python))
