"""Writers: a dataset of tables on disk, written in chunks, each chunk committed
whole, so an interrupted run leaves only whole chunks and ``--resume`` goes on
from the last one.

* Parquet (a folder): ``OUT/reports/``, ``OUT/cells/``, ``OUT/findings/``, each
  holding one part file per chunk (``part-RUN-SEQ.parquet``). A chunk's
  ``reports`` part is renamed into place last: it is the commit. A part of the
  other tables without its ``reports`` part was never committed and is removed
  on resume.
* CSV (a folder): ``OUT/reports.csv`` … appended per chunk; ``OUT/_committed.json``
  records each file's length after the last whole chunk, and resume cuts the
  files back to it. ``bom=True`` starts each file with a UTF-8 BOM (Excel).
* JSONL (a file ``OUT.jsonl`` or a folder holding ``reports.jsonl``): one line
  per input, its ``reports`` row with the report's full JSON (``to_json``) under
  ``"report"`` (null when there is none); committed the same way as CSV.
* DuckDB (a file ``OUT.duckdb``): one table per dataset table, each chunk
  appended in one transaction.

Every writer knows the inputs already in its output (:meth:`Writer.done`), for
``--resume``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Union

from ..errors import GixparseError
from .tables import PACKED, PACKED_COLUMNS, ROW_COLUMNS, RUNS, TABLES, arrow_schema, duckdb_ddl, unpack_cells

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FORMATS", "ChunkBuffer", "Writer", "format_of", "open_writer"]

Columns = dict[str, list[Any]]
TableData = Union[Columns, "pa.Table"]  # a table's rows: column → values, or an Arrow table
Chunk = dict[str, TableData]  # table name → its rows

FORMATS = ("parquet", "csv", "jsonl", "duckdb")


def format_of(out: str, fmt: str | None) -> str:
    """The output format: as asked, else by the output's name (``.duckdb``, ``.db``,
    ``.jsonl``, ``.csv``), else Parquet."""
    if fmt:
        return fmt
    low = out.lower().rstrip("/\\")
    if low.endswith((".duckdb", ".db")):
        return "duckdb"
    if low.endswith(".jsonl"):
        return "jsonl"
    if low.endswith(".csv"):
        return "csv"
    return "parquet"


def needs(fmt: str) -> list[str]:
    """The modules a format needs (all in the ``dataset`` extra)."""
    return {"parquet": ["pyarrow"], "duckdb": ["duckdb", "pyarrow"]}.get(fmt, [])


class Writer:
    """Write chunks of rows; each :meth:`write` is committed whole."""

    def done(self) -> dict[str, tuple[str | None, str]]:
        """path → (sha256, status) of every input already in the output."""
        raise NotImplementedError

    def write(self, chunk: Chunk, jsons: list[str | None] | None = None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _exists(out: str) -> bool:
    if os.path.isdir(out):
        return any(os.scandir(out))
    return os.path.exists(out)


def open_writer(out: str, fmt: str, *, resume: bool = False, overwrite: bool = False, bom: bool = False) -> Writer:
    if _exists(out) and not resume:
        if not overwrite:
            raise GixparseError(f"{out} already exists: add --resume to go on with it, or --overwrite to replace it")
        _remove(out)
    if fmt == "parquet":
        return ParquetWriter(out)
    if fmt == "csv":
        return CsvWriter(out, bom=bom)
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "duckdb":
        return DuckdbWriter(out)
    raise GixparseError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _remove(out: str) -> None:
    import shutil

    if os.path.isdir(out):
        shutil.rmtree(out)
    elif os.path.exists(out):
        os.remove(out)
        if os.path.exists(out + ".wal"):
            os.remove(out + ".wal")
        if os.path.exists(out + ".committed.json"):
            os.remove(out + ".committed.json")


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- Parquet ---------------------------------------------------------------------------------------


class ParquetWriter(Writer):
    def __init__(self, out: str) -> None:
        self.out = out
        self.run = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        self.seq = 0
        for name in TABLES:
            os.makedirs(os.path.join(out, name), exist_ok=True)
        self._clean()

    def _parts(self, name: str) -> list[str]:
        return sorted(f for f in os.listdir(os.path.join(self.out, name)) if f.endswith(".parquet"))

    def _clean(self) -> None:
        """Remove what an interrupted run left: temporary files and uncommitted parts."""
        committed = set(self._parts("reports"))
        for name in TABLES:
            folder = os.path.join(self.out, name)
            for f in os.listdir(folder):
                if f.endswith(".tmp") or (f.endswith(".parquet") and name != "reports" and f not in committed):
                    os.remove(os.path.join(folder, f))

    def done(self) -> dict[str, tuple[str | None, str]]:
        import pyarrow.parquet as pq

        out: dict[str, tuple[str | None, str]] = {}
        for f in self._parts("reports"):
            t = pq.read_table(os.path.join(self.out, "reports", f), columns=["path", "sha256", "status"])
            for p, s, st in zip(*(t.column(c).to_pylist() for c in ("path", "sha256", "status"))):
                out[p] = (s, st)
        return out

    def write(self, chunk: Chunk, jsons: list[str | None] | None = None) -> None:
        import pyarrow.parquet as pq

        name = f"part-{self.run}-{self.seq:05d}.parquet"
        self.seq += 1
        order = [t for t in TABLES if t != "reports"] + ["reports"]
        tmps = []
        for table in order:
            data = _arrow(chunk[table], table)
            tmp = os.path.join(self.out, table, name + ".tmp")
            pq.write_table(data, tmp, row_group_size=64 * 1024, compression="zstd")
            tmps.append((tmp, os.path.join(self.out, table, name)))
        for tmp, final in tmps:  # reports last: its part commits the chunk
            os.replace(tmp, final)
        _fsync_dir(os.path.join(self.out, "reports"))


# --- CSV and JSONL: appended files with a commit record ---------------------------------------------------


class _AppendWriter(Writer):
    """Files appended per chunk (each opened for the chunk and synced); a record of
    their committed lengths."""

    def __init__(self, files: dict[str, str], record: str, bom: bool = False) -> None:
        self.files = files
        self.record = record
        committed: dict[str, int] = {}
        if os.path.exists(record):
            with open(record, encoding="utf-8") as saved:
                committed = json.load(saved)
        self.lengths: dict[str, int] = {}
        for key, path in files.items():
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with open(path, "a+b") as fh:
                fh.truncate(committed.get(key, 0))  # drop what an interrupted chunk left
                fh.seek(0, os.SEEK_END)
                if fh.tell() == 0:
                    self._start(key, fh, bom)
                self.lengths[key] = _synced(fh)
        self._commit()

    def _start(self, key: str, fh: BinaryIO, bom: bool) -> None:
        pass

    def _append(self, data: Mapping[str, bytes]) -> None:
        """Append ``data[key]`` to each file ``key``, and commit."""
        for key, text in data.items():
            with open(self.files[key], "ab") as fh:
                fh.write(text)
                self.lengths[key] = _synced(fh)
        self._commit()

    def _commit(self) -> None:
        tmp = self.record + ".tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump(self.lengths, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.record)


def _synced(fh: BinaryIO) -> int:
    """Flush ``fh`` to the disk; its length."""
    fh.flush()
    os.fsync(fh.fileno())
    return fh.tell()


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        return int(v)
    return v


class CsvWriter(_AppendWriter):
    def __init__(self, out: str, bom: bool = False) -> None:
        os.makedirs(out, exist_ok=True)
        super().__init__({t: os.path.join(out, f"{t}.csv") for t in TABLES}, os.path.join(out, "_committed.json"), bom)

    def _start(self, key: str, fh: BinaryIO, bom: bool) -> None:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow([c.name for c in TABLES[key].columns])
        fh.write(("\ufeff" if bom else "").encode("utf-8") + text.getvalue().encode("utf-8"))

    def done(self) -> dict[str, tuple[str | None, str]]:
        out = {}
        with open(self.files["reports"], encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                out[row["path"]] = (row["sha256"] or None, row["status"])
        return out

    def write(self, chunk: Chunk, jsons: list[str | None] | None = None) -> None:
        data = {}
        for table, cols in chunk.items():
            names = [c.name for c in TABLES[table].columns]
            text = io.StringIO()
            w = csv.writer(text, lineterminator="\n")
            for row in zip(*(cols[n] for n in names)):
                w.writerow([_csv_value(v) for v in row])
            data[table] = text.getvalue().encode("utf-8")
        self._append(data)


class JsonlWriter(_AppendWriter):
    def __init__(self, out: str) -> None:
        path = out if out.lower().endswith(".jsonl") else os.path.join(out, "reports.jsonl")
        super().__init__({"reports": path}, path + ".committed.json" if path == out
                         else os.path.join(out, "_committed.json"))
        self.path = path

    def done(self) -> dict[str, tuple[str | None, str]]:
        out = {}
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                out[row["path"]] = (row["sha256"], row["status"])
        return out

    def write(self, chunk: Chunk, jsons: list[str | None] | None = None) -> None:
        cols = chunk["reports"]
        names = list(cols)
        n = len(cols["path"])
        jsons = jsons or [None] * n
        lines = []
        for i in range(n):
            row = {k: cols[k][i] for k in names}
            head = json.dumps(row, ensure_ascii=False)[:-1]
            lines.append(f'{head}, "report": {jsons[i] or "null"}}}\n')
        self._append({"reports": "".join(lines).encode("utf-8")})


# --- DuckDB ----------------------------------------------------------------------------------------


class DuckdbWriter(Writer):
    def __init__(self, out: str) -> None:
        import duckdb

        self.con = duckdb.connect(out)
        for name in TABLES:
            self.con.execute(duckdb_ddl(name))

    def done(self) -> dict[str, tuple[str | None, str]]:
        return {p: (s, st) for p, s, st in self.con.execute("SELECT path, sha256, status FROM reports").fetchall()}

    def write(self, chunk: Chunk, jsons: list[str | None] | None = None) -> None:
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, cols in chunk.items():
                data = _arrow(cols, table)
                self.con.register("gixparse_chunk", data)
                self.con.execute(f'INSERT INTO "{table}" SELECT * FROM gixparse_chunk')
                self.con.unregister("gixparse_chunk")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.con.execute("CHECKPOINT")
        self.con.close()


def empty_chunk() -> Chunk:
    return {name: {c.name: [] for c in spec.columns} for name, spec in TABLES.items()}


def extend_chunk(chunk: Chunk, rows: Mapping[str, Columns]) -> None:
    for table, cols in rows.items():
        target = chunk[table]
        for name, values in cols.items():
            target[name].extend(values)


def _arrow(cols: TableData, table: str) -> pa.Table:
    """A table's rows as an Arrow table (they may be one already)."""
    import pyarrow as pa

    if isinstance(cols, pa.Table):
        return cols
    return pa.Table.from_pydict(cols, schema=arrow_schema(table))


