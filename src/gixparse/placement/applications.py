"""Section 三: placing the rows of the applications table."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter

from .. import forms
from ..forms import strip_numbering
from ..model import Finding, Kind, Row, Severity, Span, Table, Value
from ..readers.grid import RUN, VALUE, Grid
from .align import align, read_label
from .fit import APP_GROUPS, make_row, read_values, row_total_holds
from .lines import Line, flag, read_lines, squash, unread_findings, words_in_values
from .open_rows import OpenRow, settle

__all__ = ["place_applications"]

_PLACE = attrgetter("line", "column")  # a span's (line, column)


def _match_application_row(labels: list[str], template: str | None) -> forms.RowSpec | None:
    return _application_row(tuple(labels), template)


@lru_cache(maxsize=4096)
def _application_row(labels: tuple[str, ...], template: str | None) -> forms.RowSpec | None:
    """The form row a label names (labels repeat from report to report: cached)."""
    squashed = [squash(x) for x in labels]
    tries = list(reversed(squashed))
    if len(squashed) > 1:
        tries.append("".join(squashed))
    for lab in tries:
        bare = strip_numbering(lab)
        for spec in forms.APPLICATION_ROWS:
            if template is not None and template not in spec.forms:  # never a row the form does not have
                continue
            if any(k in lab for k in spec.keywords) or bare in spec.exact:
                return spec
    return None


# a label that starts the way the form numbers its rows: 一、 (一) 1. 1、
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[,.]|\([一二三四五六七八九十]+\)|\d{1,2}[,.])")


def _label_only(line: Line) -> bool:
    return not line.values and not line.blank_tail and bool(line.labels)


def _wrapped_label(lines: Sequence[Line], i: int) -> bool:
    """Whether a row of values stands between label fragments of one wrapped label: a
    line of words only right before or after it in the same grid (space-aligned text
    prints a long label over lines and its values on one of them)."""
    grid = lines[i].grid
    if i > 0 and lines[i - 1].grid is grid and _label_only(lines[i - 1]):
        return True
    return i + 1 < len(lines) and lines[i + 1].grid is grid and _label_only(lines[i + 1])


def _match_joined_label(lines: Sequence[Line], i: int, template: str | None,
                        placed: Collection[str]) -> forms.RowSpec | None:
    """The one form row that the row's label names when joined with the label-only
    lines next to it (up to two before, one after); None unless exactly one does."""
    own = "".join(lines[i].labels)
    grid = lines[i].grid

    def fragment(j: int) -> str | None:
        ok = 0 <= j < len(lines) and lines[j].grid is grid and _label_only(lines[j])
        return "".join(lines[j].labels) if ok else None

    before1, before2, after = fragment(i - 1), fragment(i - 2), fragment(i + 1)
    joins = []
    if before1 is not None:
        joins.append(before1 + own)
        if before2 is not None:
            joins.append(before2 + before1 + own)
    if after is not None:
        joins.append(own + after)
        if before1 is not None:
            joins.append(before1 + own + after)
    found = {spec.id: spec for j in joins if (spec := _match_application_row([j], template)) is not None}
    found = {k: v for k, v in found.items() if k not in placed}
    return next(iter(found.values())) if len(found) == 1 else None


_HEADER_WORDS = frozenset({*forms.COLUMN_LABELS.values(), "申请人情况", "法人或其他组织"})


def _is_header(labels: list[str]) -> bool:
    """A row of table 三's column headers (自然人 … 其他 | 总计), not a row of the form."""
    return all(squash(x) in _HEADER_WORDS for x in labels)


def _is_group_label(labels: list[str]) -> bool:
    return bool(labels) and all(any(g in squash(x) for g in forms.APPLICATION_GROUPS) for x in labels)


def _application_identities(template: str | None) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """I1 and I3 as (left rows, right rows), per column."""
    outcome = forms.OUTCOME_ROWS[template or "2021"]
    return [(("new_received", "carried_over"), ("total_handled", "carried_forward")),
            (tuple(outcome), ("total_handled",))]


def _off_form_row(labels: Sequence[str], template: str | None) -> forms.RowSpec | None:
    """The row of the other form that a row's own label (its last cell) names: a
    2019-only row printed in a 2021 report, or the reverse. Never placed."""
    if template is None or not labels:
        return None
    own = squash(labels[-1])
    return next((spec for spec in forms.APPLICATION_ROWS
                 if template not in spec.forms and any(k in own for k in spec.keywords)), None)


