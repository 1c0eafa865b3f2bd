"""fit: a row of more values than columns whose values are all alike is settled without the
search over the ways of dropping the extra values; the reading must be the search's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import combinations

import pytest

from gixparse.model import Kind, Span, Value
from gixparse.placement.fit import fit, review_holds, row_total_holds


def _search(vals: list[Value], n: int, has_total: bool,
            holds: Callable[[Sequence[Value]], bool]) -> tuple[list[Value], str]:
    """fit's search for a row of one or two values too many, as written before the shortcut."""
    readings = []
    for drop in combinations(range(len(vals)), len(vals) - n):
        kept = [v for i, v in enumerate(vals) if i not in drop]
        if holds(kept):
            readings.append(kept)
    if readings and len({tuple(v.number for v in r) for r in readings}) == 1:
        return readings[0], "settled"
    if readings:
        return readings[0], "unsettled"
    return (vals[: n - 1] + vals[-1:] if has_total else vals[:n]), "unsettled"


_ALIKE = [("0", Kind.NUMBER, Decimal(0)), ("1", Kind.NUMBER, Decimal(1)), ("0.0", Kind.NUMBER, Decimal("0.0")),
          ("/", Kind.NA, None), ("见附件", Kind.TEXT, None)]


@pytest.mark.parametrize(("raw", "kind", "number"), _ALIKE)
@pytest.mark.parametrize(("n", "has_total", "holds"), [(5, True, row_total_holds), (7, True, row_total_holds),
                                                       (15, False, review_holds)])
@pytest.mark.parametrize("extra", [1, 2])
def test_a_row_of_alike_values_reads_as_the_search_reads_it(raw: str, kind: Kind, number: Decimal | None, n: int,
                                                             has_total: bool, holds: Callable[[Sequence[Value]], bool],
                                                             extra: int) -> None:
    # each value at a place of its own: the reading must keep the same cells, not only equal ones
    vals = [Value(raw, kind, number, None, Span(1, 1 + 2 * i)) for i in range(n + extra)]
    got, how = fit(vals, n, has_total, holds)
    want, want_how = _search(vals, n, has_total, holds)
    assert how == want_how
    assert [v.span for v in got] == [v.span for v in want]
