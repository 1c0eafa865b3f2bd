"""Readings of a row whose cells cannot be placed by position, settled by the form's identities.

Two shapes lose the cells' boundaries:

* **glued runs**: ``640020470`` is seven cells with no separator between them. A
  reading splits each run into numbers: non-negative integers without leading
  zeros ("0" is a number of its own, "05" is none), with a decimal part only in a
  column that holds an amount; a space is a hard boundary, and so is a sign ("-",
  "+"), which opens a signed number in a column that holds one (本年增/减:
  ``12-3`` is 12 and -3). :func:`split_runs`
  finds every split into the row's columns that keeps the row's identities, by a
  depth-first search that computes a total column from its parts instead of
  trying its digits.
* **blank cells dropped**: ``26 26`` is two of seven cells, the others blank and
  gone. :func:`place_sparse` finds every choice of columns for the values that
  keeps the identities (blank cells count as 0).

A row is read only when exactly one reading is left; the table-wide identities
(:func:`joint`) may settle rows the row identities leave open. Nothing here
guesses: what stays open is reported by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import combinations, repeat
from math import comb, prod
from operator import is_
from typing import cast

__all__ = ["Group", "Reading", "joint", "number", "place_sparse", "split_runs"]

Group = tuple[tuple[int, ...], int]  # (part columns, total column): sum(parts) == total
Reading = tuple[tuple[int, int, int], ...]  # per column: (segment, start, end) of its digits
SparseReading = tuple[int | None, ...]  # per column: index of the value placed there, or None (blank)

_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_SIGNED = re.compile(r"[-+增减](?:0|[1-9]\d*)(?:\.\d+)?")
# with thousands separators (1,212): one to three digits, then groups of three
_GROUPED = re.compile(r"[-+增减]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_SIGNS = "-+增减"  # a sign, or a sign word (增9, 减25 on 本年增/减), opens a signed number
_AS_SIGN = str.maketrans({"增": "+", "减": "-", ",": None})
_MAX_READINGS = 64  # more than this many readings: the row is open, say so, stop counting
_MAX_STEPS = 5_000
# No cell of the forms holds a number of more than 15 digits (counts of requests and items,
# amounts in 元 or 万元): a value of more characters (a sign, 15 digits, a point and 7
# decimals) is never tried. A run that could still be read with one is not searched to
# the end, so the row is open (TooMany), never read from the readings short of it; and
# each step of the search costs at most this many tokens, however long the run.
_MAX_TOKEN = 24
# A token's value (number): the same tokens ("0", "1", "12") fill every report's runs, so each is
# read once (bounded; Decimal is immutable).
_NUMBERS: dict[str, Decimal] = {}
_CACHE_SIZE = 16384


class TooMany(Exception):
    """The search found more readings than it keeps, ran past its step budget, or
    would have had to try a value longer than any a cell holds (``_MAX_TOKEN``)."""


def number(token: str) -> Decimal:
    """The value of a token of a reading (``1,212`` -> 1212, ``减25`` -> -25)."""
    value = _NUMBERS.get(token)
    if value is None:
        if len(_NUMBERS) >= _CACHE_SIZE:
            _NUMBERS.clear()
        value = _NUMBERS[token] = Decimal(token.translate(_AS_SIGN))
    return value


def _valid(token: str, amount: bool, signed: bool = False, printed: bool = False) -> bool:
    if not printed and ("," in token or token[:1] in "增减"):
        return False  # thousands separators and sign words only where the caller reads them
    if "," in token:
        if not _GROUPED.fullmatch(token) or (token[:1] in _SIGNS and not signed):
            return False  # a comma stands only between groups of three digits, inside a number
        return amount or "." not in token
    if token[:1] in _SIGNS:
        if not (signed and _SIGNED.fullmatch(token)) or token in ("-0", "减0"):
            return False  # a sign opens a number only where the form holds a signed one
    elif not _NUMBER.fullmatch(token):
        return False
    return amount or "." not in token


# What a token of a run reads as in a column (amount, signed) under ``printed``: its value (an int
# when whole, else a Decimal), or
# _SKIP (not a number here, a longer one may be) or _BREAK (no longer token is one either).
# The same tokens ("0", "1", "12") fill every report's runs: worked out once (bounded; Decimal is
# immutable).
_SKIP = object()
_BREAK = object()
_TOKENS: dict[tuple[str, bool, bool, bool], object] = {}
_Number = int | Decimal  # a value in the search: an int when whole, else a Decimal


def _token_value(token: str, amount: bool, signed: bool, printed: bool) -> object:
    key = (token, amount, signed, printed)
    found = _TOKENS.get(key)
    if found is not None:
        return found
    if token in _SIGNS:
        found = _SKIP
    elif not _valid(token, amount, signed, printed):
        if token.lstrip(_SIGNS)[:1] == "0" and token.lstrip(_SIGNS) != "0" and "." not in token:
            found = _BREAK  # a leading zero: no longer token is a number either
        elif token[:1] in _SIGNS and not signed:
            found = _BREAK  # no signed number here, however long
        else:
            found = _SKIP
    elif "." in token:
        found = number(token)
    else:
        # a whole number as an int: the search only adds and compares values, and ints add
        # faster than Decimals, exactly alike (sums stay far below Decimal's 28 digits)
        found = int(token.translate(_AS_SIGN))
    if len(_TOKENS) >= _CACHE_SIZE:
        _TOKENS.clear()
    _TOKENS[key] = found
    return found


def split_runs(
    segments: Sequence[str],
    n: int,
    groups: Sequence[Group] = (),
    amount: Sequence[bool] | None = None,
    signed: Sequence[bool] | None = None,
    printed: bool = False,
) -> list[Reading]:
    """Every way to cut ``segments`` (digit strings, in order, each holding one
    value or more; one that opens with "-" opens with a negative value) into ``n``
    numbers that keeps every group's sum. ``amount`` marks the columns that may
    hold a decimal part, ``signed`` those that may hold a negative number; with
    ``printed`` numbers are read as reports print them: with thousands
    separators (``01,016`` is 0 and 1,016: a comma binds the three digits after
    it) and sign words (``0增37``: 增 and 减 open a signed number as + and -);
    :func:`number` gives a token's value.

    When the row ends with a group's total (table 三's 总计, table 四's last
    group), each reading of the last digits as that total is tried in turn and
    the parts must add up to it, which bounds them. Raises :class:`TooMany` past
    ``_MAX_READINGS`` readings or the step budget, or where a value longer than
    ``_MAX_TOKEN`` would have to be tried.
    """
    digits = sum(map(len, segments))
    if digits < n:
        return []  # every column holds a digit at least: the search finds no reading
    last = next((g for g, (_parts, total) in enumerate(groups) if total == n - 1), None)
    if digits == n and n and all(map(_is_digits, segments)):
        return _digit_each(segments, n, groups, last)
    amount = list(amount) if amount is not None else [False] * n
    signed = list(signed) if signed is not None else [False] * n
    budget = [0]  # one step budget for the whole row, however many totals are tried
    if last is None or not segments:
        return _search(segments, n, groups, amount, signed, {}, budget, printed)
    found: list[Reading] = []
    tail = segments[-1]
    head = list(segments[:-1])
    # the same for every total tried: the parts' columns, their flags, the groups' places
    part_amount, part_signed = amount[:-1], signed[:-1]
    shape = _shape(n - 1, groups, {last})
    lowest = max(0, n - 1 - sum(len(s) for s in head))  # the other columns hold a digit each
    for start in range(len(tail) - 1, lowest - 1, -1):
        token = tail[start:]
        if not _valid(token, amount[n - 1], signed[n - 1], printed) or (start and tail[start - 1] in ".," + _SIGNS):
            continue
        if len(token) > _MAX_TOKEN:
            raise TooMany  # the total could be a longer number than any cell holds: not searched
        segs = head + ([tail[:start]] if start else [])
        given = {last: number(token)}
        for reading in _search(segs, n - 1, groups, part_amount, part_signed, given, budget, printed, shape):
            found.append((*reading, (len(segments) - 1, start, len(tail))))
            if len(found) > _MAX_READINGS:
                raise TooMany
    return found


def _is_digits(segment: str) -> bool:
    return segment.isascii() and segment.isdigit()


# Per row shape (segments' lengths, n, groups, the last group): what _digit_each needs besides
# the digits, the same in every report (bounded; its parts are immutable)
_DigitShape = tuple[dict[int, int], list[list[int]], Reading]
_DIGIT_SHAPES: dict[tuple[tuple[int, ...], int, tuple[Group, ...], int | None], _DigitShape] = {}


def _digit_shape(lengths: tuple[int, ...], n: int, groups: Sequence[Group], last: int | None) -> _DigitShape:
    m = n if last is None else n - 1
    totals = {total: g for g, (_parts, total) in enumerate(groups) if g != last}
    part_of = [[g for g, (parts, _total) in enumerate(groups) if c in parts] for c in range(m)]
    reading = tuple((i, p, p + 1) for i, length in enumerate(lengths) for p in range(length))
    return totals, part_of, reading


def _digit_each(segments: Sequence[str], n: int, groups: Sequence[Group], last: int | None) -> list[Reading]:
    """:func:`split_runs` where the segments hold ``n`` ASCII digits in all: each column holds
    one digit (the one split the search can try; a sign, point or comma is none of them, so
    ``amount``, ``signed`` and ``printed`` change nothing), checked as the search checks it,
    column by column: a total column (of a group other than ``last``) must equal the sum of its
    group's parts before it, and the parts of ``last`` must not pass its total, the last digit,
    and must add up to it. A few steps, far within the step budget."""
    lengths = tuple(map(len, segments))
    try:
        key = (lengths, n, tuple(groups), last)
        shape = _DIGIT_SHAPES.get(key)
        if shape is None:
            if len(_DIGIT_SHAPES) >= _CACHE_SIZE:
                _DIGIT_SHAPES.clear()
            shape = _DIGIT_SHAPES[key] = _digit_shape(lengths, n, groups, last)
    except TypeError:  # groups given as lists: not a key
        shape = _digit_shape(lengths, n, groups, last)
    totals, part_of, reading = shape
    digits = "".join(segments)
    given = ord(digits[n - 1]) - 48  # the last group's total, when the row ends with one
    sums = [0] * len(groups)
    for c, gs in enumerate(part_of):
        v = ord(digits[c]) - 48
        g = totals.get(c)
        if g is not None and v != sums[g]:
            return []
        for g in gs:
            sums[g] += v
            if g == last and sums[g] > given:
                return []
    if last is not None and sums[last] != given:
        return []
    return [reading]


def _shape(n: int, groups: Sequence[Group], given: Collection[int]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Per column of ``n``: the group whose total it is (groups in ``given`` have theirs outside
    the columns), and the groups it is a part of."""
    totals = {total: g for g, (_parts, total) in enumerate(groups) if g not in given}
    part_of: dict[int, list[int]] = {}
    for g, (parts, _total) in enumerate(groups):
        for p in parts:
            if p < n:
                part_of.setdefault(p, []).append(g)
    return totals, part_of