class ChunkBuffer:
    """The rows of the chunk in hand. For the writers that take Arrow (Parquet,
    DuckDB), every ``freeze_rows`` rows the Python lists are turned into Arrow
    tables, which take a tenth of the memory, so the memory a batch holds stays
    small and the same whatever the rate of the run.

    A packed ``cells`` table (:data:`~gixparse.dataset.tables.PACKED`, as the workers
    send it for these writers) is held as it came, and its columns of one value per
    report or per row and its keys are made by Arrow when the rows are turned into a
    table; for the other writers it is unpacked when it is added."""

    def __init__(self, arrow: bool, freeze_rows: int = 20_000) -> None:
        self.arrow = arrow
        self.freeze_rows = freeze_rows
        self.reset()

    def reset(self) -> None:
        self.cols = empty_chunk()
        self.frozen: dict[str, list[Any]] = {t: [] for t in TABLES}
        self.jsons: list[str | None] = []
        self.reports = 0
        self.rows = 0
        self.loose = 0
        self._reset_packed()

    def _reset_packed(self) -> None:
        self.packed: bool | None = None  # whether the loose cells rows are packed (None: there are none)
        self.runs: list[list[Any]] = []  # the PACKED values of each packed report …
        self.run_lengths: list[int] = []  # … and its number of cells
        self.row_cols: Columns = {name: [] for name in ROW_COLUMNS}  # one value per row …
        self.row_runs: list[int] = []  # … and its number of cells
        self.key_fix: list[str | None] = []  # keys a report sent, None where made from the other columns
        self.fixed = False  # some report sent its keys

    def add(self, rows: Mapping[str, Columns], json_text: str | None) -> None:
        n = 0
        cells = rows.get("cells")
        if cells is not None:
            packed = PACKED in cells
            if packed and not self.arrow:
                cells, packed = unpack_cells(cells), False
            k = len(cells["column"])
            if k:
                if self.packed is not None and self.packed != packed:
                    self._freeze_cells()  # the loose rows are all packed or all not: the order is kept
                self.packed = packed
                if packed:
                    self._add_packed(cells, k)
                else:
                    extend_chunk(self.cols, {"cells": cells})
            n += k
            rows = {t: c for t, c in rows.items() if t != "cells"}
        extend_chunk(self.cols, rows)
        self.jsons.append(json_text)
        self.reports += 1
        n += sum(len(next(iter(cols.values()), ())) for cols in rows.values())
        self.rows += n
        self.loose += n
        if self.arrow and self.loose >= self.freeze_rows:
            self._freeze()

    def _add_packed(self, cells: Columns, n: int) -> None:
        target, rows = self.cols["cells"], self.row_cols
        for name, values in cells.items():
            if name in rows:
                rows[name].extend(values)
            elif name in target and name != "key":
                target[name].extend(values)
        self.row_runs.extend(cells[RUNS])
        self.runs.append(cells[PACKED])
        self.run_lengths.append(n)
        keys = cells.get("key")
        if keys is not None:
            self.key_fix.extend(keys)
            self.fixed = True
        else:
            self.key_fix.extend([None] * n)

    def _freeze_cells(self) -> None:
        cols = self.cols["cells"]
        self.frozen["cells"].append(self._packed_arrow() if self.packed else _arrow(cols, "cells"))
        self.cols["cells"] = {name: [] for name in cols}
        self._reset_packed()

    def _packed_arrow(self) -> pa.Table:
        """The loose packed cells rows as an Arrow table."""
        import pyarrow as pa
        import pyarrow.compute as pc

        schema = arrow_schema("cells")
        cols = self.cols["cells"]
        arrays = {}
        for names, source, runs in ((PACKED_COLUMNS, None, self.run_lengths),
                                    (ROW_COLUMNS, self.row_cols, self.row_runs)):
            which: list[int] = []  # the report (the row) of each cell
            for i, k in enumerate(runs):
                which += [i] * k
            take = pa.array(which, pa.int32())
            for j, name in enumerate(names):
                values = [run[j] for run in self.runs] if source is None else source[name]
                arrays[name] = pa.array(values, schema.field(name).type).take(take)
        for field in schema:
            if field.name not in arrays and field.name != "key":
                arrays[field.name] = pa.array(cols[field.name], field.type)
        row, sub = arrays["row"], arrays["sub_row"]
        row_id = pc.if_else(pc.is_null(sub), row,
                            pc.binary_join_element_wise(row, pc.binary_join_element_wise(sub, "", "]"), "["))
        key = pc.binary_join_element_wise(arrays["table"], row_id, arrays["column"], "/")
        if self.fixed:
            key = pc.coalesce(pa.array(self.key_fix, pa.string()), key)
        arrays["key"] = key
        return pa.Table.from_arrays([arrays[field.name] for field in schema], schema=schema)

    def _freeze(self) -> None:
        for table, cols in self.cols.items():
            if table == "cells":
                self._freeze_cells()
            else:
                self.frozen[table].append(_arrow(cols, table))
        self.cols = empty_chunk()
        self.loose = 0

    def take(self) -> tuple[Chunk, list[str | None]]:
        """The chunk's rows (and JSON texts), and an empty buffer."""
        if self.arrow:
            import pyarrow as pa

            self._freeze()
            chunk: Chunk = {t: pa.concat_tables(parts) for t, parts in self.frozen.items()}
        else:
            chunk = self.cols
        jsons = self.jsons
        self.reset()
        return chunk, jsons
