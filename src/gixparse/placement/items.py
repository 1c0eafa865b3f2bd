"""Section 二: placing the rows of the 第二十条 tables."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from .. import forms
from ..forms import strip_numbering
from ..model import Finding, Row, Severity, Span, Table
from ..readers import declaring
from ..readers.grid import BLANK, TEXT, Cell, Grid, GridRow
from ..readers.spaced import width
from .align import align, read_label
from .fit import AMOUNT_COLUMNS, make_row, read_values
from .lines import Line, flag, squash, unread_findings
from .open_rows import drops_blanks, settle

__all__ = ["place_items"]


_ITEMS = {it.id: it for it in forms.ITEMS}


def _item_for_row(label: str, template: str | None) -> tuple[forms.ItemSpec, forms.RowSpec] | None:
    """The form row a label names, among the rows of the form ``template`` (any form if None)."""
    for item in forms.ITEMS:
        for spec in item.rows:
            if (template is None or template in spec.forms) and any(k in label for k in spec.keywords):
                return item, spec
    return None


def _names_another_row(label: str, spec: forms.RowSpec, template: str | None) -> forms.RowSpec | None:
    """A form row other than ``spec`` that ``label`` (one cell) also names, outside the words
    that name ``spec``: a text that ran two rows' labels together (a row printed blank, or
    with a word in its value cell, then the next row), whose values may be either row's."""
    own = [(at, at + len(k)) for k in spec.keywords if (at := label.find(k)) >= 0]
    for item in forms.ITEMS:
        for other in item.rows:
            if other.id == spec.id or (template is not None and template not in other.forms):
                continue
            for k in other.keywords:
                at = label.find(k)
                if at >= 0 and not any(a <= at < b or at <= a < at + len(k) for a, b in own):
                    return other
    return None


def _two_rows(labels: Sequence[str], template: str | None) -> tuple[forms.RowSpec, forms.RowSpec] | None:
    """The first label cell's two form rows, when one cell names two (see :func:`_names_another_row`)."""
    for x in labels:
        lab = squash(x)
        hit = _item_for_row(lab, template)
        if hit is not None and (other := _names_another_row(lab, hit[1], template)) is not None:
            return hit[1], other
    return None


def _off_form_row(labels: Sequence[str], template: str | None) -> forms.RowSpec | None:
    """A row of the other form that the label names (其他对外管理服务事项 in a 2021 report): never placed."""
    if template is None or not labels or _item_row(tuple(labels), template) is not None:
        return None
    hit = next((h for x in labels if (h := _item_for_row(squash(x), None)) is not None), None)
    return hit[1] if hit is not None and template not in hit[1].forms else None


def _own_row(spec: forms.RowSpec, cells: Sequence[str]) -> str | None:
    """The row id of a form row's label printed with more words: the form row itself when
    the cells are its own words broken over cells (其他对外管理服务 | 事项), a sub-row of a
    catch-all row when its words run on into the sub-row's (其他对外管理服务事项行政检查)."""
    words = squash(forms.ROW_LABELS.get(spec.id, ""))
    joined = "".join(cells)
    if not words:
        return None
    if len(cells) > 1 and strip_numbering(joined) in words:
        return spec.id
    at = joined.find(words)
    if spec.sub_rows and len(cells) == 1 and at >= 0:
        rest = joined[at + len(words):].lstrip(":,.")
        # a bracketed note or a unit after the row's words (其他对外管理服务事项（项）) is no sub-row
        if len(_sub_label(rest)) >= 2 and not rest.startswith("("):
            return f"{spec.id}[{_sub_label(rest)}]"
    return None


def _header_columns(labels: list[str], item: forms.ItemSpec) -> tuple[str | None, list[str]]:
    """The form and column ids a header row names for an item table."""
    form, found = _named_columns(tuple(labels), item.id)
    return form, list(found)


@lru_cache(maxsize=4096)
def _named_columns(labels: tuple[str, ...], item_id: str) -> tuple[str | None, tuple[str, ...]]:
    """:func:`_header_columns`, cached by the labels (header rows repeat the form's words)."""
    form, found = _header_columns_of(list(labels), _ITEMS[item_id])
    return form, tuple(found)


def _header_columns_of(labels: list[str], item: forms.ItemSpec) -> tuple[str | None, list[str]]:
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


