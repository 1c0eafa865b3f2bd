"""Rows whose values cannot be placed by position: their readings, and settling them.

A row is *open* when its cells' boundaries or places were lost: glued digit runs
(:data:`~gixparse.readers.grid.RUN` cells) or a layout that drops blank cells (a
reader module with ``DROPS_BLANKS = True``) printing fewer values than the form
has columns. :func:`readings` lists every reading of such a row that keeps the
row's identities (split.py); :func:`settle` keeps the readings the table's
identities allow and places a row only when one reading is left. Otherwise the row
gets an error finding that lists the readings, and each cell on which the readings
disagree is left unread (the glued run as printed, or nothing): never a guess.

A report's own arithmetic error must not cost its rows: glued digits that split
only one way into the row's cells are read as printed even when they break the
row's own 总计, and when the table's identities hold under no reading of its
rows, each row is settled by the identities that can still hold together (the
largest such sets, all of them agreeing); either way a finding says so, and the
checks report the broken identity itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, pairwise

from .. import forms
from ..codes import finding
from ..model import Finding, Kind, Span, Value
from ..readers import declaring
from ..readers.grid import RUN, Cell, Grid
from ..values import _SPANS, span_at
from . import split
from .split import Group, TooMany

__all__ = ["OpenRow", "drops_blanks", "readings", "settle"]

# Kind's members as plain names: an Enum member read off its class costs a lookup each time
_BLANK, _MISSING, _NUMBER, _TEXT = Kind.BLANK, Kind.MISSING, Kind.NUMBER, Kind.TEXT

_UNIT = re.compile(r"(万元|亿元|元|件|项|宗|条|个)$")
_PIECE = re.compile(r"[-−+＋]?[^-−+＋]+")  # a glued run cut at its signs: "12-3" -> "12", "-3"
# the columns of the forms that hold a signed number (本年增/减)
_SIGNED_COLUMNS = frozenset({"change"})

# finding codes of this module: code -> (severity, meaning)


def drops_blanks(grid: Grid) -> bool:
    """Whether the grid's layout leaves blank cells out (so a short row's values
    cannot be placed by position)."""
    return grid.layout in declaring("DROPS_BLANKS")


class OpenRow:
    """A row with several possible readings, each a full list of values."""

    __slots__ = ("breaks_row", "failed", "glued", "options", "path", "printed", "span", "unchecked", "unknown")

    def __init__(self, path: str, span: Span | None, options: list[list[Value]], unknown: Value, glued: bool,
                 printed: str, failed: bool, breaks_row: bool = False, unchecked: bool = False) -> None:
        self.path = path
        self.span = span
        self.options = options
        self.unknown = unknown  # what an unread cell holds
        self.glued = glued
        self.printed = printed
        self.failed = failed  # the search gave up: too many readings
        self.breaks_row = breaks_row  # the one split of the digits, which breaks the row's own identity
        self.unchecked = unchecked  # its one reading is one its own identities cannot check (a mark in a group)

    def vectors(self) -> list[tuple[Decimal | None, ...]]:
        zeros = _ZEROS
        return [tuple([_ZERO if v.kind in zeros else v.number for v in option]) for option in self.options]


_ZERO = Decimal(0)
_ZEROS = (_BLANK, _MISSING)  # what sums as 0: a blank cell, a dropped one


def _signed_columns(path: str, n: int) -> list[bool]:
    """Which of a 第二十条 row's ``n`` columns hold a signed number, by its table's
    columns under the forms that have ``n`` of them (none unless they agree)."""
    return list(_item_signed(path.partition("/")[0] if "/" in path else "", n))


@lru_cache(maxsize=256)
def _item_signed(item_id: str, n: int) -> tuple[bool, ...]:
    item = next((it for it in forms.ITEMS if it.id == item_id), None)
    if item is None:
        return (False,) * n
    found = {tuple(c.id in _SIGNED_COLUMNS for c in cols) for cols in item.columns.values() if len(cols) == n}
    return found.pop() if len(found) == 1 else (False,) * n


def _run_values(cells: Sequence[Cell], grid: Grid, text: str, n: int, groups: Sequence[Group],
                amount: Sequence[bool], signed: Sequence[bool]) -> tuple[list[list[Value]], bool, bool]:
    """The readings of the row's runs, whether the search gave up, and whether the
    one reading is the only split of the digits, which breaks the row's identity."""
    segments: list[str] = []
    units: list[str | None] = []
    origins: list[tuple[int, int, int]] = []  # (line, column, offset in the source text)
    for cell in cells:
        body = cell.text.strip()
        line, column = grid.position(cell)
        if body.isascii() and body.isdigit():  # digits alone (most runs): one piece, no unit, no sign
            units.append(None)
            segments.append(body)
            origins.append((line, column, grid.offset + cell.start))
            continue
        m = _UNIT.search(body)
        digits = body[: m.start()] if m else body
        pieces = list(_PIECE.finditer(digits))
        for i, piece in enumerate(pieces):
            units.append(m.group(1) if m and i == len(pieces) - 1 else None)
            segments.append(piece.group(0).replace("−", "-").replace("＋", "+"))
            origins.append((line, column + piece.start(), grid.offset + cell.start + piece.start()))
    breaks_row = False
    try:
        found = split.split_runs(segments, n, groups, amount, signed, printed=True)
        if not found and groups:
            # no split keeps the row's identity: the digits are read as printed when they
            # split only one way into the row's cells (the break is then the report's)
            alone = split.split_runs(segments, n, (), amount, signed, printed=True)
            if len(alone) == 1:
                found, breaks_row = alone, True
    except TooMany:
        return [], True, False
    options = []
    number = split.number
    numbers = split._NUMBERS
    spans = _SPANS
    made: dict[tuple[int, int, int], Value] = {}  # readings share most cells: one Value per (segment, start, end)
    for reading in found:
        vals = []
        for cut in reading:
            made_value = made.get(cut)
            if made_value is not None:
                vals.append(made_value)
                continue
            seg, a, b = cut
            segment = segments[seg]
            unit = units[seg] if b == len(segment) else None
            line, column, off = origins[seg]
            raw = text[off + a : off + b + (len(unit) if unit else 0)]
            token = segment[a:b]
            # number(token) and span_at(line, column + a), their caches read inline
            value = numbers.get(token)
            if value is None:
                value = number(token)
            place = (line, column + a)
            vals.append(made.setdefault(cut, Value(raw, _NUMBER, value, unit, spans.get(place) or span_at(*place))))
        options.append(vals)
    return options, False, breaks_row