def _search(segments: Sequence[str], n: int, groups: Sequence[Group], amount: Sequence[bool],
            signed: Sequence[bool], given: Mapping[int, _Number], budget: list[int], printed: bool,
            shape: tuple[dict[int, int], dict[int, list[int]]] | None = None) -> list[Reading]:
    """Readings of ``segments`` as ``n`` columns; a group in ``given`` has its
    total outside the columns, with that value. Memoised on (place in the digits,
    column, running sums): a total column is not tried digit by digit but must
    read as the sum of its parts. ``shape`` is :func:`_shape` of the columns, when known."""
    totals, part_of = shape if shape is not None else _shape(n, groups, given)
    remaining = [sum(len(s) for s in segments[i:]) for i in range(len(segments) + 1)]
    memo: dict[tuple[int, int, int, tuple[_Number, ...]], list[Reading]] = {}

    def search(seg: int, pos: int, col: int, sums: tuple[_Number, ...]) -> list[Reading]:
        key = (seg, pos, col, sums)
        known = memo.get(key)
        if known is not None:
            return known
        budget[0] += 1
        if budget[0] > _MAX_STEPS:
            raise TooMany
        out: list[Reading] = []
        if col == n or seg == len(segments):
            if col == n and seg == len(segments) and all(sums[g] == v for g, v in given.items()):
                out.append(())
            memo[key] = out
            return out
        left_cols = n - col
        if left_cols < len(segments) - seg or remaining[seg] - pos < left_cols:
            memo[key] = out  # every segment holds a value, every value a digit
            return out
        text = segments[seg]
        size = len(text)
        want = sums[totals[col]] if col in totals else None
        am, sg = amount[col], signed[col]
        groups_of = part_of.get(col)
        # every column after this one holds a digit at least
        last_end = min(size, size + remaining[seg + 1] - (left_cols - 1))
        for end in range(pos + 1, last_end + 1):
            if end < size and text[end] == ".":
                continue
            if end - pos > _MAX_TOKEN:
                raise TooMany  # the value could be longer than any a cell holds: not searched
            token = text[pos:end]
            found = tokens.get((token, am, sg, printed))  # _token_value's cache, read inline
            if found is None:
                found = _token_value(token, am, sg, printed)
            if found is _SKIP:
                continue
            if found is _BREAK:
                break
            value = cast("_Number", found)
            if want is not None:
                if value > want and value >= 0:
                    break  # a longer token is only larger
                if value != want:
                    continue
            new_sums = sums
            if groups_of is not None:
                if len(groups_of) == 1:
                    g = groups_of[0]
                    new_sums = (sums[0] + value,) if one else (*sums[:g], sums[g] + value, *sums[g + 1 :])
                    if g in given and new_sums[g] > given[g]:
                        break  # past the total: a longer token only adds more
                else:
                    new_sums = tuple(v + value if g in groups_of else v for g, v in enumerate(sums))
                    if any(g in given and new_sums[g] > given[g] for g in groups_of):
                        break  # past the total: a longer token only adds more
            rest = search(seg + 1, 0, col + 1, new_sums) if end == size else search(seg, end, col + 1, new_sums)
            if rest:
                cut = (seg, pos, end)
                for tail in rest:
                    out.append((cut, *tail))
                    if len(out) > _MAX_READINGS:
                        raise TooMany
        memo[key] = out
        return out

    one = len(groups) == 1
    tokens = _TOKENS
    return list(search(0, 0, 0, (0,) * len(groups)))


