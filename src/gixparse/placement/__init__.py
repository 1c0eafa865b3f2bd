"""Stage 4: place the cells of the grids on the official form.

Rows are placed by their labels (forms.py), never by counting rows; values are
placed on the form's columns in order. When a row holds fewer or more values than
the form has columns, the row is read by a stated rule and a finding says which
cells are uncertain:

* too few: the values fill the columns from the left and the last value is taken
  as the row's total (where the table has one); the columns left over are
  ``missing``. This is the usual way a dropped cell shows in flattened text.
* too many: in tables with identities (三, 四) every way of dropping the extra
  values is tried against them (row total, review group totals); if all the ways
  that keep the identities give the same numbers, those are taken (with a
  warning); otherwise, and always in the 第二十条 tables, which have no identity,
  the row is read left-aligned and flagged as an error.

A row whose labels cannot be placed is reported, never guessed at, unless it has
no label at all and stands where the form's next row belongs (then it is placed
there, with a warning).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from decimal import Decimal
from itertools import combinations

from .. import forms
from ..forms import squash, strip_numbering
from ..codes import finding
from ..model import Finding, Kind, Row, Severity, Span, Table, Value
from ..readers.grid import BLANK, NA, RUN, TEXT, VALUE, Cell, Grid, GridRow
from ..values import to_value
from .open_rows import OpenRow, readings, settle

__all__ = ["detect_template", "place_applications", "place_items", "place_review"]

_MISSING = Value(raw="", kind=Kind.MISSING)


class _Line:
    """A grid row split into its label cells and its value cells."""

    __slots__ = ("labels", "values", "cells", "blank_tail", "span", "grid", "text", "grid_cells", "padded")

    def __init__(self, row: GridRow, grid: Grid, text: str) -> None:
        cells = row.cells
        first_value = next((i for i, c in enumerate(cells) if c.kind in (VALUE, NA, RUN)), len(cells))
        last_label = max((i for i in range(first_value) if cells[i].kind == TEXT), default=-1)
        self.labels = [c.text for c in cells[: last_label + 1] if c.kind == TEXT]
        self.cells = cells[last_label + 1 :] if first_value < len(cells) else ()
        self.values = [to_value(c, grid, text) for c in self.cells]
        # a row printed with every value cell blank: its blank cells, for placement to take
        # when its label is a row of the form (a header row is not)
        self.blank_tail = cells[last_label + 1 :] if first_value == len(cells) and last_label >= 0 else ()
        self.grid_cells = cells
        self.padded = row.padded
        first: Cell = cells[0]
        self.span = Span(*grid.position(first))
        self.grid = grid
        self.text = text

    def take_blanks(self, least: int) -> bool:
        """Read a row whose value cells are all blank as a row of blanks (at least ``least`` of them)."""
        if len(self.blank_tail) < least:
            return False
        self.cells = self.blank_tail
        self.values = [to_value(c, self.grid, self.text) for c in self.cells]
        return True

    def take_words(self, labels: int) -> bool:
        """Read the label cells after the first ``labels`` ones as the row's values: a
        row whose values are all words ("行政许可 | 详见附表"), so each is reported."""
        texts = [i for i, c in enumerate(self.grid_cells) if c.kind == TEXT]
        if labels == 0 or len(texts) <= labels:
            return False
        cells = self.grid_cells[texts[labels - 1] + 1 :]
        self.labels = self.labels[:labels]
        self.cells = cells
        self.values = [to_value(c, self.grid, self.text) for c in cells]
        return True

    def open_row(self, path: str, n: int, groups=(), amount=None) -> OpenRow | None:
        """The row's readings when its values cannot be placed by position."""
        return readings(self.values, self.cells, self.grid, self.text, path, self.span, n, groups, amount)


def _lines(grids: Sequence[Grid], text: str) -> list[_Line]:
    return [_Line(row, grid, text) for grid in grids for row in grid.rows]


def _finding(code: str, severity: Severity, message: str, path: str, span: Span | None) -> Finding:
    return finding(code, message, path, span, severity=severity)


_FORM_MARKERS = {form: re.compile("|".join(markers)) for form, markers in forms.FORM_MARKERS.items()}


