"""Fitting a row's printed values to the form's columns, and the findings the reading calls for.

When a row holds fewer or more values than the form has columns, the row is read by
a stated rule and a finding says which cells are uncertain:

* too few: the values fill the columns from the left and the last value is taken
  as the row's total (where the table has one); the columns left over are
  ``missing``. This is the usual way a dropped cell shows in flattened text.
* too many: in tables with identities (三, 四) every way of dropping the extra
  values is tried against them (row total, review group totals); if all the ways
  that keep the identities give the same numbers, those are taken (with a
  warning); otherwise, and always in the 第二十条 tables, which have no identity,
  the row is read left-aligned and flagged as an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import combinations
from operator import attrgetter

from .. import forms
from ..model import Finding, Kind, Row, RowDraft, Severity, Span, Value
from .lines import Line, flag

__all__ = ["AMOUNT_COLUMNS", "APP_GROUPS", "MISSING", "REVIEW_GROUP", "REVIEW_GROUPS", "fit", "make_row",
           "ragged_finding", "read_values", "review_holds", "row_total_holds", "text_value_findings"]

# Kind's members as plain names: an Enum member read off its class costs a lookup each time
_BLANK, _MISSING, _TEXT = Kind.BLANK, Kind.MISSING, Kind.TEXT

MISSING = Value(raw="", kind=_MISSING)


def _n(v: Value) -> Decimal:
    return v.number if v.number is not None else Decimal(0)


def _numbers(vals: Sequence[Value]) -> tuple[Decimal | None, ...]:
    return tuple(map(_NUMBER_OF, vals))


_NUMBER_OF = attrgetter("number")


def fit(
    vals: list[Value], n: int, has_total: bool, holds: Callable[[Sequence[Value]], bool] | None
) -> tuple[list[Value], str | None]:
    """Values for ``n`` columns and how they were settled:
    None (as printed), "few", "settled" (extra values dropped by the identities)
    or "unsettled". ``holds`` reads the values' kinds and numbers only."""
    vals = list(vals)
    while len(vals) > n and vals[-1].kind == _BLANK:
        vals.pop()
    while len(vals) > n and vals[0].kind == _BLANK:
        vals.pop(0)
    if len(vals) == n:
        return vals, None
    if len(vals) < n:
        gap = [MISSING] * (n - len(vals))
        if has_total and len(vals) >= 2:
            return vals[:-1] + gap + vals[-1:], "few"
        return vals + gap, "few"
    extra = len(vals) - n
    if holds is not None and extra <= 2 and len({(v.kind, v.number) for v in vals}) == 1:
        # every value alike (a row of 0s): every way of dropping the extra values keeps the same
        # kinds and numbers, which is all ``holds`` reads, so they all hold or none does; the
        # first way is the reading the search below takes ("settled": one set of numbers)
        kept = _without(vals, tuple(range(extra)))
        if holds(kept):
            return kept, "settled"
        return (vals[: n - 1] + vals[-1:] if has_total else vals[:n]), "unsettled"
    if holds is not None and extra <= 2:
        readings = []
        for drop in combinations(range(len(vals)), extra):
            kept = _without(vals, drop)
            if holds(kept):
                readings.append(kept)
        if readings and len({_numbers(r) for r in readings}) == 1:
            return readings[0], "settled"
        if readings:
            return readings[0], "unsettled"
    return (vals[: n - 1] + vals[-1:] if has_total else vals[:n]), "unsettled"


def _without(vals: list[Value], drop: tuple[int, ...]) -> list[Value]:
    """The values but those at the (ascending) indexes ``drop``."""
    if len(drop) == 1:
        i = drop[0]
        return vals[:i] + vals[i + 1 :]
    if len(drop) == 2:
        i, j = drop
        return vals[:i] + vals[i + 1 : j] + vals[j + 1 :]
    return [v for i, v in enumerate(vals) if i not in drop]


APP_GROUPS = ((tuple(range(6)), 6),)
REVIEW_GROUP = ((0, 1, 2, 3), 4)
REVIEW_GROUPS = tuple((tuple(p + 5 * g for p in REVIEW_GROUP[0]), REVIEW_GROUP[1] + 5 * g) for g in range(3))
AMOUNT_COLUMNS = frozenset({"amount"})


def read_values(line: Line, cols: Sequence[str], path: str, has_total: bool,
                 holds: Callable[[Sequence[Value]], bool] | None, findings: list[Finding]) -> list[Value]:
    """A row's printed values on the table's columns, with the findings the reading
    calls for (ragged row, blank at its edge, words where a number belongs)."""
    if len(line.values) == len(cols):  # as printed (what fit gives)
        placed, how = list(line.values), None
    else:
        placed, how = fit(line.values, len(cols), has_total, holds)
    if how:
        findings.append(ragged_finding(how, len(line.values), cols, path, line.span, placed, has_total))
    elif line.padded:
        findings.extend(_edge_finding(line, placed, path))
    findings.extend(text_value_findings(placed, cols, path))
    return placed