def _holds(numbers: Sequence[Decimal | None], groups: Sequence[Group]) -> bool:
    for parts, total in groups:
        cells = [numbers[p] for p in parts] + [numbers[total]]
        known = [c for c in cells if c is not None]
        if len(known) < len(cells):
            continue  # not assessable: a mark or words stand there
        if sum(known[:-1], Decimal(0)) != known[-1]:
            return False
    return True


def _membership(groups: Sequence[Group], n: int) -> list[tuple[int, bool] | None] | None:
    """Per column, the group it is in and whether it is the group's total (None: in no group);
    None when a column is in two groups or a group's parts are not in column order, where
    :func:`_place_by_groups` would not add a group's numbers in the order :func:`_holds` does."""
    member: list[tuple[int, bool] | None] = [None] * n
    for g, (parts, total) in enumerate(groups):
        if list(parts) != sorted(parts):
            return None
        for c, is_total in ((*((p, False) for p in parts), (total, True))):
            if not 0 <= c < n or member[c] is not None:
                return None
            member[c] = (g, is_total)
    return member


def place_sparse(
    numbers: Sequence[Decimal | None],
    n: int,
    groups: Sequence[Group] = (),
    amount: Sequence[bool] | None = None,
) -> list[SparseReading]:
    """Every choice of columns, in order, for ``numbers`` (``None`` for a cell that
    is not a number) among ``n`` columns, the others blank, that keeps every group's
    sum with blanks as 0. Raises :class:`TooMany` past the budget: more than
    ``_MAX_STEPS`` choices of columns (decided up front) or ``_MAX_READINGS`` readings."""
    amount = list(amount) if amount is not None else [False] * n
    k = len(numbers)
    if comb(n, k) > _MAX_STEPS:
        raise TooMany  # the choices of columns are more than the search tries
    # the values with a fraction, which only an amount column can hold (found once, not per choice)
    fractions = [i for i, v in enumerate(numbers) if v is not None and v != v.to_integral_value()]
    if k == n:  # one choice: every column holds a value (what either search below would try alone)
        if any(not amount[i] for i in fractions) or not _holds(numbers, groups):
            return []
        return [tuple(range(n))]
    member = _membership(groups, n)
    if member is not None:
        return _place_by_groups(numbers, n, member, len(groups), amount, fractions)
    out: list[SparseReading] = []
    for cols in combinations(range(n), k):
        if fractions and any(not amount[cols[i]] for i in fractions):
            continue
        row: list[Decimal | None] = [Decimal(0)] * n
        for v, c in zip(numbers, cols, strict=True):
            row[c] = v
        if _holds(row, groups):
            where: list[int | None] = [None] * n
            for i, c in enumerate(cols):
                where[c] = i
            out.append(tuple(where))
            if len(out) > _MAX_READINGS:
                raise TooMany
    return out