def detect_template(grids: Sequence[Grid], year: int | None) -> str | None:
    """The form a report uses: by the words of its table headers, else by its year."""
    labels = squash("\n".join(c.text for grid in grids for row in grid.rows for c in row.cells if c.kind == TEXT))
    hits = {form: len(pattern.findall(labels)) for form, pattern in _FORM_MARKERS.items()}
    if hits["2021"] != hits["2019"]:
        return "2021" if hits["2021"] > hits["2019"] else "2019"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None


# --- fitting values to columns ------------------------------------------------------------


def _n(v: Value) -> Decimal:
    return v.number if v.number is not None else Decimal(0)


def _numbers(vals: Sequence[Value]) -> tuple[Decimal | None, ...]:
    return tuple(v.number for v in vals)


def _fit(
    vals: list[Value], n: int, has_total: bool, holds: Callable[[Sequence[Value]], bool] | None
) -> tuple[list[Value], str | None]:
    """Values for ``n`` columns and how they were settled:
    None (as printed), "few", "settled" (extra values dropped by the identities)
    or "unsettled"."""
    vals = list(vals)
    while len(vals) > n and vals[-1].kind == Kind.BLANK:
        vals.pop()
    while len(vals) > n and vals[0].kind == Kind.BLANK:
        vals.pop(0)
    if len(vals) == n:
        return vals, None
    if len(vals) < n:
        gap = [_MISSING] * (n - len(vals))
        if has_total and len(vals) >= 2:
            return vals[:-1] + gap + vals[-1:], "few"
        return vals + gap, "few"
    extra = len(vals) - n
    if holds is not None and extra <= 2:
        readings = []
        for drop in combinations(range(len(vals)), extra):
            kept = [v for i, v in enumerate(vals) if i not in drop]
            if holds(kept):
                readings.append(kept)
        if readings and len({_numbers(r) for r in readings}) == 1:
            return readings[0], "settled"
        if readings:
            return readings[0], "unsettled"
    return (vals[: n - 1] + vals[-1:] if has_total else vals[:n]), "unsettled"


_APP_GROUPS = ((tuple(range(6)), 6),)
_REVIEW_GROUP = ((0, 1, 2, 3), 4)
_REVIEW_GROUPS = tuple((tuple(p + 5 * g for p in _REVIEW_GROUP[0]), _REVIEW_GROUP[1] + 5 * g) for g in range(3))
_AMOUNT_COLUMNS = frozenset({"amount"})


def _read_values(line: _Line, cols: Sequence[str], path: str, has_total: bool,
                 holds: Callable[[Sequence[Value]], bool] | None, findings: list[Finding]) -> list[Value]:
    """A row's printed values on the table's columns, with the findings the reading
    calls for (ragged row, blank at its edge, words where a number belongs)."""
    placed, how = _fit(line.values, len(cols), has_total, holds)
    if how:
        findings.append(_ragged_finding(how, len(line.values), cols, path, line.span, placed, has_total))
    else:
        findings.extend(_edge_finding(line, placed, path))
    findings.extend(_text_value_findings(placed, cols, path))
    return placed


def _edge_finding(line: _Line, placed: Sequence[Value], path: str) -> list[Finding]:
    """A row read as printed whose values open with a blank cell, in a layout that dropped
    the row's last cells as padding: the blank may be a merged label cell and the values
    one column off (规章 | · | 2 | 0 | · reads as ·, 2, 0 or as 2, 0, ·)."""
    if line.padded and placed and placed[0].kind == Kind.BLANK and line.values and line.values[0].kind == Kind.BLANK:
        return [_finding("row-edge-blanks", Severity.WARNING, "the row's values open with a blank cell and its last "
                         "cells were dropped as padding: the blank may belong to the label and the values be one "
                         "column off", path, line.span)]
    return []


def _labels_of(columns: Sequence[str]) -> str:
    return "、".join(forms.COLUMN_LABELS.get(c, c) for c in columns)