def _columns(the_item: forms.ItemSpec, item: forms.ItemSpec | None, header: list[str] | None,
             template: str | None) -> tuple[str, ...]:
    """The columns of a row of ``the_item``: its table's header's, else the form's."""
    if header and item is the_item:
        return tuple(header)
    return _form_columns(the_item.id, template)


@lru_cache(maxsize=64)
def _form_columns(item_id: str, template: str | None) -> tuple[str, ...]:
    """The columns of an item's table on the form ``template`` (2021 if None; else its first form's)."""
    the_item = _ITEMS[item_id]
    cols = tuple(c.id for c in the_item.columns.get(template or "2021", ()))
    return cols or tuple(c.id for c in next(iter(the_item.columns.values())))


@lru_cache(maxsize=64)
def _amounts(cols: tuple[str, ...]) -> tuple[bool, ...]:
    """Which of the columns hold an amount of money."""
    return tuple(c in AMOUNT_COLUMNS for c in cols)


# a row whose label names no form row, kept to be aligned: (its index, the line, its item, its columns)
_Pending = tuple[int, Line, forms.ItemSpec, tuple[str, ...]]
# the form row a row's label names: (its item, its spec, the row id, a sub-row's included)
_Match = tuple[forms.ItemSpec, forms.RowSpec, str]


def _by_item(pending: Sequence[_Pending]) -> dict[str, list[_Pending]]:
    out: dict[str, list[_Pending]] = {}
    for entry in pending:
        out.setdefault(entry[2].id, []).append(entry)
    return out


