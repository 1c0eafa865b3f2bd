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

from os import PathLike

from .agency import Publisher, who
from .checks import check_report as check
from .checks import check_series
from .compare import compare
from .errors import GixparseError, ReportError
from .export import flatten, from_json, to_dict, to_json
from .metrics import METRIC_COLUMNS, MetricValue, metric_rows, metrics
from .model import Finding, Kind, Report, Row, Section, Severity, Span, Table, Value
from .pipeline import parse_text
from .view import to_html

__all__ = [
    "Finding",
    "GixparseError",
    "Kind",
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

__version__ = "0.1.0"

from .dataset.api import parse_many, to_frame  # noqa: E402  (the dataset modules read __version__)


def parse(text: str | bytes, *, strict: bool = False) -> Report:
    """Parse a report's text.

    Never raises on a ``str``: what cannot be read becomes a finding in
    ``report.findings``. With ``strict=True`` the first error-level reading
    problem raises :class:`GixparseError` (with line and column) instead.
    A ``str`` holding an HTML page or fragment is read as a web page.
    Bytes are read by their content (see :mod:`gixparse.documents`): a PDF or
    Word file by its reader, anything else decoded (UTF-8 with or without BOM,
    UTF-16, GB18030/GBK, detected) and, when it is HTML, read as a web page.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        from .documents import document_text

        text = document_text(bytes(text))
    return parse_text(text, strict=strict)


def parse_file(path: str | PathLike[str], *, strict: bool = False) -> Report:
    """Parse a report from a file, whatever it holds: text in any common
    encoding, an HTML page, a Word ``.docx`` or a PDF. The reader is chosen by
    the file's content, not its name. Word and PDF need an optional extra
    (``pip install 'gixparse[docx]'``, ``'gixparse[pdf]'``); without it a
    :class:`GixparseError` names the extra to install. Positions in the report
    refer to the text the document was read into
    (``gixparse.documents.document_text``).
    """
    with open(path, "rb") as fh:
        data = fh.read()
    return parse(data, strict=strict)
