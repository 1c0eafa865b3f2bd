"""``gixparse view``: audit pages from the command line.

    gixparse view report.txt -o report.html        # one page
    gixparse view reports/*.txt -o audit/           # a page per report and audit/index.html
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from ..documents import document_text
from ..errors import GixparseError
from ..model import Report

__all__ = ["main"]


def _load(name: str) -> tuple[Report, str]:
    from .. import parse

    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    text = document_text(data)
    return parse(text), text


def _page_name(name: str, taken: set[str]) -> str:
    stem = "stdin" if name == "-" else Path(name).name
    candidate, n = f"{stem}.html", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.html"
    taken.add(candidate)
    return candidate


def main(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="gixparse view",
        description="Write a self-contained HTML audit page of a report: the form with coloured cells, the "
                    "findings and the source text. Several reports: a folder of pages and an index.html.")
    ap.add_argument("files", nargs="+", metavar="REPORT", help="report files, or - for standard input")
    ap.add_argument("-o", "--output", required=True,
                    help="the .html file to write for one report, or a folder (for several, or one ending in /)")
    args = ap.parse_args(argv)
    from . import index_html, summarize, to_html

    out = Path(args.output)
    single = len(args.files) == 1 and not args.output.endswith(("/", "\\")) and not out.is_dir()
    status = 0
    if single:
        try:
            report, text = _load(args.files[0])
            out.write_text(to_html(report, text), encoding="utf-8")
        except (OSError, GixparseError) as exc:
            print(f"gixparse view: {args.files[0]}: {exc}", file=sys.stderr)
            return 2
        print(out)
        return 0
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = {"index.html"}
    summaries = []
    for name in args.files:
        try:
            report, text = _load(name)
        except (OSError, GixparseError) as exc:
            print(f"gixparse view: {name}: {exc}", file=sys.stderr)
            summaries.append({"path": name, "status": "failed", "message": str(exc)})
            status = 2
            continue
        page = _page_name(name, taken)
        (out / page).write_text(to_html(report, text), encoding="utf-8")
        summaries.append(summarize(report, name, href=quote(page)))
    print(index_html(summaries, out))
    return status