def readings(values: Sequence[Value], cells: Sequence[Cell], grid: Grid, text: str, path: str, span: Span | None,
             n: int, groups: Sequence[Group] = (), amount: Sequence[bool] | None = None,
             signed: Sequence[bool] | None = None) -> OpenRow | None:
    """The open row for a line's value cells, or None when they can be placed by position.
    ``signed`` marks the columns that hold a signed number (by default those of the
    第二十条 table the path names)."""
    runs = [c for c in cells if c.kind == RUN]
    if not runs and not (0 < len(values) <= n and drops_blanks(grid)):
        return None  # placed by position
    amount = list(amount) if amount is not None else [False] * n
    signed = list(signed) if signed is not None else _signed_columns(path, n)
    if runs:
        printed = " ".join(c.text for c in runs)
        breaks_row = False
        options: list[list[Value]] = []
        if len(runs) != len(cells):  # runs mixed with marks or words: no split can be trusted
            failed = False
        else:
            options, failed, breaks_row = _run_values(cells, grid, text, n, groups, amount, signed)
        return OpenRow(path, span, options, Value(raw=printed, kind=_TEXT, span=span), True, printed, failed,
                       breaks_row)
    # a layout that drops blanks, no more values than columns; a row that printed every column is open too: its one reading joins the table's
    # identities, so a value that is not the row's (blanks dropped, a stray number
    # taken in) cannot stand unchecked beside rows the identities settle
    printed = " ".join(v.raw for v in values)
    numbers = [v.number if v.kind == _NUMBER else None for v in values]
    try:
        where = split.place_sparse(numbers, n, groups, amount)
    except TooMany:
        return OpenRow(path, span, [], Value(raw="", kind=_MISSING), False, printed, True)
    breaks_row = False
    if not where and len(values) == n:
        where, breaks_row = [tuple(range(n))], True  # one way to place them: as printed
    # a full row whose every identity has a mark in it: nothing checks that its values are its own
    unchecked = len(values) == n and bool(groups) and all(
        any(numbers[c] is None for c in (*parts, total)) for parts, total in groups)
    blank = Value(raw="", kind=_BLANK)
    options = [[values[i] if i is not None else blank for i in w] for w in where]
    return OpenRow(path, span, options, Value(raw="", kind=_MISSING), False, printed, False, breaks_row,
                   unchecked)


