"""Beyond one machine: parse reports on a Dask cluster, from any fsspec paths.

    from dask.distributed import Client
    import gixparse.dask as gd

    client = Client("tcp://scheduler:8786")          # or LocalCluster() on one machine
    gd.to_parquet("s3://bucket/reports/**", "s3://bucket/dataset",
                  storage_options={"anon": False})    # the same dataset as `gixparse batch`
    cells = gd.frame("s3://bucket/reports/**", kind="cells")   # a dask DataFrame

Paths are anything :mod:`fsspec` opens: local folders, ``s3://``, ``gs://``,
``abfs://``, ``hdfs://`` … with glob patterns (``**`` crosses folders); a folder
gives every file under it. Inputs are hashed first (on the cluster) so files with
the same bytes are parsed once, exactly as ``gixparse batch`` does; then each
distinct file is read and parsed on a worker, and its rows are made there.
:func:`to_parquet` writes the folders ``reports/``, ``cells/`` and ``findings/``
with the schemas of :mod:`gixparse.dataset.tables`, one part file per partition.

Files are parsed inside the Dask worker's process (a reader error is caught and
recorded on the file's ``reports`` row; there is no per-file time limit here:
use Dask's own worker memory limits and ``gixparse batch`` for untrusted input).
Everything sent between processes pickles. Needs ``pip install 'gixparse[dask]'``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sized
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .dataset.result import Result, read_and_parse
from .dataset.tables import TABLES, arrow_schema, columnar

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd
    import pyarrow as pa

__all__ = ["bag", "expand", "frame", "to_parquet"]


def _fsspec() -> ModuleType:
    try:
        import fsspec
    except ImportError:
        from .errors import GixparseError

        raise GixparseError("gixparse.dask needs fsspec and dask: pip install 'gixparse[dask]'") from None
    module: ModuleType = fsspec
    return module


def expand(urlpaths: str | Iterable[str], storage_options: dict[str, Any] | None = None) -> list[str]:
    """Every file named by ``urlpaths`` (paths, folders, globs; any fsspec protocol),
    sorted per pattern, each once; a path on another filesystem than the local
    one keeps its protocol (``s3://bucket/a.pdf``)."""
    fsspec = _fsspec()
    if isinstance(urlpaths, str):
        urlpaths = [urlpaths]
    out: list[str] = []
    seen: set[str] = set()
    for urlpath in urlpaths:
        fs, _, paths = fsspec.core.get_fs_token_paths(urlpath, storage_options=storage_options or {})
        local = "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))
        found: list[str] = []
        for p in paths:
            if fs.isdir(p):
                found += sorted(f for f in fs.find(p) if not any(part.startswith(".") for part in f.split("/")[-1:]))
            elif fs.exists(p):
                found.append(p)
        for p in found:
            name = p if local else fs.unstrip_protocol(p)
            if name not in seen:
                seen.add(name)
                out.append(name)
    return out


def _digest(path: str, storage_options: dict[str, Any] | None) -> tuple[str, str | None, int | None, str | None]:
    fsspec = _fsspec()
    h = hashlib.sha256()
    size = 0
    try:
        with fsspec.open(path, "rb", **(storage_options or {})) as fh:
            while block := fh.read(1 << 20):
                h.update(block)
                size += len(block)
    except OSError as exc:
        return path, None, None, f"cannot read the file: {exc}"
    return path, h.hexdigest(), size, None


def _parse(item: tuple[str, str, int], storage_options: dict[str, Any] | None, keep_report: bool) -> Result:
    path, sha, size = item
    started = time.perf_counter()

    def read() -> bytes:
        with _fsspec().open(path, "rb", **(storage_options or {})) as fh:
            data: bytes = fh.read()
        return data

    report, status, error = read_and_parse(read)
    millis = (time.perf_counter() - started) * 1000
    result = Result(path, size, sha, status, error, millis, report)
    from attrs import evolve

    return evolve(result, rows=columnar(result), report=report if keep_report else None)


def _plan(paths: list[str], storage_options: dict[str, Any] | None,
          npartitions: int | None) -> tuple[list[tuple[str, str, int]], list[Result]]:
    """Hash every file on the cluster; the first of each content is parsed, the others
    are duplicates (in input order, as ``gixparse batch`` decides)."""
    import dask.bag as db

    digests: list[tuple[str, str | None, int | None, str | None]] = db.from_sequence(  # type: ignore[no-untyped-call]
        paths, npartitions=npartitions or _parts(paths)).map(_digest, storage_options).compute()
    first: dict[str, str] = {}
    todo: list[tuple[str, str, int]] = []
    other: list[Result] = []
    for path, sha, size, error in digests:
        if sha is None:
            other.append(Result(path, None, None, "failed", error))
        elif sha in first:
            other.append(Result(path, size, sha, "duplicate", duplicate_of=first[sha]))
        else:
            first[sha] = path
            todo.append((path, sha, size or 0))
    return todo, other


def _parts(paths: Sized) -> int:
    return max(1, min(len(paths) // 50 + 1, 256))


def bag(urlpaths: str | Iterable[str], *, storage_options: dict[str, Any] | None = None,
        npartitions: int | None = None, keep_report: bool = True) -> dask.bag.Bag:
    """A :class:`dask.bag.Bag` of one :class:`~gixparse.dataset.Result` per input file
    (with its report, and its table rows in ``Result.rows``)."""
    import dask.bag as db
    from attrs import evolve

    paths = expand(urlpaths, storage_options)
    todo, other = _plan(paths, storage_options, npartitions)
    parsed: dask.bag.Bag = db.from_sequence(  # type: ignore[no-untyped-call]
        todo, npartitions=npartitions or _parts(todo)).map(_parse, storage_options, keep_report)
    if not other:
        return parsed
    rest = db.from_sequence([evolve(r, rows=columnar(r)) for r in other], npartitions=1)  # type: ignore[no-untyped-call]
    both: dask.bag.Bag = db.concat([parsed, rest])  # type: ignore[no-untyped-call]
    return both


def _frame_of(results: list[Result], kind: str) -> pa.Table:
    import pyarrow as pa

    cols: dict[str, list[Any]] = {c.name: [] for c in TABLES[kind].columns}
    for r in results:
        for name, values in (r.rows or columnar(r))[kind].items():
            cols[name].extend(values)
    return pa.Table.from_pydict(cols, schema=arrow_schema(kind))


def frame(urlpaths: str | Iterable[str], kind: str = "cells", *, storage_options: dict[str, Any] | None = None,
          npartitions: int | None = None) -> dask.dataframe.DataFrame:
    """A :class:`dask.dataframe.DataFrame` of one dataset table (``reports``,
    ``cells``, ``findings``) over ``urlpaths``, with the documented columns."""
    import dask.dataframe as dd
    from dask.delayed import delayed

    if kind not in TABLES:
        raise ValueError(f"kind must be one of {', '.join(TABLES)}, not {kind!r}")
    meta = _pandas(_frame_of([], kind))
    b = bag(urlpaths, storage_options=storage_options, npartitions=npartitions, keep_report=False)
    parts = b.to_delayed()  # type: ignore[no-untyped-call]
    df: dask.dataframe.DataFrame = dd.from_delayed([delayed(_partition_frame)(p, kind) for p in parts], meta=meta)
    return df


def _pandas(table: pa.Table) -> pd.DataFrame:
    """``table`` as a pandas DataFrame with Arrow dtypes: a column keeps its type
    (``int32[pyarrow]``) whether or not a partition holds a null in it, so every
    partition has the dtypes of the frame's meta."""
    import pandas as pd

    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _partition_frame(part: Iterable[Result], kind: str) -> pd.DataFrame:
    return _pandas(_frame_of(list(part), kind))


def _write_partition(part: Iterable[Result], index: int, out: str,
                     storage_options: dict[str, Any] | None) -> list[list[int]]:
    import pyarrow.parquet as pq

    fsspec = _fsspec()
    results = list(part)
    counts = []
    for name in TABLES:
        table = _frame_of(results, name)
        with fsspec.open(f"{out.rstrip('/')}/{name}/part-dask-{index:05d}.parquet", "wb",
                         **(storage_options or {})) as fh:
            pq.write_table(table, fh, compression="zstd")
        counts.append(table.num_rows)
    return [counts]


def to_parquet(urlpaths: str | Iterable[str], out: str, *, storage_options: dict[str, Any] | None = None,
               out_storage_options: dict[str, Any] | None = None, npartitions: int | None = None) -> dict[str, int]:
    """Parse ``urlpaths`` on the cluster and write the Parquet dataset ``out`` (a folder,
    any fsspec URL): ``reports/``, ``cells/``, ``findings/``, the same tables
    ``gixparse batch`` writes. Returns the number of rows of each table."""
    import dask.bag as db
    from dask.delayed import delayed

    fsspec = _fsspec()
    fs, _, (root,) = fsspec.core.get_fs_token_paths(out, mode="wb", storage_options=out_storage_options or {})
    for name in TABLES:
        fs.makedirs(f"{root}/{name}", exist_ok=True)
    b = bag(urlpaths, storage_options=storage_options, npartitions=npartitions, keep_report=False)
    parts = b.to_delayed()  # type: ignore[no-untyped-call]
    writes = [delayed(_write_partition)(p, i, out, out_storage_options) for i, p in enumerate(parts)]
    totals = dict.fromkeys(TABLES, 0)
    for counts in db.from_delayed(writes).compute():  # type: ignore[no-untyped-call]
        for name, n in zip(TABLES, counts):
            totals[name] += n
    return totals
