"""Rows whose label names no row of the form: aligning the printed rows with the form's rows.

A table's rows are printed in the form's order. Rows whose labels name a form row by
its keywords (forms.py) are *anchors*; a row between two anchors whose label names
none (characters lost in extraction, only a fragment of a wrapped label left) can
only be one of the form rows between them that no anchor took: its *free slots*.
It is taken for one of them only when the evidence leaves exactly one:

* its numbering (``2.`` under （三）, ``（六）`` in its group cell) and the words of its
  group cell (不予公开, 其他处理 …) must agree with the slot's place on the form;
* its words must be like the slot's words (rapidfuzz: the ratio, or the partial
  ratio when the printed words are a fragment of the form's), and no less like
  them than like any other row of the form;
* as many rows as free slots in a gap are taken in order; otherwise a row needs a
  single slot left by numbering and likeness, or one clearly closer than the rest.

Anything else stays unplaced, with the reason. This module decides; the table's
placement (applications.py) reads the values and reports the finding.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz

from ..forms import RowPlace
from .lines import squash

__all__ = ["Aligned", "Label", "align", "read_label", "similarity"]

# how like the form's words a label's words must be (0–100), and by how much the closest
# slot must lead the next when several are left
MIN_SIMILARITY = 70.0
CLEAR_LEAD = 15.0
# a fragment shorter than this is too short to be found inside the form's words
MIN_FRAGMENT = 4

_TOP = re.compile(r"^([一二三四五六七八九十]+)[,.]")
_GROUP = re.compile(r"^\(([一二三四五六七八九十]+)\)")
_ITEM = re.compile(r"^(\d{1,2})[,.](?!\d)")


class Label(NamedTuple):
    """What a printed label says of its row's place, and its own words."""

    top: str | None
    group: str | None
    item: int | None
    words: str


class Aligned(NamedTuple):
    row_id: str | None  # the form row taken, or None: left unplaced
    reason: str  # the evidence, in words, for the finding


def read_label(labels: Sequence[str], group_words: Mapping[str, tuple[str, str | None]]) -> Label:
    """The numbering, group and own words of a row's label cells.
    ``["（六）其他处理", "行政机关不再处理…"]`` -> group 六, words 行政机关不再处理…"""
    top = group = None
    item = None
    words = ""
    for n, cell in enumerate(labels):
        s = squash(cell)
        while s:
            if m := _TOP.match(s):
                top = m.group(1)
            elif m := _GROUP.match(s):
                group = m.group(1)
            elif m := _ITEM.match(s):
                item = int(m.group(1))
            else:
                word = next((w for w in group_words if s.startswith(w) and len(s) > len(w)), None)
                if word is None:
                    break
                t, g = group_words[word]
                top, group = top or t, group or g
                s = s[len(word):]
                continue
            s = s[m.end():]
        if s in group_words and n < len(labels) - 1:  # a group cell of its own
            t, g = group_words[s]
            top, group = top or t, group or g
        elif s:
            words = s
    return Label(top, group, item, words)


def similarity(words: str, form_words: str) -> float:
    """How like the form's words a printed label's words are, 0–100: the ratio of
    the two, or, for a fragment of the form's words, how well it fits inside them."""
    if not words or not form_words:
        return 0.0
    score = fuzz.ratio(words, form_words)
    if MIN_FRAGMENT <= len(words) <= len(form_words):
        score = max(score, fuzz.partial_ratio(words, form_words))
    return score


def _agrees(label: Label, place: RowPlace) -> bool:
    """Whether a label's numbering and group say nothing against a place on the form."""
    return ((label.top is None or label.top == place.top)
            and (label.group is None or label.group == place.group)
            and (label.item is None or label.item == place.item))


