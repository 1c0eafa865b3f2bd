"""Section 四: placing the values of the review and litigation table."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .. import forms
from ..model import Finding, Kind, Row, Severity, Table, Value
from ..readers.grid import RUN, Grid
from .align import Label, align
from .fit import (
    REVIEW_GROUP,
    REVIEW_GROUPS,
    fit,
    make_row,
    ragged_finding,
    review_holds,
    row_total_holds,
    text_value_findings,
)
from .lines import Line, flag, read_lines, squash, unread_findings, words_in_values
from .open_rows import OpenRow, settle

__all__ = ["place_review"]


@lru_cache(maxsize=4096)
def _review_groups(label: str) -> tuple[str, ...]:
    """The groups of table 四 a label names. The most specific group is matched first
    and its words are taken out, so "经行政复议后起诉" names 复议后起诉 only, not 行政复议 too.
    Cached: labels repeat from report to report."""
    found = []
    for group in forms.REVIEW_GROUPS:
        for k in group.keywords:
            at = label.find(k)
            if at >= 0:
                found.append(group.id)
                label = label[:at] + "\0" * len(k) + label[at + len(k) :]
                break
    return tuple(found)


def place_review(grids: Sequence[Grid], text: str) -> tuple[Table | None, list[Finding]]:
    findings: list[Finding] = []
    cols = forms.REVIEW_COLUMNS
    labelled: dict[str, Line] = {}
    lines = read_lines(grids, text)
    for line in lines:
        words_in_values(line, len(cols), lambda labels: len(_review_groups(squash("".join(labels)))) == 1)
    value_lines = [line for line in lines if line.values]
    for line in value_lines:
        groups = _review_groups(squash("".join(line.labels)))
        # a label naming two groups or more is the table's header, not a group's row
        if len(groups) == 1 and groups[0] not in labelled and len(line.values) <= 6:
            labelled[groups[0]] = line
    # a labelled row that names no group (行政复义): aligned with the rows labelled by their group
    pending = [(i, Label(None, None, None, squash("".join(line.labels)))) for i, line in enumerate(value_lines)
               if line.labels and not _review_groups(squash("".join(line.labels))) and len(line.values) <= 6]
    if pending and labelled:
        anchors = [(value_lines.index(line), gid) for gid, line in labelled.items()]
        decided = align(pending, anchors, forms.REVIEW_ROWS, forms.REVIEW_PLACES, forms.ROW_LABELS)
        for i, _label in pending:
            gid = decided[i].row_id
            if gid is not None and gid not in labelled:
                line = value_lines[i]
                labelled[gid] = line
                findings.append(flag("row-aligned", Severity.WARNING, f"row {''.join(line.labels)!r} names no row "
                                     f"of the form by its words; taken for {forms.ROW_LABELS[gid]}: "
                                     f"{decided[i].reason}", f"review/{gid}", line.span))
    # every row of values labelled with its own group: read by label; else all values in
    # the order printed (one row of 15, or rows whose labels do not say their group)
    sequence = [] if len(labelled) == len(value_lines) else value_lines
    if not labelled and len(sequence) == 1 and not _review_groups(squash("".join(sequence[0].labels))):
        sequence[0].take_all_cells(3 * len(cols))  # one row of the table's 15 values, the first a word
    if labelled and sequence:
        findings.append(flag("review-rows-mixed", Severity.ERROR, "table 四 mixes rows labelled with their "
                                 "group and rows that are not; its values are read in the order printed, so they "
                                 "may stand in the wrong group", "review", sequence[0].span))
    rows: list[Row] = []
    if labelled and not sequence:
        for gid in forms.REVIEW_ROWS:
            if gid not in labelled:
                findings.append(flag("missing-row", Severity.WARNING, f"table 四 has no row {gid}",
                                         f"review/{gid}", None))
                continue
            line = labelled[gid]
            vals, span, label = line.values, line.span, "".join(line.labels)
            findings.extend(unread_findings(line, f"review/{gid}"))
            open_row = line.open_row(f"review/{gid}", 5, (REVIEW_GROUP,))
            if open_row is not None:
                settled, found = settle({gid: open_row}, {}, (), cols)
                placed = settled[gid]
                findings.extend(found)
            else:
                placed, how = fit(vals, 5, True, row_total_holds)
                if how:
                    findings.append(ragged_finding(how, len(vals), cols, f"review/{gid}", span, placed, True))
                findings.extend(text_value_findings(placed, cols, f"review/{gid}"))
            rows.append(make_row(gid, label, cols, placed, span))
    elif sequence:
        seq_span = sequence[0].span
        findings.extend(f for line in sequence for f in unread_findings(line, "review"))
        values = [v for line in sequence for v in line.values]
        open_row = None
        if len(sequence) == 1:
            open_row = sequence[0].open_row("review", 15, REVIEW_GROUPS)
        elif any(c.kind == RUN for line in sequence for c in line.cells):
            open_row = OpenRow("review", seq_span, [], Value(raw=" ".join(v.raw for v in values), kind=Kind.TEXT),
                               True, " ".join(v.raw for v in values), False)
        if open_row is not None:
            settled, found = settle({"review": open_row}, {}, (), cols * 3)
            placed = settled["review"]
            findings.extend(found)
        else:
            placed, how = fit(values, 15, False, review_holds)
            if how:
                findings.append(ragged_finding(how, len(values), cols * 3, "review", seq_span, placed, False))
        for i, gid in enumerate(forms.REVIEW_ROWS):
            part = placed[i * 5 : i * 5 + 5]
            if open_row is None:
                findings.extend(text_value_findings(part, cols, f"review/{gid}"))
            span = next((v.span for v in part if v.span), seq_span)
            rows.append(make_row(gid, "", cols, part, span))
    if not rows:
        findings.append(flag("missing-table", Severity.ERROR, "no values of table 四 (review) found", "review", None))
        return None, findings
    layout = grids[0].layout if grids else None
    return Table("review", cols, tuple(rows), layout, rows[0].span), findings