def place_items(grids: Sequence[Grid], text: str, template: str | None) -> tuple[dict[str, Table], list[Finding]]:
    findings: list[Finding] = []
    rows: dict[str, list[Row]] = {}
    spans: dict[str, Span | None] = {}
    columns_used: dict[str, tuple[str, ...]] = {}
    item: forms.ItemSpec | None = None
    header: list[str] | None = None
    parent: tuple[forms.ItemSpec, forms.RowSpec] | None = None
    layout = grids[0].layout if grids else None
    head: _Head | None = None
    pending: list[_Pending] = []
    anchors: dict[str, list[tuple[int, str]]] = {}
    placed_ids: set[tuple[str, str]] = set()  # (item id, row id) of the rows placed

    def place(line: Line, the_item: forms.ItemSpec, row_id: str, cols: tuple[str, ...]) -> None:
        path = f"{the_item.id}/{row_id}"
        if (the_item.id, row_id) in placed_ids:
            findings.append(flag("duplicate-row", Severity.WARNING, f"row {row_id} appears again; the first is "
                                 "kept", path, line.span))
            return
        line.drop_placed_blanks(len(cols))
        findings.extend(unread_findings(line, path))
        open_row = line.open_row(path, len(cols), (), _amounts(cols))
        if open_row is not None:  # no identity ties the cells of a 第二十条 row: one reading or none
            settled, found = settle({row_id: open_row}, {}, (), cols)
            placed = settled[row_id]
            findings.extend(found)
        else:
            placed = read_values(line, cols, path, False, None, findings)
        rows.setdefault(the_item.id, []).append(make_row(row_id, "".join(line.labels), cols, placed, line.span))
        placed_ids.add((the_item.id, row_id))
        spans.setdefault(the_item.id, line.span)
        columns_used.setdefault(the_item.id, cols)

    lines: list[Line] = []
    for grid in grids:  # a row is a piece of its own (_pieces) in a layout that keeps blank cells
        pieces = [piece for row in grid.rows for piece in _pieces(row, grid)] if drops_blanks(grid) else grid.rows
        lines += [Line(piece, grid, text) for piece in pieces]
    for i, line in enumerate(lines):
        title = _title(squash("".join(line.labels)))
        if title is not None and not line.values:
            item = next((it for it in forms.ITEMS if it.number == title), None)
            header, parent, head = None, None, None
            if item is None:
                findings.append(flag("unknown-item", Severity.INFO, f"第二十条 item （{title}） "
                                         "is not on the form's tables", "active", line.span))
            continue
        at = _value_start(line, head)
        in_label = [c.text for c in line.grid_cells[:at] if c.kind == TEXT] if at is not None else []
        # a sub-row's line (first cell blank, or under a form row that admits sub-rows) keeps its value area too
        sub_row = bool(in_label) and (line.grid_cells[0].kind == BLANK or (parent is not None and parent[1].sub_rows))
        in_match = _match_item_row(in_label, template) if at is not None else None
        if at is not None and (in_match is not None or sub_row):
            # words in the header's value columns are values (见附件), never the label's
            ambiguous = _words_or_sub_row(line, at, in_match)
            if ambiguous is not None:
                findings.append(ambiguous)
            else:
                line.take_value_area(at)
        if not line.values and not (_match_item_row(line.labels, template) and
                                    (line.take_blanks(1) or line.take_words(_item_label_cells(line.labels)))):
            if item is not None and line.labels:
                _form, named = _header_columns(line.labels, item)
                if named:
                    header = named
                    head = _head(line, item)
            continue
        match = _match_item_row(line.labels, template)
        if match is None and (other := _off_form_row(line.labels, template)) is not None:
            findings.append(flag("unplaced-row", Severity.WARNING, f"row {''.join(line.labels)!r} with values is the "
                                 f"row {forms.ROW_LABELS.get(other.id, other.id)} of the {'/'.join(other.forms)} "
                                 f"form, which the {template} form this report uses does not have; not placed",
                                 "active", line.span))
            continue
        if match is None and (both := _two_rows(line.labels, template)) is not None:
            first, second = (forms.ROW_LABELS.get(spec.id, spec.id) for spec in both)
            findings.append(flag("unplaced-row", Severity.WARNING, f"row {''.join(line.labels)!r} with values names "
                                 f"two rows of the form, {first} and {second}, run together: whose values these are "
                                 "is not known; not placed", "active", line.span))
            continue
        if match is None:
            # a sub-row's label: its last cell, or all its lines where a label's lines are fragments
            sub = ("".join(line.labels) if drops_blanks(line.grid) else line.labels[-1]) if line.labels else None
            # a row under a form row: its first cell left blank (the form row's cell, merged
            # down), or under a catch-all row that reports split (其他对外管理服务事项)
            under = line.grid_cells[0].kind == BLANK or (parent is not None and parent[1].sub_rows)
            if parent is not None and sub and under and (item is None or parent[0] is item):
                match = (parent[0], parent[1], f"{parent[1].id}[{_sub_label(squash(sub)) or squash(sub)}]")
                if drops_blanks(line.grid) and len(line.labels) > 1:
                    findings.append(_fragments_or_words(line, parent[0], parent[1]))
            elif item is not None and line.labels:  # aligned with the item's rows once all are seen
                pending.append((i, line, item, _columns(item, item, header, template)))
                continue
            else:
                findings.append(flag("unplaced-row", Severity.WARNING,
                                     f"row {''.join(line.labels) or '(no label)'!r} with values matches no row "
                                     "of the 第二十条 tables", "active", line.span))
                continue
        the_item, spec, row_id = match
        if not spec.sub_rows and row_id != spec.id and _words_as_values(line, at):
            the_item, spec, row_id = _match_item_row(line.labels, template) or match
        parent = (the_item, spec)
        if spec.sub_rows and row_id != spec.id and line.labels:
            findings += _glued_value_words(line, the_item, row_id)
        if spec.sub_rows and row_id != spec.id and drops_blanks(line.grid) and _lines_of(line, line.labels[-1]) > 1:
            findings.append(_fragments_or_words(line, the_item, spec))
        anchors.setdefault(the_item.id, []).append((i, spec.id))
        place(line, the_item, row_id, _columns(the_item, item, header, template))
    for item_id, item_pending in _by_item(pending).items():
        the_item = next(it for it in forms.ITEMS if it.id == item_id)
        order = [spec.id for spec in the_item.rows if template is None or template in spec.forms]
        decided = align([(i, read_label(line.labels, {})) for i, line, _it, _cols in item_pending],
                        anchors.get(item_id, []), order, forms.ITEM_PLACES, forms.ROW_LABELS)
        for i, line, _it, cols in item_pending:
            printed = "".join(line.labels)
            decision = decided[i]
            if decision.row_id is None:
                findings.append(flag("unplaced-row", Severity.WARNING, f"row {printed!r} with values matches no row "
                                     f"of the 第二十条 tables: {decision.reason}", "active", line.span))
                continue
            row_name = forms.ROW_LABELS.get(decision.row_id, decision.row_id)
            findings.append(flag("row-aligned", Severity.WARNING, f"row {printed!r} names no row of the form by its "
                                 f"words; taken for {row_name}: {decision.reason}", f"{item_id}/{decision.row_id}",
                                 line.span))
            place(line, the_item, decision.row_id, cols)
    rows = {item_id: sorted(item_rows, key=lambda r: (r.span.line, r.span.column) if r.span else (0, 0))
            for item_id, item_rows in rows.items()}
    spans = {item_id: item_rows[0].span for item_id, item_rows in rows.items()}
    tables = {
        item_id: Table(item_id, columns_used[item_id], tuple(item_rows), layout, spans[item_id])
        for item_id, item_rows in rows.items()
    }
    tables = {it.id: tables[it.id] for it in forms.ITEMS if it.id in tables}
    if not tables:
        findings.append(flag("missing-table", Severity.ERROR, "no rows of the 第二十条 tables (section 二) found",
                                 "active", None))
        return tables, findings
    for it in forms.ITEMS:
        table = tables.get(it.id)
        if table is None:
            if template in it.columns:
                findings.append(flag("missing-table", Severity.ERROR, f"no rows of the 第二十条第（{it.number}）项 "
                                         "table found", it.id, None))
            continue
        unnamed = _unnamed_columns(it, table.columns)
        if unnamed:
            findings.append(flag("header-missing-columns", Severity.WARNING, f"the header of 第二十条第（{it.number}）项 "
                                 f"names no column {', '.join(unnamed)}: those cells are not read, and a row's "
                                 "values are placed in the columns it names", it.id, table.span))
        present = {r.id.partition("[")[0] for r in table.rows}  # a form row's own id or its sub-rows'
        for row_spec in it.rows:
            if template is not None and template not in row_spec.forms:
                continue
            if row_spec.id not in present:
                findings.append(flag("missing-row", Severity.WARNING, f"第二十条第（{it.number}）项 has no row "
                                         f"{forms.ROW_LABELS.get(row_spec.id, row_spec.id)}",
                                         f"{it.id}/{row_spec.id}", table.span))
    return tables, findings


