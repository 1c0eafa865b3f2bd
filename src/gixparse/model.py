"""The data model: what a parsed report is.

Frozen attrs classes and nothing else: no parsing and no serialisation live here
(export.py holds the one cattrs converter). Every value keeps the text it was
read from and where it stood in the input, so a user can always go back to the
source and see why gixparse read a number the way it did.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from attrs import field, fields, frozen

__all__ = [
    "Finding",
    "Kind",
    "Report",
    "Row",
    "Section",
    "Severity",
    "Span",
    "Table",
    "Value",
]


class Kind(str, Enum):
    """What a cell of a table holds."""

    NUMBER = "number"  # a count or amount, sign and unit taken off
    BLANK = "blank"  # nothing printed
    NA = "na"  # "/", "—", "无", "不适用": the form does not apply; not 0, not blank
    TEXT = "text"  # words where a number belongs
    MISSING = "missing"  # the row printed fewer cells than the form has: nothing stood here


class Severity(str, Enum):
    """How much a finding matters.

    ``error``: a number is wrong or cannot be trusted, or the report breaks an
    identity of the form. ``warning``: a number may be misplaced or the input is
    irregular, but a reading was made. ``info``: worth knowing, nothing wrong.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# Span and Value are made per cell (hundreds per report), Row per row: their __init__ is written out
# (init=False) to set each slot through its descriptor, where attrs' generated one goes
# through object.__setattr__ per field; fields, defaults, equality, hash and repr are attrs'.


@frozen(init=False)
class Span:
    """Where something starts in the input: 1-based line and column."""

    line: int
    column: int

    def __init__(self, line: int, column: int) -> None:
        _set_span_line(self, line)
        _set_span_column(self, column)


@frozen(init=False)
class Value:
    """One cell of the form, as printed and as read."""

    raw: str
    kind: Kind
    number: Decimal | None = None
    unit: str | None = None
    span: Span | None = None

    def __init__(self, raw: str, kind: Kind, number: Decimal | None = None, unit: str | None = None,
                 span: Span | None = None) -> None:
        _set_value_raw(self, raw)
        _set_value_kind(self, kind)
        _set_value_number(self, number)
        _set_value_unit(self, unit)
        _set_value_span(self, span)

    def as_python(self) -> int | float | None:
        """The number as ``int`` (when whole) or ``float``; ``None`` for anything else."""
        return python_number(self.number)


# Numbers already converted, by value: reports print the same few counts (0, 1, 2 …) over
# and over, and the conversion depends on the value alone (equal decimals give equal
# numbers: 1.0 and 1 both give 1). Bounded; shared by every report of the process.
_PYTHON_NUMBERS: dict[Decimal | None, int | float | None] = {None: None}
_MAX_PYTHON_NUMBERS = 4096


def python_number(number: Decimal | None) -> int | float | None:
    """:meth:`Value.as_python` of a value holding ``number``."""
    try:
        return _PYTHON_NUMBERS[number]  # None: None
    except (KeyError, TypeError):  # not seen yet; a signalling NaN cannot be hashed
        pass
    assert number is not None
    python: int | float = int(number) if number == number.to_integral_value() else float(number)
    if len(_PYTHON_NUMBERS) < _MAX_PYTHON_NUMBERS and not number.is_snan():
        _PYTHON_NUMBERS[number] = python
    return python


_set_span_line = Span.__dict__["line"].__set__
_set_span_column = Span.__dict__["column"].__set__
_set_value_raw = Value.__dict__["raw"].__set__
_set_value_kind = Value.__dict__["kind"].__set__
_set_value_number = Value.__dict__["number"].__set__
_set_value_unit = Value.__dict__["unit"].__set__
_set_value_span = Value.__dict__["span"].__set__


@frozen(init=False)
class Row:
    """A row of a table placed on the official form.

    ``id`` is the canonical row id (``granted``); a sub-row a report adds under a
    form row keeps the parent id with the printed label in brackets
    (``other_services[行政检查]``). ``values`` maps column ids to values, in the
    form's column order.
    """

    id: str
    label: str
    values: dict[str, Value]
    span: Span | None = None

    def __init__(self, id: str, label: str, values: dict[str, Value], span: Span | None = None) -> None:
        _set_row_id(self, id)
        _set_row_label(self, label)
        _set_row_values(self, values)
        _set_row_span(self, span)


