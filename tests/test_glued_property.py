"""Property: random valid tables rendered glued parse to the exact values, or the
row carries a finding — never a wrong value without one."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given

import gixparse
from gixparse import forms
from gixparse.render import Quirks, render

small = st.integers(min_value=0, max_value=30)
wide = st.one_of(small, st.integers(min_value=0, max_value=3000))


@st.composite
def tables(draw):
    form = draw(st.sampled_from(["2019", "2021"]))
    year = 2020 if form == "2019" else draw(st.integers(2021, 2025))
    cells: dict[str, int] = {}
    cols = forms.APPLICANT_COLUMNS
    outcome = forms.OUTCOME_ROWS[form]
    handled = [0] * 6
    for row in outcome:
        vals = [draw(small) if draw(st.booleans()) else 0 for _ in cols]
        handled = [h + v for h, v in zip(handled, vals, strict=True)]
        for c, v in zip(cols, vals, strict=True):
            cells[f"applications/{row}/{c}"] = v
    over = [draw(small) for _ in cols]
    forward = [draw(st.integers(0, h + o)) for h, o in zip(handled, over, strict=True)]
    new = [h + f - o for h, f, o in zip(handled, forward, over, strict=True)]
    new = [max(n, 0) for n in new]
    over = [h + f - n for h, f, n in zip(handled, forward, new, strict=True)]
    for row, vals in (("total_handled", handled), ("carried_over", over), ("carried_forward", forward),
                      ("new_received", new)):
        for c, v in zip(cols, vals, strict=True):
            cells[f"applications/{row}/{c}"] = v
    for row in (*outcome, "total_handled", "carried_over", "carried_forward", "new_received"):
        cells[f"applications/{row}/total"] = sum(cells[f"applications/{row}/{c}"] for c in cols)
    for gid in forms.REVIEW_ROWS:
        parts = [draw(small) for _ in range(4)]
        for col, v in zip(forms.REVIEW_COLUMNS, [*parts, sum(parts)], strict=True):
            cells[f"review/{gid}/{col}"] = v
    for item in forms.ITEMS:
        if form not in item.columns:
            continue
        for row in item.rows:
            if form not in row.forms:
                continue
            for col in item.columns[form]:
                cells[f"{item.id}/{row.id}/{col.id}"] = draw(wide)
    return form, year, cells


def _covered(findings, key: str) -> bool:
    row = key.rsplit("/", 1)[0]
    return any(f.path and (key.startswith(f.path) or f.path.startswith(row)) for f in findings)


@given(tables(), st.booleans(), st.integers(0, 2**32 - 1))
def test_glued_tables_read_exactly_or_flagged(table, padding, seed):
    _form, year, cells = table
    text = render(cells, "glued", agency="示例市生态环境局", year=year, quirks=Quirks(seed=seed, padding=padding))
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert report.tables, "no table was read"
    read = 0
    for key, want in cells.items():
        got = flat.get(key)
        if got == want:
            read += 1
            continue
        assert _covered(report.findings, key), f"{key}: read {got!r}, true {want!r}, no finding on the row"
        if got is not None:  # a flagged row may leave cells unread, never fill them with a wrong number
            codes = {f.code for f in report.findings if _covered([f], key)}
            assert not codes & {"glued-ambiguous", "glued-unsplit"}, f"{key}: wrong value {got!r} in an open row"
    assert read > 0
