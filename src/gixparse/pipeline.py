"""The pipeline, stage by stage: normalise → sections → read → place → check.

:func:`parse` is the only entry: each stage is a module of its own, named after
what it does (text, sections, readers, placement, checks, export).
"""

from __future__ import annotations

from . import limits
from .checks import check_report
from .codes import CODES, finding
from .documents.sniff import is_html
from .errors import GixparseError, LimitError, ReportError
from .model import Finding, Report, Severity, Span
from .placement import detect_template, place_applications, place_items, place_review
from .readers import read_region
from .sections import find_sections
from .text import Source, normalise

__all__ = ["parse_text"]

_TABLE_SECTIONS = ("active_disclosure", "applications", "review_litigation")
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def parse_text(text: str, *, strict: bool = False) -> Report:
    if not isinstance(text, str):
        raise TypeError(f"parse_text() takes str, not {type(text).__name__}")
    try:
        if is_html(text):  # a page a scraper holds as a str (requests' r.text)
            from .documents.html import to_text

            text = to_text(text)
        report = _parse(normalise(text), strict)
    except GixparseError:
        raise
    except Exception as exc:  # never a traceback from deep inside on a str
        limit = limits.cause(exc)
        if isinstance(limit, LimitError):  # a limit a library wrapped (Lark's VisitError): the limit is the reason
            raise limit from None
        if strict:
            raise GixparseError(f"internal error while parsing: {exc!r}") from exc
        report = Report(None, None, None, None, findings=tuple(  # nothing was read: say so of every table
            finding("internal-error", f"gixparse failed on this input: {exc!r}", path)
            for path in ("active", "applications", "review")))
    if strict:
        first = next((f for f in report.findings if f.severity == Severity.ERROR and _is_reading(f.code)), None)
        if first is not None:
            raise ReportError(f"{first.code}: {first.message}", line=first.line, column=first.column, code=first.code)
    return report


def _is_reading(code: str) -> bool:
    entry = CODES.get(code)
    return entry is None or entry.stage == "read"


def _parse(src: Source, strict: bool = False) -> Report:
    layout = find_sections(src)
    findings: list[Finding] = list(layout.findings)
    grids = {}
    for sid, table in zip(_TABLE_SECTIONS, ("active", "applications", "review")):
        if sid in layout.bodies:
            limits.checkpoint(f"reading the table {table}")
            start, end = layout.bodies[sid]
            try:
                grids[sid] = read_region(src.folded, start, end, layout.body_lines[sid])
            except LimitError:  # the input costs more than it may: not a layout's problem, refuse it
                raise
            except GixparseError as exc:  # a layout's grammar refused the text: say so, read on
                if strict:
                    raise
                findings.append(finding("layout-unreadable", exc.message, table, Span(exc.line, exc.column)))
                grids[sid] = []
    limits.checkpoint("placing the tables")
    all_grids = [g for gs in grids.values() for g in gs]
    template = detect_template(all_grids, layout.year)
    tables, found = place_items(grids.get("active_disclosure", []), src.text, template)
    findings += found
    apps, found = place_applications(grids.get("applications", []), src.text, template)
    findings += found
    if apps is not None:
        tables["applications"] = apps
    review, found = place_review(grids.get("review_litigation", []), src.text)
    findings += found
    if review is not None:
        tables["review"] = review
    report = Report(
        title=layout.title,
        agency=layout.agency,
        year=layout.year,
        template=template,
        sections=layout.sections,
        tables=tables,
    )
    limits.checkpoint("checking the report")
    findings += check_report(report)
    findings.sort(key=lambda f: (f.line if f.line is not None else 1 << 30, _ORDER[f.severity]))
    # attrs.evolve(report, findings=…) without its look at the class's fields
    return Report(title=report.title, agency=report.agency, year=report.year, template=report.template,
                  sections=report.sections, tables=report.tables, findings=tuple(findings))
