"""Rows whose values cannot be placed by position: their readings, and settling them.

A row is *open* when its cells' boundaries or places were lost: glued digit runs
(:data:`~gixparse.readers.grid.RUN` cells) or a layout that drops blank cells (a
reader module with ``DROPS_BLANKS = True``) printing fewer values than the form
has columns. :func:`readings` lists every reading of such a row that keeps the
row's identities (split.py); :func:`settle` keeps the readings the table's
identities allow and places a row only when one reading is left. Otherwise the row
gets an error finding that lists the readings, and each cell on which the readings
disagree is left unread (the glued run as printed, or nothing): never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache

from ..codes import finding
from ..model import Finding, Kind, Span, Value
from ..readers.grid import RUN, Cell, Grid
from . import split
from .split import Group, TooMany

__all__ = ["OpenRow", "drops_blanks", "readings", "settle"]

_UNIT = re.compile(r"(万元|亿元|元|件|项)$")

# finding codes of this module: code -> (severity, meaning)


@cache
def _dropping_layouts() -> frozenset[str]:
    from ..readers import layouts

    return frozenset(m.LAYOUT for m in layouts() if getattr(m, "DROPS_BLANKS", False))


def drops_blanks(grid: Grid) -> bool:
    """Whether the grid's layout leaves blank cells out (so a short row's values
    cannot be placed by position)."""
    return grid.layout in _dropping_layouts()


class OpenRow:
    """A row with several possible readings, each a full list of values."""

    __slots__ = ("path", "span", "options", "unknown", "glued", "printed", "failed")

    def __init__(self, path: str, span: Span | None, options: list[list[Value]], unknown: Value, glued: bool,
                 printed: str, failed: bool) -> None:
        self.path = path
        self.span = span
        self.options = options
        self.unknown = unknown  # what an unread cell holds
        self.glued = glued
        self.printed = printed
        self.failed = failed  # the search gave up: too many readings

    def vectors(self) -> list[tuple[Decimal | None, ...]]:
        return [tuple(_as_number(v) for v in option) for option in self.options]


def _as_number(v: Value) -> Decimal | None:
    if v.kind in (Kind.BLANK, Kind.MISSING):
        return Decimal(0)
    return v.number


def _run_values(cells: Sequence[Cell], grid: Grid, text: str, n: int, groups: Sequence[Group],
                amount: Sequence[bool]) -> tuple[list[list[Value]], bool]:
    segments: list[str] = []
    units: list[str | None] = []
    origins: list[tuple[int, int, int]] = []  # (line, column, offset in the source text)
    for cell in cells:
        body = cell.text.strip()
        m = _UNIT.search(body)
        units.append(m.group(1) if m else None)
        segments.append(body[: m.start()] if m else body)
        line, column = grid.position(cell)
        origins.append((line, column, grid.offset + cell.start))
    try:
        found = split.split_runs(segments, n, groups, amount)
    except TooMany:
        return [], True
    options = []
    for reading in found:
        vals = []
        for seg, a, b in reading:
            digits = segments[seg][a:b]
            last = b == len(segments[seg])
            unit = units[seg] if last else None
            line, column, off = origins[seg]
            raw = text[off + a : off + b + (len(unit) if unit else 0)]
            vals.append(Value(raw=raw, kind=Kind.NUMBER, number=Decimal(digits), unit=unit,
                              span=Span(line, column + a)))
        options.append(vals)
    return options, False


def readings(values: Sequence[Value], cells: Sequence[Cell], grid: Grid, text: str, path: str, span: Span | None,
             n: int, groups: Sequence[Group] = (), amount: Sequence[bool] | None = None) -> OpenRow | None:
    """The open row for a line's value cells, or None when they can be placed by position."""
    amount = list(amount) if amount is not None else [False] * n
    runs = [c for c in cells if c.kind == RUN]
    if runs:
        printed = " ".join(c.text for c in runs)
        if len(runs) != len(cells):  # runs mixed with marks or words: no split can be trusted
            options, failed = [], False
        else:
            options, failed = _run_values(cells, grid, text, n, groups, amount)
        return OpenRow(path, span, options, Value(raw=printed, kind=Kind.TEXT, span=span), True, printed, failed)
    if drops_blanks(grid) and 0 < len(values) < n:
        printed = " ".join(v.raw for v in values)
        numbers = [v.number if v.kind == Kind.NUMBER else None for v in values]
        try:
            where = split.place_sparse(numbers, n, groups, amount)
        except TooMany:
            return OpenRow(path, span, [], Value(raw="", kind=Kind.MISSING), False, printed, True)
        blank = Value(raw="", kind=Kind.BLANK)
        options = [[values[i] if i is not None else blank for i in w] for w in where]
        return OpenRow(path, span, options, Value(raw="", kind=Kind.MISSING), False, printed, False)
    return None


