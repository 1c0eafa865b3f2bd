"""Command line: ``gixparse FILE…`` prints JSON; subcommands do the rest.

    gixparse report.txt                 # the whole report as JSON
    gixparse --flat report.txt          # canonical keys only
    cat report.txt | gixparse -         # from standard input
    gixparse check report.txt           # findings as a table; exit 1 on an error
    gixparse check --series DIR         # one agency across years: the series checks
    gixparse view report.txt -o r.html  # an HTML audit page (pip install 'gixparse[view]')
    gixparse batch reports/ -o data     # many files → a dataset (Parquet, CSV, JSONL, DuckDB)
    gixparse schema                     # the JSON Schema of the JSON output

A subcommand is one entry of :data:`COMMANDS` (its name → a function taking the
rest of the arguments and returning the exit status); anything else is a file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from . import __version__, flatten, parse, parse_file, to_dict
from .errors import GixparseError
from .forms import describe
from .model import Finding, Report, Severity

__all__ = ["main"]

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _read(name: str) -> Report:
    if name == "-":
        return parse(sys.stdin.buffer.read())
    return parse_file(name)


def _parse_cmd(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(prog="gixparse", description="Parse 政府信息公开工作年度报告 text into JSON.")
    ap.add_argument("files", nargs="+", metavar="FILE", help="report files, or - for standard input")
    ap.add_argument("--flat", action="store_true", help="print canonical keys and values only")
    ap.add_argument("--compact", action="store_true", help="one line of JSON per report")
    ap.add_argument("--version", action="version", version=f"gixparse {__version__}")
    args = ap.parse_args(argv)
    out = {}
    status = 0
    for name in args.files:
        try:
            report = _read(name)
        except (OSError, GixparseError) as exc:
            print(f"gixparse: {name}: {exc}", file=sys.stderr)
            status = 2
            continue
        out[name] = flatten(report) if args.flat else to_dict(report)
    indent = None if args.compact else 1
    if len(args.files) == 1:
        if out:
            print(json.dumps(next(iter(out.values())), ensure_ascii=False, indent=indent))
    else:
        print(json.dumps(out, ensure_ascii=False, indent=indent))
    return status


def _check_cmd(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(prog="gixparse check",
                                 description="Check that a report's numbers add up (勾稽关系) and read cleanly.")
    ap.add_argument("files", nargs="+", metavar="FILE", help="report files, or - for standard input")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--severity", choices=("error", "warning", "info"), default="info",
                    help="show findings of this severity and worse (default: all)")
    args = ap.parse_args(argv)
    floor = _RANK[Severity(args.severity)]
    status = 0
    results = {}
    for name in args.files:
        try:
            report = _read(name)
        except (OSError, GixparseError) as exc:
            print(f"gixparse: {name}: {exc}", file=sys.stderr)
            status = 2
            continue
        shown = [f for f in report.findings if _RANK[f.severity] <= floor]
        if any(f.severity == Severity.ERROR for f in report.findings) and status == 0:
            status = 1
        if args.format == "json":
            results[name] = [to_dict(f) for f in shown]
        else:
            _print_table(name, report, shown)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return status


def _print_table(name: str, report: Report, findings: Sequence[Finding]) -> None:
    head = f"{name}: {report.agency or '?'} {report.year or '?'} ({report.template or '?'} form)"
    print(head)
    if not findings:
        print("  no findings")
        return
    for f in findings:
        where = f"{f.line}:{f.column}" if f.line is not None else "-"
        print(f"  {where:>8}  {f.severity.value:<7}  {f.code:<26} {f.path}")
        print(f"            {describe(f.path)}")
        print(f"            {f.message}")


def _series_cmd(argv: Sequence[str]) -> int:
    """``gixparse check --series DIR…``: check_series over every report in the folders."""
    from pathlib import Path

    from .checks import check_series

    ap = argparse.ArgumentParser(prog="gixparse check --series",
                                 description="Check one agency across years: carry-over, 现行有效件数, jumps of key "
                                 "counts, text reused from last year.")
    ap.add_argument("dirs", nargs="+", metavar="DIR", help="folders (searched recursively) or report files")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--severity", choices=("error", "warning", "info"), default="info")
    args = ap.parse_args(argv)
    floor = _RANK[Severity(args.severity)]
    files = sorted(f for d in map(Path, args.dirs) for f in ([d] if d.is_file() else d.rglob("*"))
                   if f.is_file() and not f.name.startswith("."))
    reports = []
    for file in files:
        try:
            report = parse_file(file)
        except (OSError, GixparseError) as exc:
            print(f"gixparse: {file}: {exc}", file=sys.stderr)
            continue
        if report.agency is None or report.year is None or not report.tables:
            print(f"gixparse: {file}: no agency, year or table: left out of the series", file=sys.stderr)
            continue
        reports.append(report)
    found = [f for f in check_series(reports) if _RANK[f.severity] <= floor]
    if args.format == "json":
        print(json.dumps([to_dict(f) for f in found], ensure_ascii=False, indent=1))
    else:
        print(f"{len(reports)} reports of {len({r.agency for r in reports})} agencies: {len(found)} findings")
        for f in found:
            print(f"  {f.severity.value:<7}  {f.code:<20} {f.path}")
            print(f"            {f.message}")
    return 1 if any(f.severity == Severity.ERROR for f in found) else 0


def _batch_cmd(argv: Sequence[str]) -> int:
    from .dataset.batch import main as batch_main  # imported only when used: workers, writers

    return batch_main(argv)


def _schema_cmd(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(prog="gixparse schema",
                                 description="Print the JSON Schema (draft 2020-12) of the JSON gixparse writes "
                                             "for a report (gixparse FILE, to_json).")
    ap.parse_args(argv)
    from .schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=1))
    return 0


def _check_or_series_cmd(argv: Sequence[str]) -> int:
    if "--series" in argv:
        return _series_cmd([a for a in argv if a != "--series"])
    return _check_cmd(argv)


def _view_cmd(argv: Sequence[str]) -> int:
    from .view.command import main as view_main  # imported only when used: Jinja2, matplotlib

    return view_main(argv)


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "parse": _parse_cmd,
    "check": _check_or_series_cmd,
    "view": _view_cmd,
    "batch": _batch_cmd,
    "schema": _schema_cmd,
}
"""Subcommands by name; ``gixparse NAME ARGS…`` runs ``COMMANDS[NAME](ARGS)``."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    return _parse_cmd(argv)