_ROW_NAMES = {rid: forms.ROW_LABELS.get(rid, rid) for rid in forms.APPLICATION_PLACES}

_ZERO_RUN = re.compile("[0\uff10]+")  # zeros, ASCII or full-width


def _all_zero(line: Line, n: int) -> bool:
    """Whether the row prints 0 in each of its ``n`` columns and nothing else: its value cells
    (numbers, or glued runs of digits) hold only zeros, ``n`` of them in all. However a glued
    run splits, every cell is then 0; a blank, a word or a run of another length is not read so."""
    if not line.cells or any(c.kind not in (VALUE, RUN) or not _ZERO_RUN.fullmatch(c.text) for c in line.cells):
        return False
    return sum(len(c.text) for c in line.cells) == n


def _off_form_finding(printed: str, other: forms.RowSpec, template: str | None, parts: Sequence[str], path: str,
                      span: Span | None) -> Finding:
    """unplaced-row for a row of the other form: it names that form's row and, where this form
    splits it into rows, why they are not derived from it."""
    name = _ROW_NAMES.get(other.id, other.id)
    why = ""
    if parts:
        why = (f"; it is the sum of this form's rows {', '.join(_ROW_NAMES.get(p, p) for p in parts)}, which can "
               "be read from it only when it prints 0 in every column, and it does not")
    return flag("unplaced-row", Severity.WARNING, f"row {printed!r} with values is the row {name} of the "
                f"{'/'.join(other.forms)} form, which the {template} form this report uses does not have; not "
                f"placed{why}", path, span)


def _derive_parts(line: Line, printed: str, other_id: str, parts: Sequence[str], cols: Sequence[str],
                  placed_rows: dict[str, Row], findings: list[Finding]) -> None:
    """Read each row of this form that the other form's row ``other_id`` (printed 0 in every
    column) sums as 0, unless the report printed it itself, with the finding that says so."""
    zero = Value(raw="0", kind=Kind.NUMBER, number=Decimal(0), span=line.span)
    name = _ROW_NAMES.get(other_id, other_id)
    for part in parts:
        if part in placed_rows:  # printed as well: the report's own reading stands
            continue
        placed_rows[part] = make_row(part, printed, cols, [zero] * len(cols), line.span)
        findings.append(flag("row-from-other-form", Severity.WARNING, f"row {printed!r} is the row {name} of the "
                             "other form, printed 0 in every column; this form's rows it is the sum of are each 0: "
                             f"{_ROW_NAMES.get(part, part)} read as 0", f"applications/{part}", line.span))


