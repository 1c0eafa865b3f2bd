"""What the numbers mean: the rates of the metric dictionary, per report.

    >>> m = gixparse.metrics(report)
    >>> m["disclosure_rate"].value, m["disclosure_rate"].na
    (0.625, None)

A metric is ``numerator / denominator``, each the sum of canonical cells
(:mod:`gixparse.metric_defs`). It is NA — ``value`` None and ``na`` saying why —
when

* a cell it needs is missing (no table, no row, no cell), marked not applicable
  ("/", "—") or holds words;
* a cell it needs is uncertain: a reading finding or a broken identity of the form
  (warning or error) stands on that cell, its row or its table (an identity's
  finding covers every cell of the identity, see ``_SPREAD``);
* the denominator is 0.

A blank cell counts as 0, as in the identities of the form (``checks``). Never a
number computed over a cell gixparse does not stand behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from attrs import frozen

from . import forms
from .codes import CODES
from .metric_defs import METRICS, MetricSpec
from .model import Finding, Kind, Report, Row, Severity

__all__ = ["METRIC_COLUMNS", "MetricValue", "metric_rows", "metrics"]


@frozen
class MetricValue:
    """One metric of one report: the rate, its two sums, or why it is NA."""

    id: str
    value: float | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    na: str | None = None  # the reason the value is NA; None when there is a value


# Check codes that make the cells they stand on uncertain: the identities of the form
# and impossible counts. Soft checks (the text against the tables, years, series) do not:
# they say the text or another year disagrees, not that the cell was misread.
_UNCERTAIN_CHECKS = ("I1-", "I2-", "I3-", "R1-", "R2-", "R3-", "count-")


def _makes_uncertain(f: Finding) -> bool:
    if f.severity == Severity.INFO:
        return False
    entry = CODES.get(f.code)
    if entry is None or entry.stage == "read":
        return True
    return f.code.startswith(_UNCERTAIN_CHECKS)


def _spread(f: Finding) -> tuple[str, ...]:
    """The paths an identity finding stands for: the finding names the total it checks,
    but any cell of the identity may be the wrong one."""
    parts = f.path.split("/")
    if f.code.startswith("I1-") and len(parts) == 3:
        col = parts[2]
        return tuple(f"applications/{r}/{col}" for r in ("new_received", "carried_over", "total_handled",
                                                          "carried_forward"))
    if f.code.startswith("I3-") and len(parts) == 3:
        col = parts[2]
        return (f.path, *(f"applications/{r}/{col}" for r in {*forms.OUTCOME_ROWS["2019"],
                                                               *forms.OUTCOME_ROWS["2021"]}))
    return (f.path,)


def _uncertain_paths(report: Report) -> list[tuple[str, str]]:
    return [(p, f.code) for f in report.findings if _makes_uncertain(f) for p in _spread(f)]


def _covers(path: str, key: str) -> bool:
    return key == path or key.startswith(path + "/")


_MISSING, _BLANK, _NA, _TEXT, _ZERO = Kind.MISSING, Kind.BLANK, Kind.NA, Kind.TEXT, Decimal(0)


def _cell(report: Report, key: str, rows: dict[str, dict[str, Row]] | None = None) -> tuple[Decimal | None, str | None]:
    """(number, None) or (None, reason). ``rows``: each table's rows by id, filled as
    tables are met (a report's metrics look up dozens of cells)."""
    table_id, row_id, col = key.split("/")
    table = report.tables.get(table_id)
    if table is None:
        return None, f"{key}: table {table_id} not read"
    if rows is None:
        row = table.row(row_id)
    else:
        by_id = rows.get(table_id)
        if by_id is None:
            by_id = rows[table_id] = {}
            for r in reversed(table.rows):  # the first row of an id wins, as in Table.row
                by_id[r.id] = r
        row = by_id.get(row_id)
    if row is None:
        return None, f"{key}: row not found"
    v = row.values.get(col)
    if v is None:
        return None, f"{key}: cell missing"
    kind = v.kind
    if kind == _MISSING:
        return None, f"{key}: cell missing"
    if kind == _BLANK:
        return _ZERO, None
    if kind == _NA:
        return None, f"{key}: marked not applicable ({v.raw!r})"
    if kind == _TEXT or v.number is None:
        return None, f"{key}: holds words ({v.raw!r})"
    return v.number, None


def _sum(report: Report, keys: Iterable[str], uncertain: list[tuple[str, str]]) -> tuple[Decimal | None, str | None]:
    total = Decimal(0)
    for key in keys:
        n, why = _cell(report, key)
        if n is None:  # _cell gives a reason exactly when it gives no number
            return None, why
        flagged = next((code for path, code in uncertain if _covers(path, key)), None)
        if flagged is not None:
            return None, f"{key}: uncertain ({flagged})"
        total += n
    return total, None


class _Cells:
    """The cells of one report the metrics read, each looked up once: its rows by id per
    table (the first row of an id, as :meth:`Table.row`), and each key's
    ``(number, reason)`` as :func:`_sum` takes it (uncertainty included)."""

    def __init__(self, report: Report, uncertain: list[tuple[str, str]]) -> None:
        self.report = report
        self.uncertain = uncertain
        self.done: dict[str, tuple[Decimal | None, str | None]] = {}
        self.rows: dict[str, dict[str, Row]] = {}
        self.first: dict[str, tuple[int, str]] = {}  # each uncertain path: its first place in the list, its code
        for i, (path, code) in enumerate(uncertain):
            self.first.setdefault(path, (i, code))

    def flagged(self, key: str) -> str | None:
        """The code of the first uncertain path that covers ``key`` (as :func:`_covers`
        tells; the paths that can are ``key`` and its prefixes ending before a ``/``)."""
        first = self.first
        best = first.get(key)
        cut = key.find("/")
        while cut >= 0:
            got = first.get(key[:cut])
            if got is not None and (best is None or got[0] < best[0]):
                best = got
            cut = key.find("/", cut + 1)
        return None if best is None else best[1]

    def get(self, key: str) -> tuple[Decimal | None, str | None]:
        got = self.done.get(key)
        if got is None:
            n, why = _cell(self.report, key, self.rows)
            if n is not None and self.uncertain:
                flagged = self.flagged(key)
                if flagged is not None:
                    n, why = None, f"{key}: uncertain ({flagged})"
            self.done[key] = got = (n, why)
        return got

    def sum(self, keys: Iterable[str]) -> tuple[Decimal | None, str | None]:
        total = _ZERO
        for key in keys:
            n, why = self.get(key)
            if n is None:
                return None, why
            total += n
        return total, None


def _compute(report: Report, spec: MetricSpec, uncertain: list[tuple[str, str]],
             cells: _Cells | None = None) -> MetricValue:
    if cells is None:
        num, why = _sum(report, spec.numerator, uncertain)
        den, why_den = _sum(report, spec.denominator, uncertain)
    else:
        num, why = cells.sum(spec.numerator)
        den, why_den = cells.sum(spec.denominator)
    why = why or why_den
    if why is not None or num is None or den is None:  # _sum: no number exactly when a reason
        return MetricValue(spec.id, None, num, den, why)
    if den == 0:
        return MetricValue(spec.id, None, num, den, "denominator is 0")
    return MetricValue(spec.id, float(num / den), num, den)


def metrics(report: Report) -> dict[str, MetricValue]:
    """Every metric of the dictionary for one report, by id, in dictionary order."""
    uncertain = _uncertain_paths(report)
    cells = _Cells(report, uncertain)  # a key shared by several metrics is looked up once
    return {spec.id: _compute(report, spec, uncertain, cells) for spec in METRICS}


# Columns of :func:`metric_rows`: (name, type, meaning). Types are plain names a dataset
# writer maps to its own (string, int32, float64); no Arrow here.
METRIC_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("agency", "string", "the report's agency as printed in its title"),
    ("year", "int32", "the report year"),
    ("metric", "string", "metric id (docs/metrics.md)"),
    ("name_zh", "string", "the metric's Chinese name"),
    ("value", "float64", "numerator / denominator; null when NA"),
    ("numerator", "float64", "the sum of the numerator's cells; null when one is not usable"),
    ("denominator", "float64", "the sum of the denominator's cells; null when one is not usable"),
    ("na_reason", "string", "why the value is NA; null when there is a value"),
)


_NAMES = {spec.id: spec.name_zh for spec in METRICS}


def metric_rows(report: Report) -> list[dict[str, object]]:
    """The metrics of one report as rows (one per metric) with the columns of
    :data:`METRIC_COLUMNS`, ready for a table of a dataset."""
    names = _NAMES
    rows: list[dict[str, object]] = []
    for mid, m in metrics(report).items():
        rows.append({
            "agency": report.agency,
            "year": report.year,
            "metric": mid,
            "name_zh": names[mid],
            "value": m.value,
            "numerator": float(m.numerator) if m.numerator is not None else None,
            "denominator": float(m.denominator) if m.denominator is not None else None,
            "na_reason": m.na,
        })
    return rows
