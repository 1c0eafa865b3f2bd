"""What parsing one input file gives: a :class:`Result`, picklable, one per input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attrs import frozen

from ..model import Report

__all__ = ["STATUSES", "Result", "read_and_parse"]

STATUSES: dict[str, str] = {
    "ok": "the file was read as a report (its findings say how well)",
    "no-report": "the file was read, but no section or table of an annual report was found in it "
                 "(an empty file, a binary file, another document)",
    "failed": "the file could not be read: a damaged document, a missing extra, a crash or a memory "
              "blow-up of the reader (see error)",
    "timeout": "reading the file took longer than the time limit; the reader was stopped",
    "duplicate": "the file holds the same bytes as an earlier input (duplicate_of); its data are "
                 "under the same sha256",
}
"""Every status a ``reports`` row can have, with its meaning."""


@frozen
class Result:
    """One input file and what became of it.

    ``report`` is the parsed report (``None`` unless ``status`` is ``ok`` or
    ``no-report``, and left out by the batch command, which has the worker turn it
    into table rows instead: ``rows`` maps a table name to its columns, each a
    list; ``json`` is the report's ``to_json`` text when it was asked for).
    ``millis`` is the time the worker spent reading and parsing the file.
    ``record`` is its summary record for the batch's index page and ``series`` what
    the checks across years need of it (``gixparse batch --html``, ``--series``;
    :mod:`gixparse.dataset.extras`).
    """

    path: str
    size: int | None
    sha256: str | None
    status: str
    error: str | None = None
    millis: float | None = None
    report: Report | None = None
    duplicate_of: str | None = None
    rows: dict[str, dict[str, list[Any]]] | None = None
    json: str | None = None
    record: dict[str, Any] | None = None
    series: bytes | None = None

    @property
    def failed(self) -> bool:
        """The file could not be read (``failed`` or ``timeout``)."""
        return self.status in ("failed", "timeout")


def read_and_parse(read: Callable[[], bytes]) -> tuple[Report | None, str, str | None]:
    """``(report, status, error)`` of the bytes ``read()`` gives: every problem of
    reading or parsing becomes a status and an error message, never an exception
    (the batch's workers and the Dask tasks share this)."""
    from .. import parse
    from ..errors import GixparseError

    data = b""
    try:
        data = read()
        report = parse(data)
    except MemoryError:
        return None, "failed", "the reader ran out of memory (MemoryError)"
    except (GixparseError, OSError) as exc:
        return None, "failed", str(exc)
    except Exception as exc:  # a reader's bug must not stop the batch
        return None, "failed", f"internal error: {exc!r}"
    if report.sections or report.tables:
        return report, "ok", None
    return report, "no-report", "empty file" if not data else "no section or table of an annual report was found"
