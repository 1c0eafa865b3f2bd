"""A report as the plain data the report template lays out.

Nothing here writes markup: it turns a :class:`~gixparse.Report` into dicts
and lists (tables on the official form, cells with their kind and where they
came from, findings with the cells they cover, numbered source lines) and the
Jinja2 template, with autoescaping on, writes them. Labels come from
:mod:`gixparse.forms`; the header groups of tables 三 and 四 as the official form
prints them are data below.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from .. import forms
from ..model import Kind, Report, Row, Table, Value
from ._classes import CLASSES, SCOPE, class_of

__all__ = ["page_context", "source_lines"]

KIND_LABELS: dict[str, str] = {
    Kind.NUMBER.value: "数字",
    Kind.BLANK.value: "空白",
    Kind.NA.value: "“/” 不适用",
    Kind.TEXT.value: "文字",
    Kind.MISSING.value: "未印出",
    "absent": "表中无此行",
}

FORM_NAMES: dict[str, str] = {
    "2019": "2019 版表式（国办公开办函〔2019〕60号）",
    "2021": "2021 版表式（国办公开办函〔2021〕30号）",
}

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

# Header rows of the official form above the value columns: (text, colspan, rowspan) per cell,
# a column id standing for its label from forms.COLUMN_LABELS.
_H = tuple[tuple[str, int, int], ...]
APPLICATION_HEADER: tuple[_H, ...] = (
    (("申请人情况", 7, 1),),
    (("natural_person", 1, 2), ("法人或其他组织", 5, 1), ("total", 1, 2)),
    (("commercial", 1, 1), ("research", 1, 1), ("social_welfare", 1, 1), ("legal_services", 1, 1),
     ("other_org", 1, 1)),
)
REVIEW_HEADER: tuple[_H, ...] = (
    (("行政复议", 5, 1), ("行政诉讼", 10, 1)),
    (("upheld", 1, 2), ("corrected", 1, 2), ("other", 1, 2), ("pending", 1, 2), ("total", 1, 2),
     ("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)),
    tuple((c, 1, 1) for c in forms.REVIEW_COLUMNS * 2),
)


def _num(n: Decimal) -> str:
    if n == n.to_integral_value():
        return f"{int(n):,}" if abs(n) >= 10000 else str(int(n))
    return format(n.normalize(), "f")


def _covers(path: str, key: str) -> bool:
    return key == path or key.startswith(path + "/") or (key.startswith(path + ".") and "/" not in path)


def _in_scope(path: str, key: str, rows: tuple[str, ...]) -> bool:
    """Whether ``key`` is in the column of ``path`` (TABLE/ROW/COLUMN) in one of ``rows``."""
    parts, kparts = path.split("/"), key.split("/")
    return (len(parts) == 3 and len(kparts) == 3 and parts[0] == kparts[0] and parts[2] == kparts[2]
            and kparts[1].partition("[")[0] in rows)


class _Cells:
    """Collects the cells of every table, then lets findings claim them."""

    def __init__(self) -> None:
        self.cells: list[dict[str, Any]] = []

    def make(self, key: str, value: Value | None, absent: bool = False) -> dict[str, Any]:
        cell: dict[str, Any]
        if value is None:
            kind = "absent" if absent else Kind.MISSING.value
            cell = {"key": key, "text": "", "kind": kind, "raw": None, "line": None, "column": None}
        else:
            kind = value.kind.value
            if value.kind == Kind.NUMBER and value.number is not None:
                text = _num(value.number) + (value.unit or "")
            elif value.kind in (Kind.BLANK, Kind.MISSING):
                text = ""
            else:
                text = value.raw
            cell = {"key": key, "text": text, "kind": kind, "raw": value.raw,
                    "line": value.span.line if value.span else None,
                    "column": value.span.column if value.span else None}
        cell.update(kind_label=KIND_LABELS[kind], findings=[], cls=None)
        self.cells.append(cell)
        return cell

    def claim(self, findings: list[dict[str, Any]]) -> None:
        order = {c.id: i for i, c in enumerate(CLASSES)}
        for f in findings:
            rows = SCOPE.get(f["code"], ())
            for cell in self.cells:
                if _covers(f["path"], cell["key"]) or (rows and _in_scope(f["path"], cell["key"], rows)):
                    cell["findings"].append(f)
                    f["cells"] += 1
        for cell in self.cells:
            if cell["findings"]:
                cell["cls"] = min((f["cls"] for f in cell["findings"]), key=order.__getitem__)
            cell["title"] = _tooltip(cell)


def _tooltip(cell: dict[str, Any]) -> str:
    where = f"第 {cell['line']} 行第 {cell['column']} 列" if cell["line"] else "无原文位置"
    raw = "（无）" if cell["raw"] is None else f"「{cell['raw']}」"
    lines = [cell["key"], f"原文 {raw} · {where} · {cell['kind_label']}"]
    lines += [f"[{f['code']}] {f['message']}" for f in cell["findings"]]
    return "\n".join(lines)


def _row_order(ids: Iterable[str], rows: tuple[Row, ...]) -> list[tuple[str, Row | None]]:
    """The form's rows in order, each followed by the sub-rows the report adds under it;
    rows of the report the form order does not name come last."""
    by_id = {r.id: r for r in rows}
    out: list[tuple[str, Row | None]] = []
    seen: set[str] = set()
    for rid in ids:
        out.append((rid, by_id.get(rid)))
        seen.add(rid)
        for r in rows:
            if r.id.startswith(rid + "["):
                out.append((r.id, r))
                seen.add(r.id)
    out += [(r.id, r) for r in rows if r.id not in seen]
    return out


def _row_label(rid: str, row: Row | None) -> tuple[str, str | None]:
    base, _, sub = rid.partition("[")
    label = forms.ROW_LABELS.get(base, base)
    if sub:
        label = f"其中：{sub.rstrip(']')}"
    printed = row.label if row is not None and row.label else None
    if printed is None or sub:
        return label, None
    # the printed label is shown when it says more than the form's words (numbering aside)
    words = forms.strip_numbering(forms.squash(label))
    return label, (None if words and words in forms.squash(printed) and len(forms.squash(printed)) <= len(
        forms.squash(label)) + 8 else printed)


def _header(spec: tuple[_H, ...], corner: str) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for i, line in enumerate(spec):
        cells = [{"text": forms.COLUMN_LABELS.get(t, t), "colspan": cs, "rowspan": rs} for t, cs, rs in line]
        if i == 0 and corner:
            cells.insert(0, {"text": corner, "colspan": 1, "rowspan": len(spec)})
        rows.append(cells)
    return rows


def _table_ctx(tid: str, table: Table | None, header: list[list[dict[str, Any]]], row_ids: Iterable[str],
               columns: Sequence[str], cells: _Cells) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    for rid, row in _row_order(row_ids, table.rows if table else ()):
        label, printed = _row_label(rid, row)
        values = row.values if row is not None else {}
        body.append({
            "id": rid, "label": label, "printed": printed, "absent": row is None,
            "line": row.span.line if row is not None and row.span else None,
            "cells": [cells.make(f"{tid}/{rid}/{c}", values.get(c), absent=row is None) for c in columns],
            "sub": "[" in rid,
        })
    return {
        "id": tid, "caption": forms.TABLE_LABELS.get(tid, tid), "found": table is not None,
        "layout": table.layout if table else None,
        "line": table.span.line if table and table.span else None, "header": header, "rows": body,
    }


def _review_ctx(table: Table | None, cells: _Cells) -> dict[str, Any]:
    ctx = _table_ctx("review", None, _header(REVIEW_HEADER, ""), (), (), cells)
    rows = {r.id: r for r in table.rows} if table else {}
    data: list[dict[str, Any]] = []
    for rid in forms.REVIEW_ROWS:
        row = rows.get(rid)
        values = row.values if row else {}
        data += [cells.make(f"review/{rid}/{c}", values.get(c), absent=table is not None and row is None)
                 for c in forms.REVIEW_COLUMNS]
    ctx.update(found=table is not None, layout=table.layout if table else None,
               line=table.span.line if table and table.span else None,
               rows=[{"id": "review", "label": None, "printed": None, "absent": table is None, "line": None,
                      "cells": data, "sub": False}])
    return ctx


def _tables(report: Report, cells: _Cells) -> list[dict[str, Any]]:
    form = report.template or "2021"
    out: list[dict[str, Any]] = []
    for spec in forms.ITEMS:
        table = report.tables.get(spec.id)
        columns: tuple[str, ...]
        if table is not None:
            columns = table.columns
        else:
            on_form = spec.columns.get(form)
            if on_form is None:  # the item is not on this form
                continue
            columns = tuple(c.id for c in on_form)
        header = [[{"text": "信息内容", "colspan": 1, "rowspan": 1}]
                  + [{"text": forms.COLUMN_LABELS.get(c, c), "colspan": 1, "rowspan": 1} for c in columns]]
        rows = [r.id for r in spec.rows if form in r.forms]
        out.append(_table_ctx(spec.id, table, header, rows, columns, cells))
    apps = report.applications
    out.append(_table_ctx("applications", apps, _header(APPLICATION_HEADER, "本年度情况"),
                          forms.application_rows(report.template),
                          apps.columns if apps else forms.APPLICATION_COLUMNS, cells))
    out.append(_review_ctx(report.review, cells))
    return out


def _findings(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, f in enumerate(report.findings, 1):
        cls = class_of(f)
        out.append({
            "id": f"F{i}", "code": f.code, "severity": f.severity.value,
            "severity_label": SEVERITY_LABELS[f.severity.value], "cls": cls.id, "cls_label": cls.label,
            "message": f.message, "path": f.path, "where": forms.describe(f.path) if f.path else "",
            "line": f.line, "column": f.column,
            "expected": None if f.expected is None else _num(f.expected),
            "actual": None if f.actual is None else _num(f.actual), "cells": 0,
        })
    return out


def source_lines(source_text: str | bytes | None) -> list[str] | None:
    """The text the report's positions refer to, as lines: a document's bytes or an
    HTML page read as gixparse reads them, then line endings and a BOM normalised."""
    if source_text is None:
        return None
    from ..documents import document_text
    from ..documents.sniff import is_html
    from ..text import normalise

    if isinstance(source_text, (bytes, bytearray, memoryview)):
        source_text = document_text(bytes(source_text))
    elif is_html(source_text):
        from ..documents.html import to_text

        source_text = to_text(source_text)
    src = normalise(source_text)  # lines as positions count them (a form feed also ends one)
    starts = src.line_starts  # worked out when asked: once here
    ends = (*starts[1:], len(src.text) + 1)
    return [src.text[a : b - 1] for a, b in zip(starts, ends, strict=True)]


def page_context(report: Report, source_text: str | bytes | None = None) -> dict[str, Any]:
    cells = _Cells()
    tables = _tables(report, cells)
    findings = _findings(report)
    cells.claim(findings)
    lines = source_lines(source_text)
    marks: dict[int, str] = {}
    order = {c.id: i for i, c in enumerate(CLASSES)}
    for f in findings:
        if f["line"] is not None and (f["line"] not in marks or order[f["cls"]] < order[marks[f["line"]]]):
            marks[f["line"]] = f["cls"]
    cell_lines = {c["line"] for c in cells.cells if c["line"]}
    source = None
    if lines is not None:
        source = [{"n": n, "text": t, "cls": marks.get(n), "cell": n in cell_lines}
                  for n, t in enumerate(lines, 1)]
    counts = {c.id: sum(1 for f in findings if f["cls"] == c.id) for c in CLASSES}
    severities = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITY_LABELS}
    return {
        "report": report,
        "heading": report.agency or report.title or "（未识别机关）",
        "form_name": FORM_NAMES.get(report.template or "", "未识别表式"),
        "layouts": sorted({t.layout for t in report.tables.values() if t.layout}),
        "tables": tables, "findings": findings, "source": source,
        "classes": CLASSES, "class_counts": counts, "severity_counts": severities,
        "severity_labels": SEVERITY_LABELS, "kind_labels": KIND_LABELS,
        "link_lines": source is not None,
    }