def _ragged_finding(how: str, got: int, columns: Sequence[str], path: str, span: Span,
                    placed: Sequence[Value], has_total: bool) -> Finding:
    n = len(columns)
    if how == "few":
        missing = [c for c, v in zip(columns, placed) if v.kind == Kind.MISSING]
        uncertain = columns[1:-1] if has_total else columns[got - 1 :] if got else columns
        msg = (
            f"row has {got} values for {n} columns; read them from the left"
            + (", the last as 总计" if has_total else "")
            + f"; nothing was printed for {_labels_of(missing)}, so the values of {_labels_of(uncertain)} may be shifted"
        )
        return _finding("row-too-few-values", Severity.WARNING, msg, path, span)
    if how == "settled":
        msg = f"row has {got} values for {n} columns; every reading that keeps the form's identities gives the same numbers"
        return _finding("row-too-many-values", Severity.WARNING, msg, path, span)
    msg = f"row has {got} values for {n} columns and the identities do not settle which are extra; the values may be misplaced"
    return _finding("row-too-many-values", Severity.ERROR, msg, path, span)


def _row_total_holds(vals: Sequence[Value]) -> bool:
    if any(v.kind == Kind.TEXT for v in vals):
        return False
    return vals[-1].number is not None and sum(_n(v) for v in vals[:-1]) == vals[-1].number


def _review_holds(vals: Sequence[Value]) -> bool:
    return all(_row_total_holds(vals[i : i + 5]) for i in (0, 5, 10))


def _text_value_findings(vals: Sequence[Value], columns: Sequence[str], path: str) -> list[Finding]:
    out = []
    for col, v in zip(columns, vals):
        if v.kind == Kind.TEXT:
            out.append(
                _finding("value-not-a-number", Severity.ERROR, f"cell {forms.COLUMN_LABELS.get(col, col)} holds "
                         f"{v.raw!r}, not a number", f"{path}/{col}", v.span)
            )
    return out


def _make_row(row_id: str, label: str, columns: Sequence[str], vals: Sequence[Value], span: Span) -> Row:
    return Row(id=row_id, label=label, values=dict(zip(columns, vals)), span=span)


# --- section 二: the 第二十条 tables ------------------------------------------------------------


def _item_for_row(label: str, template: str | None) -> tuple[forms.ItemSpec, forms.RowSpec] | None:
    for item in forms.ITEMS:
        for spec in item.rows:
            if any(k in label for k in spec.keywords):
                return item, spec
    return None


def _header_columns(labels: list[str], item: forms.ItemSpec) -> tuple[str | None, list[str]]:
    """The form and column ids a header row names for an item table."""
    best: tuple[str | None, list[str]] = (None, [])
    for form, cols in item.columns.items():
        found = []
        for label in labels:
            s = squash(label)
            for col in cols:
                if col.id not in found and any(k in s for k in col.keywords):
                    found.append(col.id)
                    break
        if len(found) > len(best[1]):
            best = (form, found)
    return best


