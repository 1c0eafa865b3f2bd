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

What the CI profile finds in other modules is pinned by ``xfail(strict=True)``
tests at the end (the shrunk case of each) and set aside in the property
(``_known``), so every layout is still searched for other losses meanwhile.
When a bug is fixed its xfail turns into XPASS (a failure under strict): delete
that xfail and the matching exclusion.
"""

from __future__ import annotations

import pytest
from hypothesis import given

import gixparse
from gixparse import forms
from gixparse.readers import layouts
from gixparse.render import Quirks, render

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


def _lost_of(case: Case, layout: str, q: Quirks) -> list[str]:
    text = render(case.cells, layout, agency=case.agency, year=case.year, template=case.template, quirks=q)
    return lost(case, gixparse.parse(text))


# Shrunk from the CI profile's find (hypothesis, then by hand): 2021 form, table 三 with blank
# and NA cells in two rows; full-width digits.
_SPACED_FULLWIDTH_CASE = Case(
    cells={
        **dict.fromkeys(("active.item1/rules/in_force", "active.item1/normative_documents/issued",
                         "active.item1/normative_documents/in_force", "active.item5/licensing/decisions",
                         "active.item6/penalty/decisions", "active.item6/coercion/decisions",
                         "active.item8/fees/amount"), 0),
        **{f"applications/new_received/{c}": 0
           for c in ("natural_person", "commercial", "research", "legal_services", "other_org", "total")},
        "applications/carried_over/research": 0, "applications/carried_over/total": 0,
        "applications/granted/natural_person": 0, "applications/granted/commercial": 0,
        "applications/granted/research": 0, "applications/granted/social_welfare": "/",
        "applications/granted/legal_services": 29192, "applications/granted/total": 0,
        "applications/partially_granted/social_welfare": 0, "applications/partially_granted/total": 0,
        "applications/withheld_state_secret/other_org": 0, "applications/withheld_state_secret/total": 0,
        "applications/withheld_prohibited_by_law/legal_services": 0,
        "applications/withheld_prohibited_by_law/total": 0,
        "applications/withheld_security_stability/legal_services": 0,
        "applications/withheld_security_stability/total": 0,
        "applications/withheld_third_party_rights/other_org": 0, "applications/withheld_third_party_rights/total": 0,
        **{f"applications/withheld_internal_affairs/{c}": 0
           for c in ("natural_person", "commercial", "research", "social_welfare", "total")},
        "applications/withheld_internal_affairs/legal_services": "/",
        "applications/withheld_internal_affairs/other_org": 111793,
    },
    agency="丰云安市人民政府办公室", year=2023, template="2021", consistent=False,
)


def test_spaced_fullwidth_with_blanks():
    """Space-aligned lines keep their full-width digits (text.normalise), so a row with blank
    and NA cells is lined up in display width (was: granted/total neither placed nor flagged)."""
    q = Quirks(seed=1952672, rate=0.1, fullwidth=True, attachment=True)
    assert _lost_of(_SPACED_FULLWIDTH_CASE, "space-aligned", q) == []


def _zero_2019_with_sub_row() -> dict:
    """Every cell of the 2019 form at 0, 其他对外管理服务事项 printed only as its sub-row 行政检查."""
    cells = {}
    for item in forms.ITEMS:
        for spec in item.rows:
            if "2019" in spec.forms and spec.id != "other_services":
                cells.update({f"{item.id}/{spec.id}/{c.id}": 0 for c in item.columns.get("2019", ())})
    cells.update({f"active.item5/other_services[行政检查]/{c}": 0 for c in ("prev_items", "change", "decisions")})
    for row in forms.application_rows("2019"):
        cells.update({f"applications/{row}/{c}": 0 for c in forms.APPLICATION_COLUMNS})
    for row in forms.REVIEW_ROWS:
        cells.update({f"review/{row}/{c}": 0 for c in forms.REVIEW_COLUMNS})
    return cells


def test_dropped_blanks_split_spaced_sub_row_label():
    """Found here: a sub-row label spaced out and broken over two lines (行 政 检 / 查) was read as
    the sub-row other_services[查], its values filed under a key the report does not have."""
    case = Case(_zero_2019_with_sub_row(), "东市人民政府", 2019, "2019", True)
    q = Quirks(seed=139, rate=0.3, split_labels=True, spaced_labels=True)
    assert _lost_of(case, "cell-per-line-dropped-blanks", q) == []