def _key(v: Value) -> tuple:
    return (v.kind, v.number)


def settle(open_rows: Mapping[str, OpenRow], fixed: Mapping[str, Sequence[Value]],
           identities: Sequence[tuple[Sequence[str], Sequence[str]]], columns: Sequence[str]
           ) -> tuple[dict[str, list[Value]], list[Finding]]:
    """The values of each open row, and a finding for each row left open.

    ``fixed`` rows (read by position) and the open rows' readings are tried
    together against ``identities`` (per column: sum of left rows == sum of right)."""
    width = len(columns)
    fixed_vectors = {rid: tuple(_as_number(v) for v in vals) for rid, vals in fixed.items()}
    live = {rid: row for rid, row in open_rows.items() if row.options}
    kept = split.joint(fixed_vectors, {rid: row.vectors() for rid, row in live.items()}, identities, width)
    out: dict[str, list[Value]] = {}
    findings: list[Finding] = []
    for rid, row in open_rows.items():
        options = row.options
        if kept is not None and rid in kept:
            # readings the table's identities reject are no readings: a row none of whose
            # readings fits is left open (flagged), never placed on its own say-so
            options = [o for i, o in enumerate(options) if i in kept[rid]]
        distinct: dict[tuple, list[Value]] = {}
        for o in options:
            distinct.setdefault(tuple(_key(v) for v in o), o)
        if len(distinct) == 1:
            out[rid] = reading = next(iter(distinct.values()))
            if row.glued and _mergeable(reading):
                findings.append(finding("glued-blanks-unchecked", f"glued digits {row.printed!r} read as "
                                        f"{' | '.join(v.raw or '·' for v in reading)}, the one split that keeps "
                                        "the identities if no cell was blank; glued text keeps no trace of a "
                                        "blank cell, and with one the digits would split otherwise", row.path,
                                        row.span))
            continue
        choices = list(distinct.values())
        if choices:
            placed = [c[0] if all(_key(o[i]) == _key(c[0]) for o in choices) else row.unknown
                      for i, c in enumerate(zip(*choices))]
        else:
            placed = [row.unknown] * width
        out[rid] = placed
        findings.append(_open_finding(row, choices, columns))
    return out, findings


def _mergeable(reading: Sequence[Value]) -> bool:
    """Whether two neighbouring values of a glued reading could be one number (so a
    reading with a blank cell would also fit the digits): "3" "12" could be "312"."""
    numbers = [v.raw.strip() for v in reading if v.kind == Kind.NUMBER]
    return any(a[:1] not in ("0", "") and a[-1:].isdigit() and b[:1].isdigit() for a, b in zip(numbers, numbers[1:]))


def _open_finding(row: OpenRow, choices: list[list[Value]], columns: Sequence[str]) -> Finding:
    shown = split.readings_text([[v.raw or "·" for v in c] for c in choices])
    if row.glued:
        if choices:
            code = "glued-ambiguous"
            msg = (f"glued digits {row.printed!r} split into the row's {len(columns)} values in {len(choices)} ways "
                   f"that keep the form's identities: {shown}; the cells they disagree on are not read")
        else:
            code = "glued-unsplit"
            why = "too many splits keep them" if row.failed else "no split keeps the form's identities"
            msg = f"glued digits {row.printed!r} cannot be split into the row's {len(columns)} values: {why}"
    else:
        if choices:
            code = "blanks-dropped-ambiguous"
            msg = (f"blank cells were dropped: the values {row.printed!r} fit {len(columns)} columns in "
                   f"{len(choices)} ways that keep the form's identities (· blank): {shown}; "
                   "the cells they disagree on are not read")
        else:
            code = "blanks-dropped-unplaced"
            why = "too many choices keep them" if row.failed else "no choice of columns keeps the form's identities"
            msg = f"blank cells were dropped: the values {row.printed!r} cannot be placed: {why}"
    span = row.span
    return finding(code, msg, row.path, span)