def _edge_finding(line: Line, placed: Sequence[Value], path: str) -> list[Finding]:
    """A row read as printed whose values open with a blank cell, in a layout that dropped
    the row's last cells as padding: the blank may be a merged label cell and the values
    one column off (规章 | · | 2 | 0 | · reads as ·, 2, 0 or as 2, 0, ·)."""
    if line.padded and placed and placed[0].kind == _BLANK and line.values and line.values[0].kind == _BLANK:
        return [flag("row-edge-blanks", Severity.WARNING, "the row's values open with a blank cell and its last "
                         "cells were dropped as padding: the blank may belong to the label and the values be one "
                         "column off", path, line.span)]
    return []


def _labels_of(columns: Sequence[str]) -> str:
    return "、".join(forms.COLUMN_LABELS.get(c, c) for c in columns)


def ragged_finding(how: str, got: int, columns: Sequence[str], path: str, span: Span,
                    placed: Sequence[Value], has_total: bool) -> Finding:
    n = len(columns)
    if how == "few":
        missing = tuple(c for c, v in zip(columns, placed, strict=False) if v.kind == _MISSING)
        key = (got, tuple(columns), has_total, missing)
        msg = _FEW_MESSAGES.get(key)
        if msg is None:
            msg = _few_message(got, columns, has_total, missing)
            if len(_FEW_MESSAGES) >= 1024:
                _FEW_MESSAGES.clear()
            _FEW_MESSAGES[key] = msg
        return flag("row-too-few-values", Severity.WARNING, msg, path, span)
    if how == "settled":
        msg = (f"row has {got} values for {n} columns; every reading that keeps the form's identities gives the "
               "same numbers")
        return flag("row-too-many-values", Severity.WARNING, msg, path, span)
    msg = (f"row has {got} values for {n} columns and the identities do not settle which are extra; the values "
           "may be misplaced")
    return flag("row-too-many-values", Severity.ERROR, msg, path, span)


# row-too-few-values' message by what it says (the values got, the columns, which are missing): the
# same short rows recur from report to report (bounded)
_FEW_MESSAGES: dict[tuple[int, tuple[str, ...], bool, tuple[str, ...]], str] = {}


def _few_message(got: int, columns: Sequence[str], has_total: bool, missing: Sequence[str]) -> str:
    n = len(columns)
    uncertain = columns[1:-1] if has_total else columns[got - 1 :] if got else columns
    return (
        f"row has {got} values for {n} columns; read them from the left"
        + (", the last as 总计" if has_total else "")
        + f"; nothing was printed for {_labels_of(missing)}, so the values of {_labels_of(uncertain)} "
        "may be shifted"
    )


def row_total_holds(vals: Sequence[Value]) -> bool:
    """Whether the last value is the sum of the others (a blank or a mark counts 0; a word breaks it)."""
    acc: Decimal | int = 0
    for v in vals[:-1]:
        if v.kind == _TEXT:
            return False
        if v.number is not None:
            acc += v.number
    last = vals[-1]
    return last.kind != _TEXT and last.number is not None and acc == last.number


def review_holds(vals: Sequence[Value]) -> bool:
    return row_total_holds(vals[0:5]) and row_total_holds(vals[5:10]) and row_total_holds(vals[10:15])


def text_value_findings(vals: Sequence[Value], columns: Sequence[str], path: str) -> list[Finding]:
    out: list[Finding] = []
    for v in vals:
        if v.kind == _TEXT:
            break
    else:
        return out
    for col, v in zip(columns, vals, strict=False):
        if v.kind == _TEXT:
            out.append(
                flag("value-not-a-number", Severity.ERROR, f"cell {forms.COLUMN_LABELS.get(col, col)} holds "
                         f"{v.raw!r}, not a number", f"{path}/{col}", v.span)
            )
    return out


# A row is made as a draft (model.draft_of: its fields stored, then made a Row), a row per placed row
_new = object.__new__


def make_row(row_id: str, label: str, columns: Sequence[str], vals: Sequence[Value], span: Span) -> Row:
    """``Row(row_id, label, dict(zip(columns, vals)), span)``."""
    row = _new(RowDraft)
    row.id = row_id
    row.label = label
    row.values = dict(zip(columns, vals))  # as many pairs as the shorter gives (zip's default)
    row.span = span
    row.__class__ = Row  # type: ignore[assignment]  # a draft becomes the row (same layout)
    return row