def place_items(grids: Sequence[Grid], text: str, template: str | None) -> tuple[dict[str, Table], list[Finding]]:
    findings: list[Finding] = []
    rows: dict[str, list[Row]] = {}
    spans: dict[str, Span] = {}
    columns_used: dict[str, tuple[str, ...]] = {}
    item: forms.ItemSpec | None = None
    header: list[str] | None = None
    parent: tuple[forms.ItemSpec, forms.RowSpec] | None = None
    layout = grids[0].layout if grids else None
    for line in _lines(grids, text):
        label = squash("".join(line.labels))
        title = forms.ITEM_TITLE.search(label)
        if title and not line.values:
            item = next((it for it in forms.ITEMS if it.number == title.group(1)), None)
            header, parent = None, None
            if item is None:
                findings.append(_finding("unknown-item", Severity.INFO, f"第二十条 item （{title.group(1)}） "
                                         "is not on the form's tables", "active", line.span))
            continue
        if not line.values and not (_match_item_row(line.labels, template) and
                                    (line.take_blanks(1) or line.take_words(_item_label_cells(line.labels)))):
            if item is not None and line.labels:
                _form, cols = _header_columns(line.labels, item)
                if cols:
                    header = cols
            continue
        match = _match_item_row(line.labels, template)
        if match is None:
            sub = line.labels[-1] if line.labels else None
            # a row under a form row: its first cell left blank (the form row's cell, merged
            # down), or under a catch-all row that reports split (其他对外管理服务事项)
            under = line.grid_cells[0].kind == BLANK or (parent is not None and parent[1].sub_rows)
            if parent is not None and sub and under and (item is None or parent[0] is item):
                match = (parent[0], parent[1], f"{parent[1].id}[{squash(sub)}]")
            else:
                findings.append(_finding("unplaced-row", Severity.WARNING,
                                         f"row {''.join(line.labels) or '(no label)'!r} with values matches no row "
                                         "of the 第二十条 tables", "active", line.span))
                continue
        the_item, spec, row_id = match
        parent = (the_item, spec)
        form = template or "2021"
        cols = tuple(header) if header and item is the_item else tuple(c.id for c in the_item.columns.get(form, ()))
        if not cols:
            cols = tuple(c.id for c in next(iter(the_item.columns.values())))
        path = f"{the_item.id}/{row_id}"
        if any(r.id == row_id for r in rows.get(the_item.id, ())):
            findings.append(_finding("duplicate-row", Severity.WARNING, f"row {row_id} appears again; the first is "
                                     "kept", path, line.span))
            continue
        open_row = line.open_row(path, len(cols), (), [c in _AMOUNT_COLUMNS for c in cols])
        if open_row is not None:  # no identity ties the cells of a 第二十条 row: one reading or none
            settled, found = settle({row_id: open_row}, {}, (), cols)
            placed = settled[row_id]
            findings.extend(found)
        else:
            placed = _read_values(line, cols, path, False, None, findings)
        rows.setdefault(the_item.id, []).append(_make_row(row_id, "".join(line.labels), cols, placed, line.span))
        spans.setdefault(the_item.id, line.span)
        columns_used.setdefault(the_item.id, cols)
    tables = {
        item_id: Table(item_id, columns_used[item_id], tuple(item_rows), layout, spans[item_id])
        for item_id, item_rows in rows.items()
    }
    tables = {spec.id: tables[spec.id] for spec in forms.ITEMS if spec.id in tables}
    if not tables:
        findings.append(_finding("missing-table", Severity.ERROR, "no rows of the 第二十条 tables (section 二) found",
                                 "active", None))
        return tables, findings
    for spec in forms.ITEMS:
        table = tables.get(spec.id)
        if table is None:
            if template in spec.columns:
                findings.append(_finding("missing-table", Severity.ERROR, f"no rows of the 第二十条第（{spec.number}）项 "
                                         "table found", spec.id, None))
            continue
        for row_spec in spec.rows:
            if template is not None and template not in row_spec.forms:
                continue
            if not any(r.id == row_spec.id or r.id.startswith(row_spec.id + "[") for r in table.rows):
                findings.append(_finding("missing-row", Severity.WARNING, f"第二十条第（{spec.number}）项 has no row "
                                         f"{forms.ROW_LABELS.get(row_spec.id, row_spec.id)}",
                                         f"{spec.id}/{row_spec.id}", table.span))
    return tables, findings


def _item_label_cells(labels: list[str]) -> int:
    """How many leading label cells name the row (the first that names a 第二十条 row, and
    any before it); 0 when none does or what follows is a header's words."""
    for i, lab in enumerate(labels):
        if _item_for_row(squash(lab), None) is not None:
            rest = labels[i + 1 :]
            if any(_item_for_row(squash(x), None) for x in rest) or any(
                    any(k in squash(x) for spec in forms.ITEMS for cols in spec.columns.values() for c in cols
                        for k in c.keywords) for x in rest):
                return 0
            return i + 1
    return 0


def _match_item_row(labels: list[str], template: str | None):
    return _item_row(tuple(labels), template)


@lru_cache(maxsize=4096)
def _item_row(labels: tuple[str, ...], template: str | None):
    """(item, row spec, row id) for a data row of a 第二十条 table, or None.
    A row labelled with a form row and then a label of its own is a sub-row."""
    squashed = [squash(x) for x in labels]
    for i, lab in enumerate(squashed):
        hit = _item_for_row(lab, template)
        if hit is None:
            continue
        rest = [x for x in squashed[i + 1 :] if _item_for_row(x, template) is None]
        if rest:
            return hit[0], hit[1], f"{hit[1].id}[{rest[-1]}]"
        return hit[0], hit[1], hit[1].id
    return None


# --- section 三: applications ---------------------------------------------------------------


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
            if any(k in lab for k in spec.keywords):
                return spec
            if bare in spec.exact and (template is None or template in spec.forms):
                return spec
    return None


# a label that starts the way the form numbers its rows: 一、 (一) 1. 1、
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[,.]|\([一二三四五六七八九十]+\)|\d{1,2}[,.])")