def _place_by_groups(numbers: Sequence[Decimal | None], n: int, member: Sequence[tuple[int, bool] | None],
                     n_groups: int, amount: Sequence[bool], fractions: Sequence[int]) -> list[SparseReading]:
    """:func:`place_sparse` where every column is in at most one group and each group's
    parts are in column order (:func:`_membership`): the choices of columns are tried
    depth first, value by value, in the order of ``combinations`` (so the readings come
    in the same order), and a group is checked as soon as its last column is decided,
    cutting every choice that shares the columns that break it. A group's parts are added
    in column order from Decimal(0), as :func:`_holds` adds them."""
    k = len(numbers)
    closing: list[list[int]] = [[] for _ in range(n)]  # per column, the groups whose last column it is
    last = [-1] * n_groups
    for c, m in enumerate(member):
        if m is not None:
            last[m[0]] = c
    for g, c in enumerate(last):
        if c >= 0:
            closing[c].append(g)
    zero = Decimal(0)
    sums = [zero] * n_groups
    totals = [zero] * n_groups
    unknown = [False] * n_groups
    is_fraction = [False] * k
    for i in fractions:
        is_fraction[i] = True
    cols = [0] * k
    out: list[SparseReading] = []

    def holds_at(c: int) -> bool:
        return all(unknown[g] or sums[g] == totals[g] for g in closing[c])

    def search(i: int, start: int) -> None:
        if i == k:
            for c in range(start, n):  # the columns left are blank
                if closing[c] and not holds_at(c):
                    return
            where: list[int | None] = [None] * n
            for j in range(k):
                where[cols[j]] = j
            out.append(tuple(where))
            if len(out) > _MAX_READINGS:
                raise TooMany
            return
        v = numbers[i]
        fraction = is_fraction[i]
        for c in range(start, n - k + i + 1):
            if c > start and closing[c - 1] and not holds_at(c - 1):
                return  # a group closed blank before c breaks: so it does for every later column
            if fraction and not amount[c]:
                continue
            m = member[c]
            if m is None:
                cols[i] = c
                if not closing[c] or holds_at(c):
                    search(i + 1, c + 1)
                continue
            g, is_total = m
            saved = (sums[g], totals[g], unknown[g])
            if v is None:
                unknown[g] = True
            elif is_total:
                totals[g] = v
            else:
                sums[g] = sums[g] + v
            cols[i] = c
            if not closing[c] or holds_at(c):
                search(i + 1, c + 1)
            sums[g], totals[g], unknown[g] = saved

    search(0, 0)
    return out