def align(pending: Sequence[tuple[int, Label]], anchors: Sequence[tuple[int, str]], order: Sequence[str],
          places: Mapping[str, RowPlace], names: Mapping[str, str]) -> dict[int, Aligned]:
    """Which form row each pending row is, if the evidence settles it.

    ``pending``: (printed position, label) of the rows whose labels name no form row;
    ``anchors``: (printed position, row id) of the rows placed by their labels;
    ``order``: the form's rows in printed order; ``places``: their numbering and words;
    ``names``: a row's label for messages. Returns a decision for every pending row.
    """
    index = {rid: j for j, rid in enumerate(order)}
    anchored = sorted((pos, index[rid]) for pos, rid in anchors if rid in index)
    taken = {rid for _pos, rid in anchors}
    out: dict[int, Aligned] = {}
    gaps: dict[tuple[int, int], list[tuple[int, Label]]] = {}
    for pos, label in pending:
        before = [j for p, j in anchored if p < pos]
        after = [j for p, j in anchored if p > pos]
        if not anchored:
            out[pos] = Aligned(None, "no row of the table is placed by its words to align it with")
            continue
        lo, hi = (before[-1] if before else -1), (after[0] if after else len(order))
        if lo >= hi:
            out[pos] = Aligned(None, "the rows around it are not in the form's order")
            continue
        gaps.setdefault((lo, hi), []).append((pos, label))
    for (lo, hi), rows in gaps.items():
        slots = [order[j] for j in range(lo + 1, hi) if order[j] not in taken]
        where = _between(order, lo, hi, names)
        if not slots:
            for pos, _label in rows:
                out[pos] = Aligned(None, f"no row of the form is free {where}")
            continue
        decided = {pos: _decide(label, k, rows, slots, order, places, names, where)
                   for k, (pos, label) in enumerate(rows)}
        chosen = [a.row_id for a in decided.values() if a.row_id]
        # two rows taken for one slot, or out of order: none of them is certain
        ranks = [slots.index(r) for r in chosen]
        if len(set(chosen)) < len(chosen) or ranks != sorted(ranks):
            decided = {pos: a if a.row_id is None else
                       Aligned(None, f"{where}, the rows whose labels name no form row fit the free rows "
                               "in more than one way") for pos, a in decided.items()}
        out.update(decided)
    return out


def _between(order: Sequence[str], lo: int, hi: int, names: Mapping[str, str]) -> str:
    if lo >= 0 and hi < len(order):
        return f"between {names.get(order[lo], order[lo])} and {names.get(order[hi], order[hi])}"
    if lo >= 0:
        return f"after {names.get(order[lo], order[lo])}"
    return f"before {names.get(order[hi], order[hi])}"


def _decide(label: Label, k: int, rows: Sequence[tuple[int, Label]], slots: Sequence[str], order: Sequence[str],
            places: Mapping[str, RowPlace], names: Mapping[str, str], where: str) -> Aligned:
    sims = {rid: similarity(label.words, places[rid].words) for rid in order if rid in places}
    elsewhere = max((s for rid, s in sims.items() if rid not in slots), default=0.0)
    fits = [s for s in slots if s in places and _agrees(label, places[s]) and sims[s] >= MIN_SIMILARITY]
    if len(rows) == len(slots):  # as many rows as free slots: by order
        slot = slots[k]
        choice = slot if slot in fits else None
        if choice is None:
            return Aligned(None, _refusal(label, slots, sims, names, where))
    elif len(fits) == 1:
        choice = fits[0]
    elif fits:
        ranked = sorted(fits, key=lambda s: -sims[s])
        if sims[ranked[0]] - sims[ranked[1]] < CLEAR_LEAD:
            return Aligned(None, f"{where} it could be any of {_names(ranked, names)}, and neither its numbering nor "
                           "its words settle which")
        choice = ranked[0]
    else:
        return Aligned(None, _refusal(label, slots, sims, names, where))
    if sims[choice] < elsewhere:
        return Aligned(None, f"its words are closer to a row of the form that is placed elsewhere than to "
                       f"{names.get(choice, choice)}, the free row {where}")
    evidence = [f"it stands {where}, where {_free(slots, names)}"]
    if label.item is not None or label.group is not None or label.top is not None:
        evidence.append("its numbering or group agrees")
    evidence.append(f"its words are {sims[choice]:.0f}% like the form's")
    return Aligned(choice, "; ".join(evidence))


def _free(slots: Sequence[str], names: Mapping[str, str]) -> str:
    if len(slots) == 1:
        return f"the one row of the form left unplaced is {names.get(slots[0], slots[0])}"
    return f"the rows of the form left unplaced are {_names(slots, names)}"


def _names(rows: Sequence[str], names: Mapping[str, str]) -> str:
    return "、".join(names.get(r, r) for r in rows)


def _refusal(label: Label, slots: Sequence[str], sims: Mapping[str, float], names: Mapping[str, str],
             where: str) -> str:
    best = max(slots, key=lambda s: sims.get(s, 0.0))
    which = "it" if len(slots) == 1 else "any of them"
    return (f"{where}, {_free(slots, names)}, but its numbering or its words ({sims.get(best, 0.0):.0f}% like "
            f"{names.get(best, best)} at best) do not fit {which}")
