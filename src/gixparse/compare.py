"""Across agencies: each report's metrics against its peer group.

    >>> frame = peer_frame(reports)                      # one row per report (pandas)
    >>> table = gixparse.compare(frame, by=["province", "level", "kind"])

:func:`compare` takes any frame with one row per report, the grouping columns ``by``
and metric columns (the ids of docs/metrics.md; NaN where NA). For each report and
metric it gives the group's size ``n`` (reports with a value), its P10, P50 and P90
(linear interpolation), the report's ``position`` (share of the group at or below its
value) and a finding where the rule below says so. The rule, stated once:

* ``peer-outlier``: a value below P10 − w or above P90 + w, where w = max(P90 − P10,
  :data:`MIN_SPREAD`), in a group of at least :data:`MIN_GROUP` values;
* ``peer-zero``: a value of 0 where at least :data:`ZERO_SHARE` of the *other* values
  of its group (at least :data:`MIN_GROUP` of them) are above 0 — a zero where nearly
  every peer reports numbers is more often a blank form than a quiet year.

Reports whose group key is missing (an unresolved region) are in no group. NA values
are never filled with 0: they are left out of the group's figures.
pandas is the ``dataset`` extra: ``pip install 'gixparse[dataset]'``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from .agency import who
from .codes import finding
from .documents._extras import require
from .metric_defs import METRICS
from .metrics import metrics
from .model import Report

__all__ = ["MIN_GROUP", "MIN_SPREAD", "ZERO_SHARE", "compare", "peer_frame"]

MIN_GROUP = 5
MIN_SPREAD = 0.05
ZERO_SHARE = 0.9

# Counts beside the metrics in peer_frame: a zero among peers that report some is news.
PEER_COUNTS: dict[str, str] = {"new_received": "applications/new_received/total"}


def peer_frame(reports: Iterable[Report]) -> Any:
    """One row per report: agency, year, who published it (:func:`gixparse.who`), every
    metric (NaN when NA) and the counts of :data:`PEER_COUNTS`."""
    pd = require("pandas", "dataset", "peer comparison")
    from .export import flatten

    rows = []
    for rep in reports:
        p = who(rep)
        row: dict[str, Any] = {"agency": rep.agency, "year": rep.year, "region_code": p.region_code,
                               "province": p.province, "city": p.city, "county": p.county, "level": p.level,
                               "kind": p.kind}
        row.update({mid: m.value for mid, m in metrics(rep).items()})
        flat = flatten(rep)
        row.update({name: flat.get(key) for name, key in PEER_COUNTS.items()})
        rows.append(row)
    frame = pd.DataFrame(rows)
    for col in [m.id for m in METRICS] + list(PEER_COUNTS):
        if col in frame:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


def _who(group: Any, pos: int) -> str:
    """The agency and year of the row at position ``pos`` of ``group`` (positions, not
    labels: a frame made by ``pd.concat`` may repeat index labels)."""
    parts = [str(group[c].iloc[pos]) for c in ("agency", "year") if c in group.columns]
    return " ".join(parts) or f"row {group.index[pos]}"


def compare(frame: Any, by: Sequence[str], columns: Sequence[str] | None = None) -> Any:
    """Percentiles of each metric within peer groups, each report's position, and findings.

    Returns a long frame: one row per report and column compared, with the report's
    index (``row``), the ``by`` values, ``metric``, ``value``, ``n``, ``p10``, ``p50``,
    ``p90``, ``position``, and ``finding`` / ``severity`` / ``message`` (None when the
    value is unremarkable).
    """
    pd = require("pandas", "dataset", "peer comparison")
    by = list(by)
    if columns is None:
        columns = [c for c in [m.id for m in METRICS] + list(PEER_COUNTS) if c in frame.columns]
    missing = [c for c in [*by, *columns] if c not in frame.columns]
    if missing:
        raise KeyError(f"compare: the frame has no column {', '.join(missing)}")
    out: list[dict[str, Any]] = []
    for group_key, group in frame.groupby(by, dropna=True, sort=True):
        key: tuple[Any, ...] = group_key if isinstance(group_key, tuple) else (group_key,)
        for col in columns:
            # the group's own rows, by position: frame.loc[labels] would take every row of a repeated label
            s = pd.to_numeric(group[col], errors="coerce").astype("float64")
            vals = s.dropna()
            n = len(vals)
            positive = int((vals > 0).sum())
            p10, p50, p90 = (float(q) for q in vals.quantile([0.1, 0.5, 0.9])) if n else (math.nan,) * 3
            spread = max(p90 - p10, MIN_SPREAD) if n else math.nan
            for pos, i in enumerate(s.index):
                x = float(s.iloc[pos])
                row = {"row": i, **dict(zip(by, key, strict=True)), "metric": col, "value": x, "n": n, "p10": p10,
                       "p50": p50, "p90": p90,
                       "position": float((vals <= x).mean()) if n and not math.isnan(x) else math.nan,
                       "finding": None, "severity": None, "message": None}
                f = None
                if not math.isnan(x):
                    # the others of the group: its values but this one (x is 0 in the first test, so not > 0)
                    if x == 0 and n - 1 >= MIN_GROUP and positive / (n - 1) >= ZERO_SHARE:
                        f = finding("peer-zero", f"{_who(group, pos)}: {col} is 0, but {positive} of "
                                    f"{n - 1} peers ({', '.join(map(str, key))}) have more", col)
                    elif n >= MIN_GROUP and (x < p10 - spread or x > p90 + spread):
                        f = finding("peer-outlier", f"{_who(group, pos)}: {col} {x:.3g} is far outside its peers "
                                    f"({', '.join(map(str, key))}: P10 {p10:.3g}, P50 {p50:.3g}, P90 {p90:.3g}, "
                                    f"n {n})", col)
                if f is not None:
                    row.update(finding=f.code, severity=f.severity.value, message=f.message)
                out.append(row)
    return pd.DataFrame(out, columns=["row", *by, "metric", "value", "n", "p10", "p50", "p90", "position",
                                      "finding", "severity", "message"])