_Key = tuple[Kind, Decimal | None]


def _key(v: Value) -> _Key:
    return (v.kind, v.number)


def settle(open_rows: Mapping[str, OpenRow], fixed: Mapping[str, Sequence[Value]],
           identities: Sequence[tuple[Sequence[str], Sequence[str]]], columns: Sequence[str]
           ) -> tuple[dict[str, list[Value]], list[Finding]]:
    """The values of each open row, and a finding for each row left open.

    ``fixed`` rows (read by position) and the open rows' readings are tried
    together against ``identities`` (per column: sum of left rows == sum of right).
    When no reading of the rows keeps them all (the report's own arithmetic is
    wrong), the rows are settled by the largest sets of identities that can hold
    together, with a finding on the table."""
    width = len(columns)
    live = {rid: row for rid, row in open_rows.items() if row.options}
    fixed_vectors: dict[str, tuple[Decimal | None, ...]] = {}
    vectors: dict[str, list[tuple[Decimal | None, ...]]] = {}
    if identities:
        zeros = _ZEROS
        fixed_vectors = {rid: tuple([_ZERO if v.kind in zeros else v.number for v in vals])
                         for rid, vals in fixed.items()}
        vectors = {rid: row.vectors() for rid, row in live.items()}
        kept = split.joint(fixed_vectors, vectors, identities, width)
    else:
        # no identity to try: every reading is kept (what joint says, or None past its budget,
        # which keeps them all too)
        kept = None
    findings: list[Finding] = []
    relaxed: list[tuple[Sequence[str], Sequence[str]]] | None = None
    unchecked = kept is None and bool(identities)
    if kept and all(not k for k in kept.values()):
        kept, relaxed = _relaxed(fixed_vectors, vectors, identities, width)
    present = set(fixed) | set(live)
    in_table_check = {rid for left, right in identities if all(x in present for x in (*left, *right))
                      for rid in (*left, *right)} if kept is not None else set()
    out: dict[str, list[Value]] = {}
    for rid, row in open_rows.items():
        options = row.options
        if kept is not None and rid in kept:
            # readings the table's identities reject are no readings: a row none of whose
            # readings fits is left open (flagged), never placed on its own say-so
            options = [o for i, o in enumerate(options) if i in kept[rid]]
        distinct: dict[tuple[_Key, ...], list[Value]] = {}
        if len(options) == 1:
            distinct[()] = options[0]  # one reading: no keys needed to tell readings apart
        else:
            for o in options:
                distinct.setdefault(tuple(_key(v) for v in o), o)
        if len(distinct) == 1:
            out[rid] = reading = next(iter(distinct.values()))
            shown = " | ".join(v.raw or "·" for v in reading)
            if row.unchecked and rid not in in_table_check:
                findings.append(finding("blanks-dropped-unchecked", f"the values {row.printed!r} fill the row's "
                                        f"{width} columns, but a mark stands in each of its identities and the "
                                        "table's identities cannot be used on it: blank cells were dropped, and a "
                                        "dropped blank with a stray value taken in would look the same", row.path,
                                        row.span))
            if row.breaks_row:
                what = (f"glued digits {row.printed!r} split only one way into the row's {width} values"
                        if row.glued else f"the values {row.printed!r} fill the row's {width} columns")
                findings.append(finding("read-as-printed", f"{what}, {shown}, which break the row's own 总计: "
                                        "read as printed; the break is the report's", row.path, row.span))
            findings.extend(_words_read(row, reading, columns))
            if row.glued and _mergeable(reading):
                keeps = "the only split" if row.breaks_row else "the one split that keeps the identities"
                findings.append(finding("glued-blanks-unchecked", f"glued digits {row.printed!r} read as "
                                        f"{shown}, {keeps} if no cell was blank; glued text keeps no trace of a "
                                        "blank cell, and with one the digits would split otherwise", row.path,
                                        row.span))
            continue
        choices = list(distinct.values())
        if choices:
            placed = [c[0] if all(_key(o[i]) == _key(c[0]) for o in choices) else row.unknown
                      for i, c in enumerate(zip(*choices, strict=False))]
        else:
            placed = [row.unknown] * width
        out[rid] = placed
        findings.append(_open_finding(row, choices, columns))
        findings.extend(_words_read(row, placed, columns))
    table = next(iter(open_rows.values())).path.split("/", 1)[0] if open_rows else ""
    if unchecked and any(len(row.options) == 1 for row in live.values()):
        findings.append(finding(
            "table-identities-unchecked", "the rows whose cells are not placed by position have too many readings "
            "together to check the table's identities on them; a row read the one way its own 总计 allows is not "
            "checked against the other rows, and a value not its own (a dropped blank, a stray number) may stand "
            "in it", table, None))
    if relaxed is not None:
        broken = [ident for ident in identities if ident not in relaxed]
        kept_text = "; ".join(_identity_text(i) for i in relaxed) or "no identity of the table"
        findings.append(finding(
            "table-identities-broken", f"no reading of the table's rows whose cells are not placed by position "
            f"({'glued digits' if any(r.glued for r in open_rows.values()) else 'blank cells dropped'}) keeps "
            f"{'; '.join(_identity_text(i) for i in broken)}: the printed numbers break it (the check reports where); "
            f"those rows were read by their own 总计 and {kept_text}, so a row whose own 总计 is also misprinted "
            "may be misread", table, None))
    return out, findings


