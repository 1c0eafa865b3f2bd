"""``gixparse batch``: many report files → a dataset of tidy tables."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TextIO

from attrs import frozen

from ..errors import GixparseError
from .api import run
from .discover import discover, read_path_list
from .extras import VIEW_EXTRA, IndexWriter, SeriesSpool
from .progress import make_progress
from .tables import REGION_EXTRA, TABLES, finding_row, region_available
from .worker import WorkerConfig
from .writers import FORMATS, ChunkBuffer, Writer, empty_chunk, extend_chunk, format_of, needs, open_writer

__all__ = ["BatchSummary", "batch", "main"]

EXTRA = "pip install 'gixparse[dataset]'"


class MissingExtra(GixparseError):
    """A module of an optional extra is not installed."""


@frozen
class BatchSummary:
    out: str
    format: str
    inputs: int  # files named
    skipped: int  # already in the output (--resume)
    statuses: dict[str, int]  # of this run's rows
    seconds: float
    index: str | None = None  # DIR/index.html (--html)
    series_findings: int | None = None  # findings of the checks across years (--series)
    notes: tuple[str, ...] = ()  # what the run could not do, said once (a missing extra)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def require(fmt: str) -> None:
    for module in needs(fmt):
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtra(f"writing {fmt} needs {module}, which is not installed: {EXTRA}") from None


def _say(text: str, quiet: bool, stream: TextIO | None) -> None:
    if not quiet:
        print(f"gixparse batch: {text}", file=stream or sys.stderr)


def batch(inputs: Iterable[str], out: str, *, format: str | None = None, workers: int | None = None,
          timeout: float | None = 120.0, resume: bool = False, overwrite: bool = False, bom: bool = False,
          quiet: bool = True, max_memory_mb: int = 4096, chunk_reports: int = 500, chunk_rows: int = 200_000,
          chunk_seconds: float = 10.0, log_every: float = 10.0, stream: TextIO | None = None, html: str | None = None,
          series: bool = False) -> BatchSummary:
    """Parse every file named by ``inputs`` into the dataset ``out`` (see ``gixparse batch --help``).

    ``html``: a folder for an audit page per report read and ``index.html``;
    ``series``: run the checks across years over the reports read, into ``findings``
    (:mod:`gixparse.dataset.extras`).
    """
    started = time.monotonic()
    fmt = format_of(out, format)
    require(fmt)
    if series and fmt == "jsonl":
        raise GixparseError("--series writes its findings to the findings table, which JSONL output has not: "
                            "use Parquet, CSV or DuckDB")
    if html is not None:
        for module in ("jinja2", "matplotlib"):
            try:
                importlib.import_module(module)
            except ImportError:
                raise MissingExtra(f"--html needs {module}, which is not installed: {VIEW_EXTRA}") from None
    notes: list[str] = []
    if not region_available():
        notes.append(f"the publisher columns of reports (region_code, province … level, kind) are null: "
                     f"they need the extra region ({REGION_EXTRA})")
    for note in notes:
        _say(note, quiet, stream)
    paths, missing = discover(inputs)
    paths += missing  # a name that matches nothing still gets its row: failed, and why
    writer = open_writer(out, fmt, resume=resume, overwrite=overwrite, bom=bom)
    statuses: Counter[str] = Counter()
    index = IndexWriter(html, resume) if html is not None else None
    spool = SeriesSpool() if series else None
    index_path = n_series = None
    try:
        done = writer.done() if resume else {}
        known = {sha: p for p, (sha, st) in done.items() if sha and st != "duplicate"}
        todo = [p for p in paths if p not in done]
        progress = make_progress(len(todo), quiet=quiet, stream=stream, every=log_every)
        if done:
            _say(f"{len(paths) - len(todo)} inputs already in {out}, skipped", quiet, stream)
            if series:
                _say("--series checks the reports read in this run only, not those of earlier runs", quiet, stream)
        arrow = fmt in ("parquet", "duckdb")
        config = WorkerConfig(keep_report=False, rows=True, packed_cells=arrow, json=fmt == "jsonl",
                              max_memory_mb=max_memory_mb, html_dir=html, series=series)
        buffer = ChunkBuffer(arrow=arrow)
        last = time.monotonic()
        try:
            for result in run(todo, workers=workers or default_workers(), timeout=timeout, config=config,
                              known=known):
                rows = result.rows or {}
                buffer.add(rows, result.json)
                if index is not None:
                    index.add(result)
                if spool is not None:
                    spool.add(result)
                statuses[result.status] += 1
                errs = rows.get("reports", {}).get("errors", [0])[0] or 0
                progress.update(result.status, errs)
                if (buffer.reports >= chunk_reports or buffer.rows >= chunk_rows
                        or time.monotonic() - last >= chunk_seconds):
                    writer.write(*buffer.take())
                    last = time.monotonic()
        finally:  # whole results already in hand are committed, even on Ctrl-C
            if buffer.reports:
                writer.write(*buffer.take())
            progress.close()
        if spool is not None:
            n_series = _write_series(writer, spool)
        if index is not None:
            index_path = index.finish()
    finally:
        writer.close()
        if index is not None:
            index.close()
        if spool is not None:
            spool.close()
    return BatchSummary(out, fmt, len(paths), len(paths) - len(todo), dict(statuses), time.monotonic() - started,
                        index_path, n_series, tuple(notes))


def _write_series(writer: Writer, spool: SeriesSpool, chunk_rows: int = 20_000) -> int:
    """The series findings into the findings table, in chunks; how many."""
    chunk = empty_chunk()
    n = pending = 0
    for sha, f in spool.findings():
        extend_chunk(chunk, {"findings": {k: [v] for k, v in finding_row(sha, f).items()}})
        n += 1
        pending += 1
        if pending >= chunk_rows:
            writer.write(chunk)
            chunk, pending = empty_chunk(), 0
    if pending:
        writer.write(chunk)
    return n


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="gixparse batch",
        description="Parse many reports (text in any encoding, HTML, Word, PDF; chosen by content) into a "
                    "dataset of tables: reports (one row per input file), cells, findings, metrics.",
        epilog="Formats: a folder of Parquet files (default), a folder of CSV files (--format csv), JSONL "
               "(-o OUT.jsonl: one line per input with the report's full JSON), a DuckDB database "
               "(-o OUT.duckdb). Schemas: docs/dataset.md. Needs: " + EXTRA)
    ap.add_argument("inputs", nargs="+", metavar="PATH",
                    help="files, folders (read recursively), glob patterns ('reports/**/*.pdf'), "
                         "or - to read paths from standard input, one a line")
    ap.add_argument("-o", "--output", required=True, metavar="OUT", help="the dataset to write")
    ap.add_argument("--format", choices=FORMATS, help="default: by OUT's name (.duckdb, .jsonl, .csv), else parquet")
    ap.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    ap.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                    help="time limit for one file; a file past it gets status timeout (default: 120; 0: none)")
    ap.add_argument("--max-memory", type=int, default=4096, metavar="MB",
                    help="memory limit of one worker; a file past it gets status failed (default: 4096; 0: none)")
    ap.add_argument("--resume", action="store_true",
                    help="go on with an existing OUT: inputs already in it are skipped")
    ap.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    ap.add_argument("--bom", action="store_true", help="CSV: start each file with a UTF-8 BOM (for Excel)")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress display and no summary")
    ap.add_argument("--html", metavar="DIR",
                    help="also write an audit page per report read (DIR/pages/) and DIR/index.html, one row per "
                         "input with its status, findings and 实质公开率 (needs: pip install 'gixparse[view]')")
    ap.add_argument("--series", action="store_true",
                    help="after the batch, check each agency's reports across consecutive years (carried-over "
                         "counts, jumps, text reused) into the findings table, on the later report")
    ap.add_argument("--chunk-size", type=int, default=500, metavar="N",
                    help="commit the output every N inputs (and every 10 s); an interrupted run loses at most "
                         "the chunk in hand (default: 500)")
    return ap


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    inputs = list(args.inputs)
    if "-" in inputs:
        inputs.remove("-")
        inputs += read_path_list(sys.stdin)
    try:
        summary = batch(inputs, args.output, format=args.format, workers=args.workers,
                        timeout=args.timeout or None, resume=args.resume, overwrite=args.overwrite,
                        bom=args.bom, quiet=args.quiet, max_memory_mb=args.max_memory,
                        chunk_reports=max(1, args.chunk_size), html=args.html, series=args.series)
    except KeyboardInterrupt:
        print(f"gixparse batch: interrupted; what was done is in {args.output} (go on with --resume)",
              file=sys.stderr)
        return 130
    except GixparseError as exc:
        print(f"gixparse batch: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items())) or "nothing new"
        skipped = f", {summary.skipped} already there" if summary.skipped else ""
        print(f"gixparse batch: {sum(summary.statuses.values())} inputs ({counts}{skipped}) → "
              f"{summary.out} ({summary.format}, tables {', '.join(TABLES)}) in {summary.seconds:.1f} s",
              file=sys.stderr)
        if summary.series_findings is not None:
            print(f"gixparse batch: {summary.series_findings} findings across years (--series) in findings",
                  file=sys.stderr)
        if summary.index is not None:
            print(f"gixparse batch: audit pages: {summary.index}", file=sys.stderr)
    return 0
