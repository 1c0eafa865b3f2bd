"""Property "nothing lost": every digit-bearing cell of a table ends up placed on the
form or in a finding, over generated reports in every layout that can write itself.

A report is generated (``tests/strategies.py``), written by the renderer
(``gixparse.render``) in a layout with random quirks, and parsed back. Each cell
the data holds a number for is a digit-bearing cell of a table region of the
text. It must come back *placed*: its canonical key holds a number in
``gixparse.flatten(report)``; or be *in a finding*: a finding of the report
covers its key (the scorer's rule: a finding at ``p`` covers ``k`` when
``k.startswith(p)`` or ``p.startswith`` the key's row), which includes a
finding on its whole table. Whether a placed number is the right one is
``test_layout_properties.test_never_silently_wrong``'s question; this one asks
that no printed number vanish without a word.

Example counts follow the hypothesis profile from conftest.py (``ci``: 250 per
layout; ``dev``: 50).
"""

from __future__ import annotations

import pytest
from hypothesis import given

import gixparse
from gixparse.readers import layouts
from gixparse.render import render

from .strategies import Case, cases, quirks

RENDERING_LAYOUTS = tuple(m.LAYOUT for m in layouts() if hasattr(m, "render"))


def covers(path: str | None, key: str) -> bool:
    """The scorer's rule (shared/tools/score.py): a finding at ``path`` covers ``key``."""
    return bool(path) and (key.startswith(path) or path.startswith(key.rsplit("/", 1)[0]))


def digit_cells(case: Case) -> list[str]:
    """The keys of the cells printed with digits: every number of the data (blank and NA
    cells print none)."""
    return sorted(k for k, v in case.cells.items() if v is not None and not isinstance(v, str))


def lost(case: Case, report: gixparse.Report) -> list[str]:
    """Digit-bearing cells neither placed nor covered by a finding."""
    flat = gixparse.flatten(report)
    paths = [f.path for f in report.findings]
    return [k for k in digit_cells(case) if flat.get(k) is None and not any(covers(p, k) for p in paths)]


def test_lost_sees_a_lost_cell():
    """The helper is not vacuous: an unplaced number with no finding is lost; a finding on
    its row, or on its table, accounts for it."""
    case = Case({"applications/granted/total": 3, "applications/granted/other_org": None}, "甲", 2023, "2021", False)
    report = gixparse.Report(None, None, 2023, "2021")
    assert lost(case, report) == ["applications/granted/total"]
    for path in ("applications/granted", "applications"):
        flagged = gixparse.Report(None, None, 2023, "2021", findings=(
            gixparse.Finding("missing-row", gixparse.Severity.WARNING, "x", path),))
        assert lost(case, flagged) == []


def test_every_layout_is_searched():
    assert {"tab-rows", "cell-per-line", "markdown-pipe", "box-drawing", "space-aligned", "glued",
            "cell-per-line-dropped-blanks"} <= set(RENDERING_LAYOUTS)


@pytest.mark.parametrize("layout", RENDERING_LAYOUTS)
@given(case=cases(), q=quirks())
def test_nothing_lost(layout, case, q):
    text = render(case.cells, layout, agency=case.agency, year=case.year, template=case.template, quirks=q)
    report = gixparse.parse(text)
    assert lost(case, report) == []