def _words_read(row: OpenRow, placed: Sequence[Value], columns: Sequence[str]) -> list[Finding]:
    """An error for each word a row's reading holds where the form has a number (见附件 read in its
    column); a glued run left unread is the open finding's, not a word of the text."""
    if row.glued:
        return []
    own = len(set(columns)) == len(columns)  # a table's columns, not several rows' run together
    return [finding("value-not-a-number", f"cell {forms.COLUMN_LABELS.get(col, col)} holds {v.raw!r}, not a number",
                    f"{row.path}/{col}" if own else row.path, v.span)
            for col, v in zip(columns, placed, strict=False) if v.kind == _TEXT]


def _identity_text(identity: tuple[Sequence[str], Sequence[str]]) -> str:
    def rows(ids: Sequence[str]) -> str:
        return " + ".join(ids) if len(ids) <= 3 else f"{ids[0]} + … + {ids[-1]}"

    left, right = identity
    return f"{rows(left)} = {rows(right)}"


def _relaxed(fixed: Mapping[str, tuple[Decimal | None, ...]], vectors: Mapping[str, list[tuple[Decimal | None, ...]]],
             identities: Sequence[tuple[Sequence[str], Sequence[str]]], width: int
             ) -> tuple[dict[str, set[int]] | None, list[tuple[Sequence[str], Sequence[str]]]]:
    """The readings kept by the largest sets of identities some joint reading keeps
    (the union over all such sets, so a row is read only when they agree), and the
    identities every such set holds (those the report's numbers keep for certain);
    ``None`` for the readings when they are too many to try together."""
    for size in range(len(identities) - 1, -1, -1):
        found = []
        for subset in combinations(identities, size):
            kept = split.joint(fixed, vectors, subset, width)
            if kept is None:
                return None, []  # too many readings to try together: no table identity settles anything
            if all(kept.values()):
                found.append((subset, kept))
        if found:
            union = {rid: set().union(*(k[rid] for _s, k in found)) for rid in vectors}
            common = [i for i in identities if all(i in s for s, _k in found)]
            return union, common
    return None, []


def _mergeable(reading: Sequence[Value]) -> bool:
    """Whether two neighbouring values of a glued reading could be one number (so a
    reading with a blank cell would also fit the digits): "3" "12" could be "312".
    Values a space apart never could ("6 6 6" is three values, whatever was blank)."""
    numbers = [v for v in reading if v.kind == _NUMBER]
    return any(_touch(a, b) and a.raw[:1] not in ("0", "") and a.raw[-1:].isdigit() and b.raw[:1].isdigit()
               for a, b in pairwise(numbers))


def _touch(a: Value, b: Value) -> bool:
    """Whether ``b`` is printed right after ``a``, with nothing between them."""
    if a.span is None or b.span is None:
        return True  # no position to tell: assume they touch
    return a.span.line == b.span.line and b.span.column == a.span.column + len(a.raw)


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