@lru_cache(maxsize=4096)
def _title(label: str) -> str | None:
    """The number of the 第二十条 item a (squashed) label names as its title, if it does."""
    title = forms.ITEM_TITLE.search(label)
    return title.group(1) if title else None


def _unnamed_columns(item: forms.ItemSpec, columns: Sequence[str]) -> list[str]:
    """The columns of the item's form that a table read with ``columns`` leaves out (none when
    ``columns`` are one form's whole set): the form that holds them all with the fewest others."""
    return list(_unnamed(item.id, tuple(columns)))


@lru_cache(maxsize=256)
def _unnamed(item_id: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_unnamed_of(_ITEMS[item_id], columns))


def _unnamed_of(item: forms.ItemSpec, columns: Sequence[str]) -> list[str]:
    sets = [[c.id for c in cols] for cols in item.columns.values()]
    if not columns or list(columns) in sets:
        return []
    holding = [ids for ids in sets if set(columns) <= set(ids)]
    if not holding:
        return []
    return [c for c in min(holding, key=len) if c not in columns]


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


def _match_item_row(labels: list[str], template: str | None) -> _Match | None:
    return _item_row(tuple(labels), template)


@lru_cache(maxsize=4096)
def _item_row(labels: tuple[str, ...], template: str | None) -> _Match | None:
    """(item, row spec, row id) for a data row of a 第二十条 table, or None.
    A row labelled with a form row and then a label of its own is a sub-row."""
    squashed = [squash(x) for x in labels]
    # a 第二十条 title among the label cells (a blank row run together with the next table's
    # title and first row): the row is the one the cells after the last title name
    titles = [i for i, x in enumerate(squashed) if forms.ITEM_TITLE.search(x)]
    if titles and titles[-1] + 1 < len(squashed):
        squashed = squashed[titles[-1] + 1 :]
    for i, lab in enumerate(squashed):
        hit = _item_for_row(lab, template)
        if hit is None:
            continue
        if _names_another_row(lab, hit[1], template) is not None:
            return None  # 行政处罚见附件行政强制: which row the values are is not known; unplaced, said so
        rest = [x for x in squashed[i + 1 :] if _item_for_row(x, template) is None]
        own = _own_row(hit[1], [lab, *rest])
        if own is not None:
            return hit[0], hit[1], own
        # a bracketed note or unit after the label (（件）) is the label's, no sub-row; words
        # after the label of a row that admits no sub-rows (forms.py) are a sub-row's label
        # only in the label area, which place_items checks (_words_as_values)
        if rest and _sub_label(rest[-1]) and not rest[-1].startswith("("):
            return hit[0], hit[1], f"{hit[1].id}[{_sub_label(rest[-1])}]"
        return hit[0], hit[1], hit[1].id
    return None



