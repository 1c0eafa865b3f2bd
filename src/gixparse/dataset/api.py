"""The Python API: :func:`parse_many` and :func:`to_frame`."""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from attrs import evolve

from ..model import Report
from .result import Result
from .worker import Task, WorkerConfig, run_pool

__all__ = ["parse_many", "to_frame"]

_KINDS = ("reports", "cells", "findings", "metrics", "wide")


def file_digest(path: str) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in blocks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def run(paths: Iterable[str | os.PathLike[str]], *, workers: int | None = None, timeout: float | None = 120.0,
        config: WorkerConfig | None = None, known: Mapping[str, str] | None = None) -> Iterator[Result]:
    """Parse ``paths`` in worker processes, each distinct content once.

    A file with the same bytes as an earlier input (or as a report in ``known``:
    sha256 → path, from an earlier run) gets status ``duplicate`` and
    ``duplicate_of`` (and no report of its own: it is the first one's). A
    duplicate comes after the first one. Every path gives exactly one result.
    """
    config = config or WorkerConfig()
    first_of: dict[str, str] = dict(known or {})
    waiting: dict[str, list[Result]] = {}
    ready: deque[Result] = deque()

    def extra(result: Result) -> Result:
        if config.rows:
            from .tables import columnar

            result = evolve(result, rows=columnar(result))
        return result

    def tasks() -> Iterator[Task]:
        for item in paths:
            path = os.fspath(item)
            try:
                sha, size = file_digest(path)
            except OSError as exc:
                ready.append(extra(Result(path, None, None, "failed", f"cannot read the file: {exc}")))
                continue
            if sha in first_of:
                dup = Result(path, size, sha, "duplicate", duplicate_of=first_of[sha])
                if sha in waiting:
                    waiting[sha].append(dup)
                else:
                    ready.append(extra(dup))
                continue
            first_of[sha] = path
            waiting[sha] = []
            yield Task(path, sha, size)

    for result in run_pool(tasks(), workers=workers, timeout=timeout, config=config):
        while ready:
            yield ready.popleft()
        if config.rows and result.rows is None:  # a timeout or a dead worker: the parent writes its row
            result = extra(result)
        yield result
        for dup in waiting.pop(result.sha256, ()) if result.sha256 is not None else ():
            yield extra(dup)
    while ready:
        yield ready.popleft()


def parse_many(paths: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
               timeout: float | None = 120.0, max_memory_mb: int = 0) -> Iterator[Result]:
    """Parse many report files in worker processes; yield a :class:`Result` for each
    as it finishes (not in input order).

    >>> for r in gixparse.parse_many(paths, workers=4, timeout=60):
    ...     print(r.path, r.status, r.report and r.report.agency)

    Each file is read by its content like :func:`gixparse.parse_file`, in a worker
    process (``workers``, default: all cores) whose parsers are built once. A file
    that fails, hangs past ``timeout`` seconds or blows the memory limit
    (``max_memory_mb`` per worker, 0 for none) gets status ``failed`` or
    ``timeout`` and an ``error``; the others go on. Files with the same bytes are
    parsed once: the later ones get status ``duplicate`` and ``duplicate_of`` (the
    path whose result holds the report), after that result.
    """
    yield from run(paths, workers=workers, timeout=timeout,
                   config=WorkerConfig(keep_report=True, max_memory_mb=max_memory_mb))


def _as_result(item: Result | Report) -> Result:
    if isinstance(item, Result):
        return item
    if isinstance(item, Report):
        from ..export import to_json

        sha = hashlib.sha256(to_json(item, indent=None).encode("utf-8")).hexdigest()
        return Result(None, None, sha, "ok", report=item)  # type: ignore[arg-type]
    raise TypeError(f"to_frame() takes Results or Reports, not {type(item).__name__}")


def to_frame(reports: Iterable[Result | Report], kind: str = "cells") -> Any:
    """A pandas DataFrame of ``reports`` (:class:`Result` objects from
    :func:`parse_many`, or :class:`~gixparse.Report` objects).

    ``kind``: ``reports``, ``cells``, ``findings`` or ``metrics``, the dataset tables with their
    documented columns (the same dtypes as the Parquet files read back with
    pandas); or ``wide``: one row per report, its ``sha256``, ``path``,
    ``agency``, ``year`` and ``template`` then one column per canonical key
    (``gixparse.flatten``). A bare Report has no path; its ``sha256`` is that of
    its compact JSON. Needs ``pip install 'gixparse[dataset]'``.
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(_KINDS)}, not {kind!r}")
    try:
        import pandas as pd
        import pyarrow as pa
    except ImportError as exc:
        from ..errors import GixparseError

        raise GixparseError(f"to_frame needs pandas and pyarrow ({exc.name} is missing): "
                            "pip install 'gixparse[dataset]'") from None
    results = [_as_result(r) for r in reports]
    if kind == "wide":
        from ..export import flatten

        records = []
        for r in results:
            rec: dict[str, Any] = {"sha256": r.sha256, "path": r.path}
            rep = r.report
            rec.update(agency=rep.agency if rep else None, year=rep.year if rep else None,
                       template=rep.template if rep else None)
            if rep is not None:
                rec.update(flatten(rep))
            records.append(rec)
        return pd.DataFrame.from_records(records, columns=_wide_columns(records))
    from .tables import TABLES, arrow_schema

    spec = TABLES[kind]
    rows = [row for r in results for row in spec.rows_of(r)]
    columns = {c.name: [row.get(c.name) for row in rows] for c in spec.columns}
    return pa.Table.from_pydict(columns, schema=arrow_schema(kind)).to_pandas()


def _wide_columns(records: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for rec in records:
        for k in rec:
            seen.setdefault(k, None)
    return list(seen)
