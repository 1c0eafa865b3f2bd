"""How a finding colours the cells it covers: data, not ``if``\\ s in templates.

Every finding code falls in one *class*: a code named in :data:`CODE_CLASS`
takes that class; any other code takes the class :data:`DEFAULT_CLASS` gives
its (stage, severity) in :data:`gixparse.codes.CODES`. A cell covered by
findings of several classes shows the first of them in :data:`CLASSES` order.

:data:`SCOPE` says how far a finding reaches beyond its path: a column identity
(I1, I3) is anchored on one cell but is a statement about that column in the rows
it adds up.
"""

from __future__ import annotations

from typing import NamedTuple

from .. import forms
from ..codes import CODES
from ..model import Finding, Severity

__all__ = ["CLASSES", "CODE_CLASS", "DEFAULT_CLASS", "SCOPE", "FindingClass", "class_of"]


class FindingClass(NamedTuple):
    id: str  # CSS class suffix: cell-<id>, finding-<id>
    label: str  # what the legend says
    colour: str  # background of a covered cell
    ink: str  # border / swatch colour


CLASSES: tuple[FindingClass, ...] = (
    FindingClass("broken", "勾稽关系不成立", "#fde2e1", "#c62828"),
    FindingClass("nan", "应为数字却是文字", "#ece3f7", "#6a3fa0"),
    FindingClass("uncertain", "读数不确定", "#fff3cd", "#b7791f"),
    FindingClass("note", "提示", "#e3f0fb", "#2b6cb0"),
)
_BY_ID = {c.id: c for c in CLASSES}

CODE_CLASS: dict[str, str] = {
    "value-not-a-number": "nan",
    # an identity that holds only if blank cells hold numbers: the reading is in doubt, not the report
    "I1-balance-blanks": "uncertain",
    "I2-row-total-blanks": "uncertain",
    "I3-outcome-total-blanks": "uncertain",
    "R1-review-total-blanks": "uncertain",
    "R2-review-total-blanks": "uncertain",
    "R3-review-total-blanks": "uncertain",
}

DEFAULT_CLASS: dict[tuple[str, Severity], str] = {
    ("check", Severity.ERROR): "broken",  # an identity or count rule the printed numbers break
    ("check", Severity.WARNING): "uncertain",
    ("check", Severity.INFO): "note",
    ("read", Severity.ERROR): "uncertain",  # a cell gixparse could not settle
    ("read", Severity.WARNING): "uncertain",
    ("read", Severity.INFO): "note",
}

# A column identity (I1, I3) is anchored on one cell but speaks of a column of several rows: the
# finding covers its path's column in these rows of its table.
_BALANCE_ROWS = ("new_received", "carried_over", "total_handled", "carried_forward")  # 一 + 二 = （七） + 四
_OUTCOME_ROWS = (*dict.fromkeys(r for rows in forms.OUTCOME_ROWS.values() for r in rows), "total_handled")
SCOPE: dict[str, tuple[str, ...]] = {
    "I1-balance": _BALANCE_ROWS,
    "I1-balance-blanks": _BALANCE_ROWS,
    "I3-outcome-total": _OUTCOME_ROWS,
    "I3-outcome-total-blanks": _OUTCOME_ROWS,
}


def class_of(f: Finding) -> FindingClass:
    """The class of a finding (an unregistered code is read as a reading problem)."""
    cid = CODE_CLASS.get(f.code)
    if cid is None:
        entry = CODES.get(f.code)
        stage = entry.stage if entry is not None else "read"
        cid = DEFAULT_CLASS[(stage, f.severity)]
    return _BY_ID[cid]
