"""The JSON Schema of ``to_json`` output, derived from the model classes.

The schema is built by walking the attrs classes of :mod:`gixparse.model` with
their type hints, so it follows the model: a field added there is in the schema
at once. ``gixparse schema`` prints it; the tests validate every seed's JSON
against it with ``jsonschema``.
"""

from __future__ import annotations

import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from . import __version__
from .model import Report

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DECIMAL = {
    "description": "a decimal number: a JSON number, or a string when a float would not keep every digit",
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$"}],
}


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        return {"type": "null"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema_of(a, defs) for a in args]}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # a placeholder against cycles
            defs[name] = _class_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if tp is Decimal:
        return dict(_DECIMAL)
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(args[1], defs)}
    if origin in (tuple, list):
        item = args[0] if args else Any
        return {"type": "array", "items": _schema_of(item, defs)}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props = {a.name: _schema_of(hints[a.name], defs) for a in attrs.fields(cls)}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return {
        "type": "object",
        "description": doc,
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one report as ``gixparse.to_json`` writes it."""
    defs: dict[str, Any] = {}
    root = _schema_of(Report, defs)
    return {
        "$schema": _DIALECT,
        "title": "gixparse report",
        "description": f"A parsed 政府信息公开工作年度报告 as gixparse {__version__}'s to_json() writes it.",
        **root,
        "$defs": defs,
    }
