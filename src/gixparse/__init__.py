"""gixparse: Chinese government information disclosure annual reports
(政府信息公开工作年度报告) as validated, structured data.

    >>> import gixparse
    >>> report = gixparse.parse(text)          # never raises on a str; problems are findings
    >>> gixparse.flatten(report)["applications/new_received/total"]
    >>> gixparse.to_json(report)               # and from_json() back

The pipeline: normalise (text) → find sections (sections) → read the layout
(readers) → place cells on the official form (placement) → check (checks) →
export (export).
"""

from __future__ import annotations

import os
from os import PathLike

from . import limits as _limits
from .agency import Publisher, who
from .checks import check_report as check
from .checks import check_series
from .codes import finding as _finding
from .compare import compare
from .errors import GixparseError, LimitError, ReportError
from .export import flatten, from_json, to_dict, to_json
from .limits import Limits
from .metrics import METRIC_COLUMNS, MetricValue, metric_rows, metrics
from .model import Finding, Kind, Report, Row, Section, Severity, Span, Table, Value
from .pipeline import parse_text
from .view import to_html

__all__ = [
    "Finding",
    "GixparseError",
    "Kind",
    "LimitError",
    "Limits",
    "METRIC_COLUMNS",
    "MetricValue",
    "Publisher",
    "Report",
    "ReportError",
    "Row",
    "Section",
    "Severity",
    "Span",
    "Table",
    "Value",
    "check",
    "check_series",
    "compare",
    "flatten",
    "from_json",
    "metric_rows",
    "metrics",
    "parse",
    "parse_file",
    "parse_many",
    "to_dict",
    "to_frame",
    "to_html",
    "to_json",
    "who",
]

__version__ = "0.2.0"

from .dataset.api import parse_many, to_frame  # after __version__, which the dataset modules read


def parse(text: str | bytes, *, strict: bool = False, limits: Limits | None = None) -> Report:
    """Parse a report's text.

    Never raises on a ``str``: what cannot be read becomes a finding in
    ``report.findings``. With ``strict=True`` the first error-level reading
    problem raises :class:`GixparseError` (with line and column) instead.
    A ``str`` holding an HTML page or fragment is read as a web page.
    Bytes are read by their content (see :mod:`gixparse.documents`): a PDF or
    Word file by its reader, anything else decoded (UTF-8 with or without BOM,
    UTF-16, GB18030/GBK, detected) and, when it is HTML, read as a web page;
    bytes that cannot be read raise :class:`GixparseError`.

    ``limits`` (default :data:`gixparse.limits.DEFAULT`) bounds what the input may
    cost (:class:`Limits`): input the limits refuse raises :class:`LimitError` for
    bytes or with ``strict=True``, and gives a report with ``limit-exceeded``
    findings for a ``str``.
    """
    with _limits.using(limits):
        if isinstance(text, (bytes, bytearray, memoryview)):
            from .documents import document_text

            try:
                text = _limits.text(document_text(_limits.data(bytes(text))), "the text the document was read into")
            except GixparseError as exc:
                limit = _limits.cause(exc)
                if limit is not exc:  # a limit that a reader's own error wraps: the limit is the reason
                    raise limit from None
                raise
            return parse_text(text, strict=strict)
        try:
            return parse_text(_limits.text(text), strict=strict)
        except LimitError as exc:
            if strict:
                raise
            return Report(None, None, None, None, findings=tuple(  # nothing was read: say so of every table
                _finding("limit-exceeded", exc.message, path, Span(exc.line, exc.column))
                for path in ("active", "applications", "review")))


def parse_file(path: str | PathLike[str], *, strict: bool = False, limits: Limits | None = None) -> Report:
    """Parse a report from a file, whatever it holds: text in any common
    encoding, an HTML page, a Word ``.docx`` or a PDF. The reader is chosen by
    the file's content, not its name. Word and PDF need an optional extra
    (``pip install 'gixparse[docx]'``, ``'gixparse[pdf]'``); without it a
    :class:`GixparseError` names the extra to install. Positions in the report
    refer to the text the document was read into
    (``gixparse.documents.document_text``).

    ``limits`` bounds what reading the file may cost (pages, size, decompressed
    bytes, nesting, time: see :class:`Limits`, whose defaults are far above any
    real report); a file beyond them raises :class:`LimitError`, a
    :class:`GixparseError` naming the limit.
    """
    with _limits.using(limits), open(path, "rb") as fh:
        _limits.size(os.fstat(fh.fileno()).st_size, "the file")  # before reading it into memory
        data = fh.read()
        return parse(data, strict=strict)
