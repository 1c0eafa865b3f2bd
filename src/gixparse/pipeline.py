"""The pipeline, stage by stage: normalise → sections → read → place → check.

:func:`parse` is the only entry: each stage is a module of its own, named after
what it does (text, sections, readers, placement, checks, export).
"""

from __future__ import annotations

from . import forms
import attrs

from .checks import check_report
from .codes import CODES
from .errors import GixparseError, ReportError
from .model import Finding, Report, Severity
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
        report = _parse(normalise(text))
    except GixparseError:
        raise
    except Exception as exc:  # never a traceback from deep inside on a str
        if strict:
            raise GixparseError(f"internal error while parsing: {exc!r}") from exc
        report = Report(None, None, None, None, findings=(
            Finding("internal-error", Severity.ERROR, f"gixparse failed on this input: {exc!r}", "report"),))
    if strict:
        first = next((f for f in report.findings if f.severity == Severity.ERROR and _is_reading(f.code)), None)
        if first is not None:
            raise ReportError(f"{first.code}: {first.message}", line=first.line, column=first.column, code=first.code)
    return report


def _is_reading(code: str) -> bool:
    entry = CODES.get(code)
    return entry is None or entry.stage == "read"


def _parse(src: Source) -> Report:
    layout = find_sections(src)
    findings: list[Finding] = list(layout.findings)
    grids = {}
    for sid in _TABLE_SECTIONS:
        if sid in layout.bodies:
            start, end = layout.bodies[sid]
            grids[sid] = read_region(src.folded, start, end, src.position(start)[0])
    all_grids = [g for gs in grids.values() for g in gs]
    template = detect_template(all_grids, layout.year)
    tables = {}
    if "active_disclosure" in grids:
        items, found = place_items(grids["active_disclosure"], src.text, template)
        tables.update(items)
        findings += found
        for spec in forms.ITEMS:
            if template in spec.columns and spec.id not in items:
                findings.append(Finding("missing-table", Severity.WARNING,
                                        f"no rows of the 第二十条第（{spec.number}）项 table found", spec.id))
    else:
        findings.append(Finding("missing-table", Severity.ERROR, "section 二 and its 第二十条 tables not found",
                                "active"))
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
    findings += check_report(report)
    findings.sort(key=lambda f: (f.line if f.line is not None else 1 << 30, _ORDER[f.severity]))
    return attrs.evolve(report, findings=tuple(findings))
