"""Stage 5: check the identities of the form (勾稽关系) on the placed tables.

The identities (template.md, canonical-keys.md):

* ``I1`` per column of table 三: 一 + 二 = （七）总计 + 四 (new + carried over = handled + carried forward);
* ``I2`` per row of table 三: 总计 = 自然人 + the five organisation columns;
* ``I3`` per column of table 三: （七）总计 = the sum of the outcome rows (一)–(六);
* ``R1``–``R3`` per group of table 四: 总计 = 维持 + 纠正 + 其他 + 尚未审结;
* counts are whole numbers, not below zero.

A report that breaks one is left as printed; the break is a finding. Blank (and
missing) cells count as 0: a check that holds that way passes. One that fails
only because of blanks, where blank cells could make it hold, gets its own code
(``…-blanks``: "blank cells would have to hold N"). A cell marked not applicable
("/", "—") makes a check not assessable: it is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from . import forms
from .model import Finding, Kind, Row, Severity, Table, Value

__all__ = ["CODES", "check_tables"]

# code -> (severity, meaning); every finding code of the checks is defined here once.
CODES: dict[str, tuple[Severity, str]] = {
    "I1-balance": (Severity.ERROR, "一 + 二 ≠ （七）总计 + 四 in a column of table 三"),
    "I1-balance-blanks": (Severity.WARNING, "I1 holds only if blank cells hold a number"),
    "I2-row-total": (Severity.ERROR, "a row's 总计 ≠ the sum of its six applicant columns"),
    "I2-row-total-blanks": (Severity.WARNING, "I2 holds only if blank cells hold a number"),
    "I3-outcome-total": (Severity.ERROR, "（七）总计 ≠ the sum of the outcome rows in a column"),
    "I3-outcome-total-blanks": (Severity.WARNING, "I3 holds only if blank cells hold a number"),
    "R-review-total": (Severity.ERROR, "a review or litigation group's 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结"),
    "R-review-total-blanks": (Severity.WARNING, "the group total holds only if blank cells hold a number"),
    "count-negative": (Severity.ERROR, "a count below zero"),
    "count-not-whole": (Severity.ERROR, "a count with a fractional part"),
}

_EMPTY = (Kind.BLANK, Kind.MISSING)


def _identity(code: str, path: str, left: Sequence[Value | None], right: Sequence[Value | None],
              what: str, anchor: Value | Row | None) -> Finding | None:
    """Check sum(left) == sum(right); None when it holds or cannot be assessed."""
    cells = [v for v in (*left, *right) if v is not None]
    if not cells or any(v.kind in (Kind.NA, Kind.TEXT) for v in cells):
        return None
    if all(v.kind in _EMPTY for v in cells):
        return None
    lsum = sum((v.number or Decimal(0) for v in left if v is not None), Decimal(0))
    rsum = sum((v.number or Decimal(0) for v in right if v is not None), Decimal(0))
    if lsum == rsum:
        return None
    blank_left = any(v is not None and v.kind in _EMPTY for v in left)
    blank_right = any(v is not None and v.kind in _EMPTY for v in right)
    gap = rsum - lsum  # what blank cells on the left would have to hold (negative: on the right)
    span = anchor.span if anchor is not None else None
    if (blank_left and gap > 0) or (blank_right and gap < 0):
        code = f"{code}-blanks"
        message = f"{what}: {lsum} ≠ {rsum}; blank cells would have to hold {abs(gap)}"
    else:
        message = f"{what}: {lsum} ≠ {rsum} (difference {gap})"
    severity = CODES[code][0]
    return Finding(code, severity, message, path, span.line if span else None, span.column if span else None,
                   expected=lsum, actual=rsum)


def _get(row: Row | None, col: str) -> Value | None:
    return row.values.get(col) if row is not None else None


def _check_applications(table: Table, template: str | None) -> list[Finding]:
    out: list[Finding] = []
    rows = {r.id: r for r in table.rows}
    applicant_cols = forms.APPLICANT_COLUMNS
    # I2: row totals
    for row in table.rows:
        total = row.values.get("total")
        if total is None:
            continue
        f = _identity("I2-row-total", f"applications/{row.id}", [row.values.get(c) for c in applicant_cols],
                      [total], f"{row.id}: 自然人 + 法人或其他组织 vs 总计", row)
        if f:
            out.append(f)
    # I1 and I3: per column
    outcome_ids = forms.OUTCOME_ROWS[template or "2021"]
    if template is None or not any(r in rows for r in outcome_ids[-3:]):
        if "other_handling" in rows:
            outcome_ids = forms.OUTCOME_ROWS["2019"]
    handled = rows.get("total_handled")
    for col in table.columns:
        if all(r in rows for r in ("new_received", "carried_over", "total_handled", "carried_forward")):
            f = _identity(
                "I1-balance", f"applications/carried_forward/{col}",
                [_get(rows["new_received"], col), _get(rows["carried_over"], col)],
                [_get(rows["total_handled"], col), _get(rows["carried_forward"], col)],
                f"{forms.COLUMN_LABELS[col]}: 一 + 二 vs （七）总计 + 四", _get(rows["carried_forward"], col),
            )
            if f:
                out.append(f)
        if handled is not None and any(r in rows for r in outcome_ids):
            f = _identity(
                "I3-outcome-total", f"applications/total_handled/{col}",
                [_get(rows.get(r), col) for r in outcome_ids], [_get(handled, col)],
                f"{forms.COLUMN_LABELS[col]}: sum of outcome rows vs （七）总计", _get(handled, col),
            )
            if f:
                out.append(f)
    return out


def _check_review(table: Table) -> list[Finding]:
    out = []
    for row in table.rows:
        f = _identity("R-review-total", f"review/{row.id}",
                      [row.values.get(c) for c in ("upheld", "corrected", "other", "pending")],
                      [row.values.get("total")], f"{row.id}: 维持 + 纠正 + 其他 + 尚未审结 vs 总计", row)
        if f:
            out.append(f)
    return out


def _check_counts(table: Table) -> list[Finding]:
    out = []
    for row in table.rows:
        for col, v in row.values.items():
            if v.number is None:
                continue
            path = f"{table.id}/{row.id}/{col}"
            span = v.span
            if v.number < 0:
                out.append(Finding("count-negative", Severity.ERROR, f"count {v.raw!r} is below zero", path,
                                   span.line if span else None, span.column if span else None))
            elif v.number != v.number.to_integral_value():
                out.append(Finding("count-not-whole", Severity.ERROR, f"count {v.raw!r} is not a whole number", path,
                                   span.line if span else None, span.column if span else None))
    return out


def check_tables(tables: dict[str, Table], template: str | None) -> list[Finding]:
    out: list[Finding] = []
    apps = tables.get("applications")
    if apps is not None:
        out += _check_applications(apps, template)
        out += _check_counts(apps)
    review = tables.get("review")
    if review is not None:
        out += _check_review(review)
        out += _check_counts(review)
    return out