def place_applications(grids: Sequence[Grid], text: str, template: str | None) -> tuple[Table | None, list[Finding]]:
    findings: list[Finding] = []
    cols = forms.APPLICATION_COLUMNS
    order = forms.application_rows(template)
    placed_rows: dict[str, Row] = {}
    open_rows: dict[str, OpenRow] = {}
    last: str | None = None
    derived: list[tuple[Line, str, str, tuple[str, ...]]] = []  # rows of the other form whose parts are read as 0
    lines = read_lines(grids, text)
    # first the rows whose labels name a form row (the anchors), then the others aligned between them
    entries: list[tuple[int, Line, forms.RowSpec | None, bool]] = []
    named: dict[str, int] = {}
    def names_row(labels: list[str]) -> bool:
        return _match_application_row(labels, template) is not None and not _is_header(labels)

    for i, line in enumerate(lines):
        words_in_values(line, len(cols), names_row)
        spec = _match_application_row(line.labels, template)
        if not line.values and not (spec and not _is_header(line.labels) and line.take_blanks(2)):
            continue
        wrapped = _wrapped_label(lines, i)
        if spec is None and line.labels and wrapped:
            spec = _match_joined_label(lines, i, template, named)
        entries.append((i, line, spec, wrapped))
        if spec is not None:
            named.setdefault(spec.id, i)
    pending = [(i, read_label(line.labels, forms.APPLICATION_GROUP_WORDS)) for i, line, spec, _w in entries
               if spec is None and line.labels and not _is_group_label(line.labels)
               and _off_form_row(line.labels, template) is None]
    aligned = align(pending, [(i, rid) for rid, i in named.items()], order, forms.APPLICATION_PLACES,
                    _ROW_NAMES) if pending else {}
    for i, line, spec, wrapped in entries:
        if spec is not None and wrapped and not any(_NUMBERED.match(squash(x)) for x in line.labels):
            findings.append(flag("label-wrapped", Severity.WARNING, f"the label of this row is wrapped over "
                                 f"lines around its values ({''.join(line.labels)!r}); read as {spec.id} by its "
                                 "words", f"applications/{spec.id}", line.span))
        if spec is None:
            printed = "".join(line.labels)
            if line.labels and _is_group_label(line.labels):
                findings.append(flag("subtotal-row", Severity.INFO, f"subtotal row {printed!r} "
                                     "is not on the form; not placed", "applications", line.span))
                continue
            if line.labels and (other := _off_form_row(line.labels, template)) is not None:
                parts = forms.OTHER_FORM_SUMS.get((template or "", other.id), ())
                if parts and _all_zero(line, len(cols)):
                    derived.append((line, printed, other.id, parts))
                    continue
                findings.append(_off_form_finding(printed, other, template, parts, "applications", line.span))
                continue
            if line.labels:
                decision = aligned.get(i)
                if decision is None or decision.row_id is None:
                    why = f": {decision.reason}" if decision else ""
                    findings.append(flag("unplaced-row", Severity.WARNING, f"row {printed!r} with values matches no "
                                         f"row of table 三{why}", "applications", line.span))
                    continue
                row_id = decision.row_id
                findings.append(flag("row-aligned", Severity.WARNING, f"row {printed!r} names no row of the form by "
                                     f"its words; taken for {_ROW_NAMES.get(row_id, row_id)}: {decision.reason}",
                                     f"applications/{row_id}", line.span))
            else:
                nxt = order.index(last) + 1 if last in order else 0
                if nxt >= len(order) or order[nxt] in placed_rows:
                    findings.append(flag("unplaced-row", Severity.WARNING, "a row of values with no label, and no "
                                         "row of the form left for it", "applications", line.span))
                    continue
                row_id = order[nxt]
                findings.append(flag("row-by-position", Severity.WARNING, f"a row of values with no label; placed "
                                     f"as {row_id}, the form's next row", f"applications/{row_id}", line.span))
        else:
            row_id = spec.id
        path = f"applications/{row_id}"
        if row_id in placed_rows:
            findings.append(flag("duplicate-row", Severity.WARNING, f"row {row_id} appears again; the first is "
                                 "kept", path, line.span))
            continue
        findings.extend(unread_findings(line, path))
        open_row = line.open_row(path, len(cols), APP_GROUPS)
        if open_row is not None:
            open_rows[row_id] = open_row
            placed = [open_row.unknown] * len(cols)  # until settled below
        else:
            placed = read_values(line, cols, path, True, row_total_holds, findings)
        placed_rows[row_id] = make_row(row_id, "".join(line.labels), cols, placed, line.span)
        last = row_id
    if open_rows:
        fixed = {rid: [r.values[c] for c in cols] for rid, r in placed_rows.items() if rid not in open_rows}
        settled, found = settle(open_rows, fixed, _application_identities(template), cols)
        findings.extend(found)
        for rid, vals in settled.items():
            r = placed_rows[rid]  # the row with its settled values (attrs.evolve, without its field walk)
            placed_rows[rid] = Row(r.id, r.label, dict(zip(cols, vals, strict=True)), r.span)
    for line, printed, other_id, parts in derived:
        _derive_parts(line, printed, other_id, parts, cols, placed_rows, findings)
    if not placed_rows:
        findings.append(flag("missing-table", Severity.ERROR, "no rows of table 三 (applications) found",
                                 "applications", None))
        return None, findings
    rows = tuple(placed_rows[r] for r in order if r in placed_rows)
    on_form = set(order)
    rows += tuple(r for k, r in placed_rows.items() if k not in on_form)
    for row_id in order:
        if row_id not in placed_rows:
            findings.append(flag("missing-row", Severity.WARNING, f"table 三 has no row {row_id}",
                                     f"applications/{row_id}", None))
    first_span = min((r.span for r in rows if r.span), key=_PLACE, default=None)
    layout = grids[0].layout if grids else None
    return Table("applications", cols, rows, layout, first_span), findings