Vector = tuple[Decimal | None, ...]
_NONES = repeat(None)


def joint(
    fixed: Mapping[str, Vector],
    open_rows: Mapping[str, Sequence[Vector]],
    identities: Sequence[tuple[Sequence[str], Sequence[str]]],
    width: int,
    budget: int = 100_000,
) -> dict[str, set[int]] | None:
    """Which readings of the open rows survive the table's identities.

    ``fixed`` rows have one reading; each open row lists its readings as number
    vectors (``None`` where nothing can be summed). An identity ``(left, right)``
    says, per column, sum of the ``left`` rows == sum of the ``right`` rows; it is
    used only when every row it names is fixed or open. Returns, per open row, the
    indices of its readings that some joint reading keeps; ``None`` when the
    readings are too many to try together (``budget`` combinations).

    The joint readings are tried row by row (depth first), each identity checked as
    soon as the last of its open rows is chosen, so a choice that breaks it is not
    extended; a row no identity names keeps every reading when some joint reading of
    the others holds. The readings kept are those of every joint reading that keeps
    all the identities, as when each combination is tried whole.
    """
    names = list(open_rows)
    usable = [(l, r) for l, r in identities if all(x in fixed or x in open_rows for x in (*l, *r))]
    usable = [(l, r) for l, r in usable if any(x in open_rows for x in (*l, *r))]
    if not names:
        return {}
    # numbers that agree across readings are as good as fixed; try only distinct vectors (in
    # the order of their first reading: the readings kept do not depend on the order tried)
    distinct = {name: list(dict.fromkeys(open_rows[name])) for name in names}
    total = 1
    for name in names:
        total *= len(distinct[name])
        if total > budget:
            return None
    keep: dict[str, set[Vector]] = {name: set() for name in names}
    if total == 0:
        return {name: set() for name in names}  # a row with no reading: no joint reading
    sides = [((*left, *right), len(left)) for left, right in usable]
    # every vector as wide as the table: an identity's cells are read column by column with zip
    even = all(len(v) == width for v in fixed.values()) and all(
        len(v) == width for name in names for v in distinct[name])
    choice: dict[str, Vector] = {}
    zero = Decimal(0)

    def holds(rows: tuple[str, ...], nl: int) -> bool:
        # typed without None: a column that holds one is skipped before its cells are added
        vectors = cast("list[tuple[Decimal, ...]]", [choice[x] if x in choice else fixed[x] for x in rows])
        if even:
            columns: Iterator[Sequence[Decimal]] = zip(*vectors, strict=True)
        else:
            columns = ([v[c] for v in vectors] for c in range(width))
        for cells in columns:
            if any(map(is_, cells, _NONES)):
                continue  # not assessable: a mark or words stand there (``is``: Decimal == None is slow)
            if sum(cells[:nl], zero) != sum(cells[nl:], zero):
                return False
        return True

    if total == 1:  # one joint reading: kept whole if it keeps every identity
        choice.update((name, distinct[name][0]) for name in names)
        if all(holds(rows, nl) for rows, nl in sides):
            return {name: set(range(len(open_rows[name]))) for name in names}
        return {name: set() for name in names}
    # the rows the identities name, those of the identity with the fewest joint readings first;
    # each identity is checked at the row that completes it
    order: list[str] = []
    for rows, _nl in sorted(sides, key=lambda s: prod(len(distinct[x]) for x in set(s[0]) if x in open_rows)):
        order.extend(x for x in dict.fromkeys(rows) if x in open_rows and x not in order)
    closing: list[list[tuple[tuple[str, ...], int]]] = [[] for _ in order]
    place = {name: d for d, name in enumerate(order)}
    for rows, nl in sides:
        closing[max(place[x] for x in rows if x in place)].append((rows, nl))
    found = [False]

    def walk(d: int) -> None:
        if d == len(order):
            found[0] = True
            for name in order:
                keep[name].add(choice[name])
            return
        name = order[d]
        checks = closing[d]
        for vec in distinct[name]:
            choice[name] = vec
            if all(holds(rows, nl) for rows, nl in checks):
                walk(d + 1)
        del choice[name]

    walk(0)
    if found[0]:
        for name in names:
            if name not in place:
                keep[name] = set(distinct[name])  # no identity names it: every reading joins some joint reading
    return {name: {i for i, vec in enumerate(open_rows[name]) if vec in keep[name]} for name in names}


def readings_text(values: Iterator[Sequence[str]] | Sequence[Sequence[str]], limit: int = 6) -> str:
    """Readings for a message: ``27/0/0/2/0/1/30 or 2/7/0/0/20/1/30``."""
    values = list(values)
    shown = " or ".join("/".join(v) for v in values[:limit])
    return shown + (f" or {len(values) - limit} more" if len(values) > limit else "")