def _label_only(line: _Line) -> bool:
    return not line.values and not line.blank_tail and bool(line.labels)


def _wrapped_label(lines: Sequence[_Line], i: int) -> bool:
    """Whether a row of values stands between label fragments of one wrapped label: a
    line of words only right before or after it in the same grid (space-aligned text
    prints a long label over lines and its values on one of them)."""
    grid = lines[i].grid
    return any(0 <= j < len(lines) and lines[j].grid is grid and _label_only(lines[j]) for j in (i - 1, i + 1))


def _match_joined_label(lines: Sequence[_Line], i: int, template: str | None,
                        placed: dict[str, Row]) -> forms.RowSpec | None:
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


def place_applications(grids: Sequence[Grid], text: str, template: str | None) -> tuple[Table | None, list[Finding]]:
    findings: list[Finding] = []
    cols = forms.APPLICATION_COLUMNS
    order = forms.application_rows(template)
    placed_rows: dict[str, Row] = {}
    open_rows: dict[str, OpenRow] = {}
    last: str | None = None
    lines = _lines(grids, text)
    for i, line in enumerate(lines):
        if not line.values and not (_match_application_row(line.labels, template) and not _is_header(line.labels)
                                    and line.take_blanks(2)):
            continue
        spec = _match_application_row(line.labels, template)
        wrapped = _wrapped_label(lines, i)
        if spec is None and line.labels and wrapped:
            spec = _match_joined_label(lines, i, template, placed_rows)
        if spec is not None and wrapped and not any(_NUMBERED.match(squash(x)) for x in line.labels):
            findings.append(_finding("label-wrapped", Severity.WARNING, f"the label of this row is wrapped over "
                                     f"lines around its values ({''.join(line.labels)!r}); read as {spec.id} by its "
                                     "words", f"applications/{spec.id}", line.span))
        if spec is None:
            if line.labels and _is_group_label(line.labels):
                findings.append(_finding("subtotal-row", Severity.INFO, f"subtotal row {''.join(line.labels)!r} "
                                         "is not on the form; not placed", "applications", line.span))
                continue
            if line.labels:
                findings.append(_finding("unplaced-row", Severity.WARNING, f"row {''.join(line.labels)!r} with "
                                         "values matches no row of table 三", "applications", line.span))
                continue
            nxt = order.index(last) + 1 if last in order else 0
            if nxt >= len(order) or order[nxt] in placed_rows:
                findings.append(_finding("unplaced-row", Severity.WARNING, "a row of values with no label, and no "
                                         "row of the form left for it", "applications", line.span))
                continue
            row_id = order[nxt]
            findings.append(_finding("row-by-position", Severity.WARNING, f"a row of values with no label; placed "
                                     f"as {row_id}, the form's next row", f"applications/{row_id}", line.span))
        else:
            row_id = spec.id
        path = f"applications/{row_id}"
        if row_id in placed_rows:
            findings.append(_finding("duplicate-row", Severity.WARNING, f"row {row_id} appears again; the first is "
                                     "kept", path, line.span))
            continue
        open_row = line.open_row(path, len(cols), _APP_GROUPS)
        if open_row is not None:
            open_rows[row_id] = open_row
            placed = [open_row.unknown] * len(cols)  # until settled below
        else:
            placed = _read_values(line, cols, path, True, _row_total_holds, findings)
        placed_rows[row_id] = _make_row(row_id, "".join(line.labels), cols, placed, line.span)
        last = row_id
    if open_rows:
        fixed = {rid: [r.values[c] for c in cols] for rid, r in placed_rows.items() if rid not in open_rows}
        settled, found = settle(open_rows, fixed, _application_identities(template), cols)
        findings.extend(found)
        for rid, vals in settled.items():
            old = placed_rows[rid]
            placed_rows[rid] = _make_row(rid, old.label, cols, vals, old.span)
    if not placed_rows:
        findings.append(_finding("missing-table", Severity.ERROR, "no rows of table 三 (applications) found",
                                 "applications", None))
        return None, findings
    rows = tuple(placed_rows[r] for r in order if r in placed_rows)
    rows += tuple(r for k, r in placed_rows.items() if k not in order)
    for row_id in order:
        if row_id not in placed_rows:
            findings.append(_finding("missing-row", Severity.WARNING, f"table 三 has no row {row_id}",
                                     f"applications/{row_id}", None))
    first_span = min((r.span for r in rows if r.span), key=lambda s: (s.line, s.column), default=None)
    layout = grids[0].layout if grids else None
    return Table("applications", cols, rows, layout, first_span), findings