class _Head(NamedTuple):
    """An item table's header row: its grid, its number of cells (blanks a reader placed not
    counted), the index of its first value column and, in a layout that lines its columns up
    by display width (space-aligned), the display column where that first value column starts."""

    grid: Grid
    cells: int
    first: int
    x: int | None = None


def _display_x(line: Line, i: int) -> int:
    """The display column (a CJK character two wide) where grid cell ``i`` of ``line`` starts."""
    at = line.grid.offset + line.grid_cells[i].start
    start = line.text.rfind("\n", 0, at) + 1
    return width(line.text[start:at])


@lru_cache(maxsize=8192)
def _names_column(text: str, item_id: str) -> bool:
    """Whether a cell's text holds a column keyword of the item's table (under any form)."""
    s = squash(text)
    return any(k in s for cols in _ITEMS[item_id].columns.values() for c in cols for k in c.keywords)


def _head(line: Line, item: forms.ItemSpec) -> _Head | None:
    first = next((i for i, c in enumerate(line.grid_cells) if c.kind == TEXT and _names_column(c.text, item.id)),
                 None)
    if not first:  # none, or the first cell: no label column to tell from the values'
        return None
    kept = line.kept()
    x = _display_x(line, first) if line.grid.layout in declaring("ALIGNED_BY_DISPLAY") else None
    return _Head(line.grid, len(kept), kept.index(first), x)


def _value_start(line: Line, head: _Head | None) -> int | None:
    """The index of the grid cell where a data row's value columns begin, by its table's header
    row. In a layout whose columns line up (space-aligned), the first cell that starts at or
    after the header's first value column (an indented header: its label column has no words
    over the row's first label cell). Otherwise by counting cells: a row of as many cells as the
    header (or fewer, when its last cells were dropped as padding) has them where the header
    has; a row of more cells (a sub-row's label in a cell of its own, 其他对外管理服务事项 |
    行政检查) has them at its end. None when the row's cells do not tell (another grid, fewer
    cells with none dropped)."""
    if head is None or line.grid is not head.grid:
        return None
    kept = line.kept()
    if head.x is not None:
        at = next((i for i in kept if _display_x(line, i) >= head.x - _ALIGN_TOLERANCE), None)
        return at if at is not None and at > 0 else None
    if len(kept) == head.cells or (len(kept) < head.cells and line.padded):
        k = head.first
    elif len(kept) > head.cells:
        k = len(kept) - (head.cells - head.first)
    else:
        return None
    return kept[k] if 0 < k < len(kept) else None


_ALIGN_TOLERANCE = 2  # display columns a cell may start before its header's words


def _words_or_sub_row(line: Line, at: int, match: _Match | None) -> Finding | None:
    """A finding when words after a label that admits sub-rows stand in the value area only
    because a reader placed a blank after them (space-aligned text: a word and a sub-row's label
    with its first value blank print alike): the row is read as a sub-row, and flagged.
    ``match``: the form row that the label cells before ``at`` name."""
    if match is None or not match[1].sub_rows:
        return None
    words = [i for i in range(at, len(line.grid_cells)) if line.grid_cells[i].kind == TEXT]
    if not any(line.placed_blank(i + 1) for i in words):
        return None
    sub = "".join(line.labels)
    return flag("words-or-sub-row", Severity.WARNING, f"row {sub!r}: the words after the label of "
                f"{forms.ROW_LABELS.get(match[1].id, match[1].id)} may be a sub-row's label or a value of its "
                "first column (the text places no value there); read as a sub-row", f"{match[0].id}/{match[1].id}",
                line.span)


