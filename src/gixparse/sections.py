"""Stage 2: find the six sections, and the report's title, agency and year.

A heading is a short line that starts with a numbering (``二、``, ``2、``, ``2.``,
``（二）``, ``第二部分``) and holds a section's words (forms.SECTIONS). Sub-headings
inside 一、总体情况 often reuse later sections' words ("（二）主动公开政府信息情况"),
so candidates are ranked: a top-level numbering that agrees with the section's place
beats any other top-level numbering, which beats a bracketed one. Sections are taken
in the form's order, each after the one before.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from . import forms
from .model import Finding, Section, Severity, Span
from .text import Source, strip_artifacts

__all__ = ["Layout", "find_sections"]

_CN = "一二三四五六七八九十"
_HEADING = re.compile(
    r"^[ \t]*(?:"
    r"(?P<top>[一二三四五六七八九十]|[1-9])\s*[、.．,，:：]"
    r"|第(?P<part>[一二三四五六七八九十])部分[、.．,，:：]?"
    r"|[（(](?P<sub>[一二三四五六七八九十1-9])[)）][、.．]?"
    r")[ \t]*(?P<rest>\S[^\n]{0,48})$",
    re.M,
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_TITLE_WORDS = ("年度报告", "年报", "工作报告")
_AGENCY_END = re.compile(r"\s*(?:(?:19|20)\d\d\s*年|关于|政府信息公开|政务公开|信息公开|年度)")
_ATTACHMENT = re.compile(r"^(?:附件\s*\d*[:：]?\s*)")


class Layout(NamedTuple):
    """Where things are: sections (with body offsets) and the title block."""

    sections: dict[str, Section]
    bodies: dict[str, tuple[int, int]]  # section id -> (start, end) offsets of its body
    title: str | None
    agency: str | None
    year: int | None
    findings: list[Finding]


class _Candidate(NamedTuple):
    score: int
    start: int  # offset of the heading line
    end: int  # offset just after the heading line
    heading: str


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _CN.index(token) + 1


def _candidates(folded: str) -> dict[str, list[_Candidate]]:
    found: dict[str, list[_Candidate]] = {sid: [] for sid, _ in forms.SECTIONS}
    for m in _HEADING.finditer(folded):
        rest = m.group("rest")
        if rest.rstrip().endswith(("。", "；", ";")) and len(rest) > 20:
            continue
        top = m.group("top") or m.group("part")
        for place, (sid, words) in enumerate(forms.SECTIONS, start=1):
            if any(w in rest for w in words):
                if top:
                    score = 3 if _number(top) == place else 2
                else:
                    score = 1
                found[sid].append(_Candidate(score, m.start(), m.end(), m.group(0).strip()))
                break
    return found


def find_sections(src: Source) -> Layout:
    folded = src.folded
    candidates = _candidates(folded)
    chosen: list[tuple[str, _Candidate]] = []
    after = -1
    for sid, _ in forms.SECTIONS:
        options = [c for c in candidates[sid] if c.start > after]
        if not options:
            continue
        best = max(options, key=lambda c: (c.score, -c.start))
        chosen.append((sid, best))
        after = best.start

    findings: list[Finding] = []
    sections: dict[str, Section] = {}
    bodies: dict[str, tuple[int, int]] = {}
    for i, (sid, cand) in enumerate(chosen):
        body_start = min(cand.end + 1, len(folded))
        body_end = chosen[i + 1][1].start if i + 1 < len(chosen) else len(folded)
        bodies[sid] = (body_start, body_end)
        line, column = src.position(cand.start)
        sections[sid] = Section(
            id=sid,
            heading=cand.heading,
            text=strip_artifacts(src.text[body_start:body_end]).strip(),
            span=Span(line, column),
        )
    for sid, _ in forms.SECTIONS:
        if sid not in sections:
            findings.append(
                Finding(
                    code="missing-section",
                    severity=Severity.WARNING,
                    message=f"no heading found for section {sid}",
                    path=f"sections/{sid}",
                )
            )

    head_end = chosen[0][1].start if chosen else min(len(folded), 2000)
    title, agency, year = _title_block(src, head_end)
    if year is None:
        year = _year_from_text(folded)
    if agency is None:
        findings.append(Finding("agency-unknown", Severity.WARNING, "no agency found in the title", "meta/agency"))
    if year is None:
        findings.append(Finding("year-unknown", Severity.WARNING, "no report year found", "meta/year"))
    return Layout(sections, bodies, title, agency, year, findings)


def _title_block(src: Source, end: int) -> tuple[str | None, str | None, int | None]:
    """The title is the first line before section 一 that names a report; a title
    broken over two lines ("北京市卫生健康委员会2020年" / "政府信息公开工作年度报告")
    is joined with the short line before it."""
    lines = [ln.strip() for ln in src.folded[:end].split("\n")]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines):
        if any(w in line for w in _TITLE_WORDS) and len(line) <= 80:
            title = _ATTACHMENT.sub("", line)
            if i > 0 and title.startswith(_FORM_WORDS):
                prev = _ATTACHMENT.sub("", lines[i - 1])
                if prev and len(prev) <= 40 and not prev.endswith(("。", "；", "：", ":")):
                    title = prev + title
            return title, _agency(title), _year(title)
    return None, None, None


_FORM_WORDS = ("政府信息公开", "政务公开", "信息公开", "年度报告")


def _agency(title: str) -> str | None:
    m = _AGENCY_END.search(title)
    agency = title[: m.start()] if m else ""
    agency = re.sub(r"\s+", "", agency).strip("《》“”\"")
    return agency or None


def _year(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def _year_from_text(folded: str) -> int | None:
    years = Counter(int(y) for y in _YEAR.findall(folded[:5000]))
    return years.most_common(1)[0][0] if years else None