# --- section 四: review and litigation ----------------------------------------------------------


def _review_groups(label: str) -> list[str]:
    """The groups of table 四 a label names. The most specific group is matched first
    and its words are taken out, so "经行政复议后起诉" names 复议后起诉 only, not 行政复议 too."""
    found = []
    for group in forms.REVIEW_GROUPS:
        for k in group.keywords:
            at = label.find(k)
            if at >= 0:
                found.append(group.id)
                label = label[:at] + "\0" * len(k) + label[at + len(k) :]
                break
    return found


def place_review(grids: Sequence[Grid], text: str) -> tuple[Table | None, list[Finding]]:
    findings: list[Finding] = []
    cols = forms.REVIEW_COLUMNS
    labelled: dict[str, _Line] = {}
    value_lines = [line for line in _lines(grids, text) if line.values]
    for line in value_lines:
        groups = _review_groups(squash("".join(line.labels)))
        # a label naming two groups or more is the table's header, not a group's row
        if len(groups) == 1 and groups[0] not in labelled and len(line.values) <= 6:
            labelled[groups[0]] = line
    # every row of values labelled with its own group: read by label; else all values in
    # the order printed (one row of 15, or rows whose labels do not say their group)
    sequence = [] if len(labelled) == len(value_lines) else value_lines
    if labelled and sequence:
        findings.append(_finding("review-rows-mixed", Severity.ERROR, "table 四 mixes rows labelled with their "
                                 "group and rows that are not; its values are read in the order printed, so they "
                                 "may stand in the wrong group", "review", sequence[0].span))
    rows: list[Row] = []
    if labelled and not sequence:
        for gid in forms.REVIEW_ROWS:
            if gid not in labelled:
                findings.append(_finding("missing-row", Severity.WARNING, f"table 四 has no row {gid}",
                                         f"review/{gid}", None))
                continue
            line = labelled[gid]
            vals, span, label = line.values, line.span, "".join(line.labels)
            open_row = line.open_row(f"review/{gid}", 5, (_REVIEW_GROUP,))
            if open_row is not None:
                settled, found = settle({gid: open_row}, {}, (), cols)
                placed = settled[gid]
                findings.extend(found)
            else:
                placed, how = _fit(vals, 5, True, _row_total_holds)
                if how:
                    findings.append(_ragged_finding(how, len(vals), cols, f"review/{gid}", span, placed, True))
                findings.extend(_text_value_findings(placed, cols, f"review/{gid}"))
            rows.append(_make_row(gid, label, cols, placed, span))
    elif sequence:
        seq_span = sequence[0].span
        values = [v for line in sequence for v in line.values]
        open_row = None
        if len(sequence) == 1:
            open_row = sequence[0].open_row("review", 15, _REVIEW_GROUPS)
        elif any(c.kind == RUN for line in sequence for c in line.cells):
            open_row = OpenRow("review", seq_span, [], Value(raw=" ".join(v.raw for v in values), kind=Kind.TEXT),
                               True, " ".join(v.raw for v in values), False)
        if open_row is not None:
            settled, found = settle({"review": open_row}, {}, (), cols * 3)
            placed = settled["review"]
            findings.extend(found)
        else:
            placed, how = _fit(values, 15, False, _review_holds)
            if how:
                findings.append(_ragged_finding(how, len(values), cols * 3, "review", seq_span, placed, False))
        for i, gid in enumerate(forms.REVIEW_ROWS):
            part = placed[i * 5 : i * 5 + 5]
            if open_row is None:
                findings.extend(_text_value_findings(part, cols, f"review/{gid}"))
            span = next((v.span for v in part if v.span), seq_span)
            rows.append(_make_row(gid, "", cols, part, span))
    if not rows:
        findings.append(_finding("missing-table", Severity.ERROR, "no values of table 四 (review) found", "review", None))
        return None, findings
    layout = grids[0].layout if grids else None
    return Table("review", cols, tuple(rows), layout, rows[0].span), findings