_set_row_id = Row.__dict__["id"].__set__
_set_row_label = Row.__dict__["label"].__set__
_set_row_values = Row.__dict__["values"].__set__
_set_row_span = Row.__dict__["span"].__set__


def draft_of(cls: type[Any]) -> type[Any]:
    """A subclass of the frozen attrs class ``cls`` with no slots of its own and object's
    ``__setattr__`` and ``__delattr__``: an instance is filled in by plain attribute stores (the
    interpreter writes a slot directly, no call), then becomes a ``cls`` by ``__class__``
    assignment (allowed: the same layout). attrs' frozen ``__init__`` sets each field through
    ``object.__setattr__`` by name, and ``object.__new__`` with the slots' setters costs a call
    a field; a draft costs two calls in all (``object.__new__`` and the class switch). Only for
    classes with no validators, converters or post-init hook, which the assertion checks. The
    stages that make objects by the hundred per report (cells, values, rows) make them so."""
    assert not any(a.validator or a.converter for a in fields(cls)) and not hasattr(cls, "__attrs_post_init__")
    return type(f"{cls.__name__}Draft", (cls,), {
        "__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__,
        "__doc__": f"A {cls.__name__} being made (see model.draft_of); never seen outside the stage making it.",
        "__module__": cls.__module__})


if TYPE_CHECKING:
    class ValueDraft(Value):  # what a draft is to the type checker: a Value whose fields are writable
        raw: str
        kind: Kind
        number: Decimal | None
        unit: str | None
        span: Span | None

    class RowDraft(Row):
        id: str
        label: str
        values: dict[str, Value]
        span: Span | None
else:
    ValueDraft = draft_of(Value)
    RowDraft = draft_of(Row)


def _check_drafts() -> None:
    value = object.__new__(ValueDraft)
    value.raw, value.kind, value.number, value.unit, value.span = "1", Kind.NUMBER, Decimal(1), None, Span(1, 1)
    value.__class__ = Value  # type: ignore[assignment]  # a draft becomes the value (same layout)
    row = object.__new__(RowDraft)
    row.id, row.label, row.values, row.span = "r", "l", {"total": value}, None
    row.__class__ = Row  # type: ignore[assignment]
    assert type(value) is Value and value == Value("1", Kind.NUMBER, Decimal(1), None, Span(1, 1))
    assert type(row) is Row and row == Row("r", "l", {"total": value})


_check_drafts()


@frozen
class Table:
    """One table of the form: ``active.item1`` … ``active.item9``, ``applications``, ``review``."""

    id: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    layout: str | None = None
    span: Span | None = None

    def row(self, row_id: str) -> Row | None:
        for row in self.rows:
            if row.id == row_id:
                return row
        return None


@frozen
class Section:
    """One of the six sections of a report, with its printed heading and body text."""

    id: str
    heading: str
    text: str
    span: Span | None = None


@frozen
class Finding:
    """Something a reader of the numbers must know.

    ``path`` is a canonical key or key prefix (``applications/granted``,
    ``applications/total_handled/total``, ``review``, ``sections/problems``).
    For a broken identity ``expected`` is what the identity asks for and
    ``actual`` what the report prints.
    """

    code: str
    severity: Severity
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None


@frozen
class Report:
    """A parsed annual report."""

    title: str | None
    agency: str | None
    year: int | None
    template: str | None  # "2019", "2021" or None
    sections: dict[str, Section] = field(factory=dict)
    tables: dict[str, Table] = field(factory=dict)
    findings: tuple[Finding, ...] = ()

    @property
    def applications(self) -> Table | None:
        return self.tables.get("applications")

    @property
    def review(self) -> Table | None:
        return self.tables.get("review")

    @property
    def active(self) -> dict[str, Table]:
        """The 第二十条 tables of section 二, by id (``active.item1`` …)."""
        return {k: t for k, t in self.tables.items() if k.startswith("active.")}
