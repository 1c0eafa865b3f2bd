"""Audit pages: a report, or a whole batch, as one self-contained HTML file.

    >>> from gixparse.view import to_html, index_html, summarize
    >>> html = to_html(report, source_text=text)     # one page: the form, coloured cells, findings, source
    >>> index_html([summarize(r, p, href=...) for ...], "out/")   # out/index.html

A report page lays each table out as the official form (labels from
:mod:`gixparse.forms`); every cell shows its value and kind and, in a tooltip,
its raw text and line, and links to that line of the source printed beside the
tables. Cells take the colour of the findings that cover them: the class of a
finding comes from its code and severity (:mod:`gixparse.view._classes`, data).
An index page lists many reports, sortable and filterable in the browser (a few
lines of inline script), with charts drawn by matplotlib as static SVG.

Pages load nothing: styles, script and charts are inline. Report text is
untrusted, so the Jinja2 templates escape everything they print (autoescaping
on); charts are shown as ``<img>`` SVG, which runs no script.

Needs the optional extra ``pip install 'gixparse[view]'`` (Jinja2, matplotlib);
without it a :class:`~gixparse.GixparseError` names the extra.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import GixparseError
from ..model import Report
from ._index import FIELDS, summarize

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["FIELDS", "index_html", "summarize", "to_html"]


def _require(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise GixparseError(f"writing audit pages needs the optional dependency {module!r}: "
                            "pip install 'gixparse[view]'") from exc


_ENV: Environment | None = None


def _env() -> Environment:
    global _ENV
    if _ENV is None:
        _require("jinja2")
        import jinja2

        _ENV = jinja2.Environment(
            loader=jinja2.PackageLoader("gixparse.view", "templates"),
            autoescape=True,  # every report string is untrusted: escape it, in every template
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV


def _version() -> str:
    from .. import __version__

    return __version__


def to_html(report: Report, source_text: str | bytes | None = None) -> str:
    """One self-contained HTML page auditing ``report``.

    ``source_text`` is what was parsed (a ``str``, or the bytes of a file as
    :func:`gixparse.parse_file` read them): when given, it is printed with line
    numbers and every cell links to the line it was read from. HTML, Word and PDF
    sources are shown as the text gixparse read them into, since positions refer
    to that text (:func:`gixparse.documents.document_text`).
    """
    from ._page import page_context

    template = _env().get_template("report.html.j2")
    return template.render(version=_version(), **page_context(report, source_text))


def index_html(summaries: Iterable[Any], out_dir: str | PathLike[str], *, title: str = "政府信息公开年度报告审阅",
               filename: str = "index.html") -> Path:
    """Write ``out_dir/index.html`` for many reports and return its path.

    ``summaries``: one record per report, a ``dict`` or an object with the
    attributes of :data:`FIELDS` (see :mod:`gixparse.view._index`; only ``path``
    is required). ``href`` links a row to its report page, relative to
    ``out_dir``. :func:`summarize` makes a record from a parsed report.
    """
    _require("matplotlib")
    from ._index import index_context

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html = _env().get_template("index.html.j2").render(version=_version(), **index_context(summaries, title))
    path = out / filename
    path.write_text(html, encoding="utf-8")
    return path