def _words_as_values(line: Line, at: int | None) -> bool:
    """Words after the label of a form row that admits no sub-rows are its values (行政规范性文件 |
    见附件 | 1 | 12), unless the header places them in the label area (行政处罚 | 一般程序 | … in
    a row of one cell more than the header: a sub-row's label)."""
    k = _item_label_cells(line.labels)
    if not 0 < k < len(line.labels):
        return False
    hit = _item_for_row(squash(line.labels[k - 1]), None)
    if hit is None:
        return False
    words = squash(forms.ROW_LABELS.get(hit[1].id, ""))
    if strip_numbering(squash("".join(line.labels[k - 1:]))) in words:
        return False  # the row's own words broken over cells
    texts = [i for i, c in enumerate(line.grid_cells) if c.kind == TEXT]
    if at is not None and texts[len(line.labels) - 1] < at:
        return False  # in the label area by the header
    return line.take_words(k)


def _sub_label(words: str) -> str:
    """A sub-row's label: its words without a not-applicable mark or a value cell's words that
    text run together glued onto them (行政确认/, 行政确认无 or 行政给付见附件 before the row's
    values; 无, 暂无, 不适用 and forms.VALUE_WORDS only after a label of two characters or more)."""
    words = words.rstrip("/／—－-")
    word = _glued_word(words)
    return words[: -len(word)].rstrip("/／—－-") if word else words


def _glued_value_words(line: Line, item: forms.ItemSpec, row_id: str) -> list[Finding]:
    """An error when a sub-row's label ends with a value cell's words (forms.VALUE_WORDS) that
    its name was read without (行政给付见附件 / 00 read as sub-row 行政给付): where text keeps no
    cell borders the words are its first value cell's, so its values may stand a column off."""
    printed = squash(line.labels[-1])
    word = _glued_word(printed.rstrip("/／—－-"))
    if word is None or word not in forms.VALUE_WORDS:
        return []
    return [flag("value-not-a-number", Severity.ERROR, f"the words {word!r} end the label {printed!r}: a value "
                 f"cell's words run into it (text that keeps no cell borders); read as {row_id}, its values may "
                 "stand a column off", f"{item.id}/{row_id}", line.span)]


def _glued_word(words: str) -> str | None:
    """The not-applicable mark or value cell's words (forms.VALUE_WORDS) that ``words`` end
    with after two characters or more of a label, if any."""
    for word in _GLUED_WORDS:
        if words.endswith(word) and len(words) - len(word) >= 2:
            return word
    return None


_NA_WORDS = ("不适用", "暂无", "无")  # the not-applicable words of the cell grammar (NA_BODY), longest first
_GLUED_WORDS = tuple(sorted({*_NA_WORDS, *forms.VALUE_WORDS}, key=len, reverse=True))  # longest first


# --- rows whose blank cells were dropped -------------------------------------------------------------


def _pieces(row: GridRow, grid: Grid) -> list[GridRow]:
    """The rows a grid row stands for, in a layout that drops blank cells (scraper text).

    There every line of a label is a cell of its own (a fragment: 行政处 / 罚), and a row
    that prints no value (its cells blank, or only words) runs on into the next row's
    label, as a table's title and header run on into its first row. The label lines are
    split where an item title ends (the title and the header words after it are a row of
    their own, which places_items reads as the title) and where a form row's name begins
    (each earlier row a row of words with no value); the lines of a form row's name are
    joined into one cell, and so are the words after it when the row admits sub-rows (其他对外
    管理服务事项 / 行政检 / 查: one sub-row's label). The row's values stay with the last piece.
    Any other grid row is one piece, itself."""
    if not drops_blanks(grid):
        return [row]
    cells = row.cells
    k = next((i for i, c in enumerate(cells) if c.kind != TEXT), len(cells))
    if k < 2:
        return [row]
    labels, values = list(cells[:k]), cells[k:]
    texts = [squash(c.text) for c in labels]
    ends = list(accumulate(len(t) for t in texts))
    joined = "".join(texts)
    titles = list(forms.ITEM_TITLE.finditer(joined))
    pieces: list[list[Cell]] = []
    if titles and titles[-1].end() < len(joined):
        first = bisect_right(ends, titles[-1].start())
        last = bisect_right(ends, titles[-1].end() - 1)
        rest = labels[last + 1 :]
        named = _named_rows(rest)
        head = named[0][0] if named else 0  # header words go with the title, unless no row name follows
        pieces = [*_split_named(labels[:first]), labels[first : last + 1] + rest[:head], *_split_named(rest[head:])]
    else:
        pieces = _split_named(labels)
    pieces = [p for p in pieces if p]
    if not pieces:
        return [row]
    out = [GridRow(tuple(p)) for p in pieces[:-1]]
    out.append(GridRow((*pieces[-1], *values), row.padded))
    return out


