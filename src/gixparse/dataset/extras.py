"""What ``gixparse batch`` does beside the tables: audit pages (``--html DIR``) and the
checks across years (``--series``).

Audit pages. A worker that reads a report (status ``ok``) writes its page,
``DIR/pages/<sha256[:16]>.html`` (:func:`gixparse.view.to_html` with the text the
worker read), and sends back a small summary record for the index: the counts of
:func:`gixparse.view.summarize`, the official 实质公开率 from :func:`gixparse.metrics`
(NA stays empty, never recomputed) and the province from :func:`gixparse.who`. The
parent appends each record to ``DIR/index.jsonl`` as it arrives (an input that was not
read gets a record with its status and error) and, at the end, writes ``DIR/index.html``
from that file (:func:`gixparse.view.index_html`). Memory stays flat: no report and no
page is held by the parent. With ``--resume`` the records of the earlier runs are kept,
so the index covers them too.

Series. A worker sends back, for each report read, what :func:`gixparse.checks.check_series`
reads of it (the tables, and the sections whose text it compares; no findings), pickled
and compressed. The parent spools these to a temporary file and keeps per report only
its agency, year, path, sha256 and where its bytes are. At the end it reads them back
one agency at a time and runs ``check_series`` on each pair of consecutive years (the
findings belong to the later report) and on each second report of a year (a
``series-duplicate-year`` on it; the report whose path sorts first is the one used).
"""

from __future__ import annotations

import json
import os
import pickle
import tempfile
import zlib
from collections.abc import Iterator
from typing import Any

from attrs import evolve

from ..model import Finding, Report
from .result import Result

__all__ = ["IndexWriter", "SeriesSpool", "index_record", "page_href", "series_payload", "write_page"]

VIEW_EXTRA = "pip install 'gixparse[view]'"
PAGES = "pages"
RECORDS = "index.jsonl"


# --- audit pages ------------------------------------------------------------------------------------


def page_href(sha256: str) -> str:
    """The page of a report, relative to the ``--html`` folder."""
    return f"{PAGES}/{sha256[:16]}.html"


def write_page(report: Report, source: bytes, html_dir: str, sha256: str) -> str:
    """Write the audit page of ``report`` (``source``: the bytes the worker parsed); its href."""
    from ..view import to_html

    href = page_href(sha256)
    path = os.path.join(html_dir, href)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(to_html(report, source))
    os.replace(tmp, path)
    return href


def index_record(result: Result, report: Report | None, href: str | None) -> dict[str, Any]:
    """The index record of one input (plain JSON values)."""
    if report is None or result.status != "ok":
        return {"path": result.path, "status": result.status, "message": result.error, "href": href}
    from ..view import summarize
    from ..view._index import PROVINCES
    from .tables import region_available

    rec = summarize(report, result.path, href=href)  # with the official 实质公开率, or why it is NA
    if region_available():
        from ..agency import who

        province = who(report).province
        rec["province"] = PROVINCES.get(province, province) if province else None
    return rec


class IndexWriter:
    """``DIR/index.jsonl`` as records arrive, and ``DIR/index.html`` from it at the end."""

    def __init__(self, html_dir: str, resume: bool) -> None:
        self.dir = html_dir
        os.makedirs(os.path.join(html_dir, PAGES), exist_ok=True)
        self.path = os.path.join(html_dir, RECORDS)
        self.fh = open(self.path, "a" if resume else "w", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.hrefs: dict[str, str] = {}  # sha256 → page, for the duplicates of a report

    def add(self, result: Result) -> None:
        rec = result.record
        if rec is None:  # not read by a worker (failed, timeout) or a duplicate
            href = self._page_of(result.sha256) if result.status == "duplicate" else None
            message = result.error if result.status != "duplicate" else f"the same bytes as {result.duplicate_of}"
            rec = {"path": result.path, "status": result.status, "message": message, "href": href}
        elif rec.get("href") and result.sha256:
            self.hrefs[result.sha256] = rec["href"]
        self.fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self.fh.flush()

    def _page_of(self, sha256: str | None) -> str | None:
        """The page of an earlier input with these bytes (this run's, or an earlier run's)."""
        if sha256 is None:
            return None
        href = self.hrefs.get(sha256)
        if href is None and os.path.exists(os.path.join(self.dir, page_href(sha256))):
            href = page_href(sha256)
        return href

    def close(self) -> None:
        self.fh.close()

    def finish(self) -> str:
        """Write ``index.html`` from every record (the last one of a path wins); its path."""
        from ..view import index_html

        self.close()
        records: dict[str, dict[str, Any]] = {}
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    records.pop(rec["path"], None)
                    records[rec["path"]] = rec
        return str(index_html(records.values(), self.dir))


# --- series -----------------------------------------------------------------------------------------


def series_payload(report: Report) -> bytes:
    """What check_series reads of a report, pickled and compressed: its tables, and the
    sections it compares (the other sections' text and the findings are left out)."""
    from ..checks import REUSE_SECTIONS

    keep = {sid for sid, _number in REUSE_SECTIONS}
    slim = evolve(report, sections={k: v for k, v in report.sections.items() if k in keep}, findings=())
    return zlib.compress(pickle.dumps(slim, protocol=pickle.HIGHEST_PROTOCOL), 3)


class SeriesSpool:
    """The series payloads of a batch in a temporary file; per report only a small entry in memory."""

    def __init__(self) -> None:
        self.fh = tempfile.TemporaryFile(prefix="gixparse-series-")  # noqa: SIM115 (closed in close())
        self.entries: list[tuple[str, int, str, str, int, int]] = []  # agency key, year, path, sha, offset, size

    def add(self, result: Result) -> None:
        from ..checks import agency_key

        if result.series is None or result.sha256 is None:
            return
        agency, year = _meta(result)
        key = agency_key(agency)
        if key is None or year is None:
            return
        offset = self.fh.seek(0, os.SEEK_END)
        self.fh.write(result.series)
        self.entries.append((key, year, result.path, result.sha256, offset, len(result.series)))

    def __len__(self) -> int:
        return len(self.entries)

    def _load(self, offset: int, size: int) -> Report:
        self.fh.seek(offset)
        report: Report = pickle.loads(zlib.decompress(self.fh.read(size)))  # our own bytes, written by this run
        return report

    def findings(self) -> Iterator[tuple[str, Finding]]:
        """(sha256 of the later report, finding) for every series finding, one agency at a time."""
        from ..checks import check_series

        groups: dict[str, list[tuple[int, str, str, int, int]]] = {}
        for key, year, path, sha, offset, size in self.entries:
            groups.setdefault(key, []).append((year, path, sha, offset, size))
        for key in sorted(groups):
            entries = sorted(groups[key])
            reports = {e[2]: self._load(e[3], e[4]) for e in entries}
            first: dict[int, tuple[int, str, str, int, int]] = {}
            for e in entries:
                year, _path, sha = e[0], e[1], e[2]
                if year in first:  # a second report of one year: check_series says so
                    for f in check_series([reports[first[year][2]], reports[sha]]):
                        yield sha, f
                    continue
                first[year] = e
                prev = first.get(year - 1)
                if prev is not None:
                    for f in check_series([reports[prev[2]], reports[sha]]):
                        yield sha, f

    def close(self) -> None:
        self.fh.close()


def _meta(result: Result) -> tuple[str | None, int | None]:
    cols = (result.rows or {}).get("reports") or {}
    agency = (cols.get("agency") or [None])[0]
    year = (cols.get("year") or [None])[0]
    return agency, year