@lru_cache(maxsize=1)
def _row_keywords() -> list[tuple[re.Pattern[str], str, forms.RowSpec]]:
    """Every form row's keywords, in the forms' order, each with its pattern (compiled once,
    not per label)."""
    return [(re.compile(re.escape(kw)), kw, spec) for item in forms.ITEMS for spec in item.rows
            for kw in spec.keywords]


def _named_rows(cells: Sequence[Cell]) -> list[tuple[int, int, forms.RowSpec]]:
    """Where form rows' names begin among label fragments: (first cell, last cell of the
    row's own words, its spec), in order; a name of any form (a row of the other form is
    still a row, which placement reports)."""
    texts = [squash(c.text) for c in cells]
    ends = list(accumulate(len(t) for t in texts))
    joined = "".join(texts)
    found = sorted(((m.start(), -len(kw), kw, spec) for pattern, kw, spec in _row_keywords() if kw in joined
                    for m in pattern.finditer(joined)), key=lambda f: (f[0], f[1]))
    out: list[tuple[int, int, forms.RowSpec]] = []
    taken = -1
    for pos, _n, kw, spec in found:
        if pos < taken:
            continue
        end = pos + len(kw)
        words = squash(forms.ROW_LABELS.get(spec.id, ""))
        at = words.find(kw)
        if at >= 0:  # the row's words after its keyword (其他对外管理服务 + 事项)
            more = words[at + len(kw) :]
            while end < len(joined) and more and joined[end] == more[0]:
                end, more = end + 1, more[1:]
        taken = end
        first = bisect_right(ends, pos)
        if out and out[-1][0] == first:
            continue  # two names in one fragment: the first names the row
        out.append((first, bisect_right(ends, end - 1), spec))
    return out


def _split_named(cells: list[Cell]) -> list[list[Cell]]:
    """Label fragments split into rows where a form row's name begins (words before the
    first name stay with it: header words, a word of the row before), each name's lines
    joined into one cell."""
    named = _named_rows(cells)
    if not named:
        return [cells]
    out: list[list[Cell]] = []
    for n, (first, last, spec) in enumerate(named):
        stop = named[n + 1][0] if n + 1 < len(named) else len(cells)
        lead = cells[:first] if n == 0 else []
        # the words after a row that admits sub-rows are one sub-row's label, broken over lines
        after = [_joined(cells[last + 1 : stop])] if spec.sub_rows and last + 1 < stop else cells[last + 1 : stop]
        out.append([*lead, _joined(cells[first : last + 1]), *after])
    return out


def _joined(cells: Sequence[Cell]) -> Cell:
    """Label fragments as one label cell."""
    if len(cells) == 1:
        return cells[0]
    a, b = cells[0], cells[-1]
    return Cell(TEXT, "".join(c.text for c in cells), a.start, b.end, a.line, a.column)


def _lines_of(line: Line, label: str) -> int:
    """How many lines of the text the label cell ``label`` of ``line`` was read from."""
    cell = next((c for c in reversed(line.grid_cells) if c.kind == TEXT and c.text == label), None)
    if cell is None:
        return 1
    return line.text.count("\n", line.grid.offset + cell.start, line.grid.offset + cell.end) + 1


def _fragments_or_words(line: Line, item: forms.ItemSpec, spec: forms.RowSpec) -> Finding:
    """A sub-row's label read from several lines of text with blank cells dropped: the later
    lines may be the label's (行政检 / 查) or words in its value cells (行政检查 / 见附件)."""
    return flag("words-or-sub-row", Severity.WARNING, f"row {''.join(line.labels)!r}: blank cells were dropped "
                f"and the label of a sub-row of {forms.ROW_LABELS.get(spec.id, spec.id)} runs over several lines; "
                "the later lines may be the label's or words in its value cells (the text does not say which); "
                "read as the sub-row's label", f"{item.id}/{spec.id}", line.span)
