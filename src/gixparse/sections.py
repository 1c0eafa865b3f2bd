"""Stage 2: find the six sections, and the report's title, agency and year.

A heading is a line that starts with a numbering (``二、``, ``2、``, ``2.``, ``（二）``,
``第二部分``, after any Markdown marks) and holds a section's words (forms.SECTIONS),
or, in text whose lines were run together, a top-level numbering followed at once by
the section's official heading (forms.SECTION_PHRASES) anywhere in a line
("…建设。二、主动公开政府信息情况 第二十条…").

Sub-headings inside 一、总体情况 often reuse later sections' words ("（二）主动公开政府
信息情况"), and some reports number their own narrative parts like sections, so
candidates are scored: a top-level numbering 2, a bracketed one 1; +1 when the number
agrees with the section's place; +2 when the official heading is there. Sections are
taken in the form's order, each the best candidate after the one before.

A section's body starts after its heading (after the official heading phrase when the
body runs on in the same line). A section found only by a bracketed sub-heading (its
own heading lost, as in text converted from PDF) starts at that sub-heading, which
stays in its text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from . import forms
from .codes import finding
from .model import Finding, Section, Span
from .text import Source, strip_artifacts

__all__ = ["Layout", "find_sections"]

_CN = "一二三四五六七八九十"
_MARKS = r"[ \t#*>|]*"
_HEADING = re.compile(
    rf"^{_MARKS}(?:"
    r"(?P<top>[一二三四五六七八九十]|[1-9])\s*[、.．,，:：](?!\d)"
    r"|第(?P<part>[一二三四五六七八九十])部分[、.．,，:：]?"
    r"|[（(](?P<sub>[一二三四五六七八九十1-9])[)）][、.．]?"
    r")[ \t]*(?P<rest>\S[^\n]{0,48})$",
    re.M,
)
_PHRASES = {sid: re.compile(p) for sid, p in forms.SECTION_PHRASES.items()}
_INLINE = re.compile(
    r"(?P<top>[一二三四五六七八九十])\s*[、.．]\s*(?P<phrase>[^\s。，；、\d]{0,10}?(?:"
    + "|".join(f"(?P<{sid}>{p})" for sid, p in forms.SECTION_PHRASES.items())
    + "))"
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_TITLE_WORDS = ("年度报告", "年报", "工作报告")
_FORM_WORDS = re.compile(r"政府信息公开|政务公开|信息公开|年度报告|工作报告")
_LEADING_YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*年度?")
_META_PREFIX = re.compile(r"^(?:附件\s*\d*|标题|题目|名称)\s*[:：]?\s*")


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
    start: int  # offset where the heading starts
    body: int  # offset where the section's text starts
    heading: str


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _CN.index(token) + 1


def _candidates(folded: str) -> dict[str, list[_Candidate]]:
    found: dict[str, dict[int, _Candidate]] = {sid: {} for sid, _ in forms.SECTIONS}

    def add(sid: str, cand: _Candidate) -> None:
        old = found[sid].get(cand.start)
        if old is None or cand.score > old.score:
            found[sid][cand.start] = cand

    for m in _HEADING.finditer(folded):
        rest = m.group("rest")
        if rest.rstrip().endswith(("。", "；", ";")) and len(rest) > 20:
            continue
        top = m.group("top") or m.group("part")
        for place, (sid, words) in enumerate(forms.SECTIONS, start=1):
            if not any(w in rest for w in words):
                continue
            score = (2 + (_number(top) == place)) if top else 1
            phrase = _PHRASES[sid].search(rest)
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t#*>|"))
            if top is None and phrase is None:
                body = start  # a sub-heading: the section starts here, heading kept in its text
            elif phrase is not None and rest[phrase.end() :].strip(" \t*#|:：") and top is not None:
                body = m.start("rest") + phrase.end()  # the body runs on after the heading
            else:
                body = m.end()
            if phrase is not None:
                score += 2
            add(sid, _Candidate(score, start, body, m.group(0).strip(" \t#*>|")))
            break
    for m in _INLINE.finditer(folded):
        sid = next(s for s in _PHRASES if m.group(s) is not None)
        place = [s for s, _ in forms.SECTIONS].index(sid) + 1
        score = 2 + (_number(m.group("top")) == place) + 2
        add(sid, _Candidate(score, m.start(), m.end(), m.group(0)))
    return {sid: sorted(c.values(), key=lambda c: c.start) for sid, c in found.items()}


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
        body_start = cand.body
        while body_start < len(folded) and folded[body_start] in " \n":  # a tab opens a table's cell
            body_start += 1
        body_end = chosen[i + 1][1].start if i + 1 < len(chosen) else len(folded)
        body_end = max(body_end, body_start)
        bodies[sid] = (body_start, body_end)
        line, column = src.position(cand.start)
        sections[sid] = Section(
            id=sid,
            heading=cand.heading if cand.body > cand.start else "",
            text=strip_artifacts(src.text[body_start:body_end]).strip(),
            span=Span(line, column),
        )
    for sid, _ in forms.SECTIONS:
        if sid not in sections:
            findings.append(finding("missing-section", f"no heading found for section {sid}", f"sections/{sid}"))
    for sid, cand in chosen:
        again = [c for c in candidates[sid] if c.start != cand.start and c.score >= 4 and c.score >= cand.score]
        for dup in again:
            findings.append(finding("duplicate-section", f"the heading of section {sid} appears again: "
                                    f"{dup.heading!r}; the first is used", f"sections/{sid}",
                                    Span(*src.position(dup.start))))

    head_end = chosen[0][1].start if chosen else min(len(folded), 3000)
    title, agency, year = _title_block(src.folded, head_end)
    if year is None:
        year = _year_from_text(folded)
    if agency is None:
        findings.append(finding("agency-unknown", "no agency found in the title", "meta/agency"))
    if year is None:
        findings.append(finding("year-unknown", "no report year found", "meta/year"))
    return Layout(sections, bodies, title, agency, year, findings)


def _title_block(folded: str, end: int) -> tuple[str | None, str | None, int | None]:
    """The title is the first line before section 一 that names a report. A title
    broken over lines is joined with the short line before it when that line holds
    what the title lacks ("北京市卫生健康委员会2020年" / "政府信息公开工作年度报告";
    "淮安市人民政府" / "2024 年政府信息公开工作年度报告")."""
    lines = [ln.strip(" \t#*") for ln in folded[:end].split("\n")]
    lines = [_META_PREFIX.sub("", ln) for ln in lines if ln.strip()]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines):
        if not any(w in line for w in _TITLE_WORDS) or len(line) > 80:
            continue
        title = line
        if i > 0 and _agency(title) is None:
            prev = lines[i - 1]
            if len(prev) <= 40 and not prev.endswith(("。", "；", "：", ":", "，")):
                title = prev + title
        return title, _agency(title), _year(title)
    return None, None, None


def _agency(title: str) -> str | None:
    """The agency's name in a title: the words before the year or the form's words;
    when the title starts with the year, the words between it and the form's words."""
    squeezed = re.sub(r"\s+", "", title)
    head = _LEADING_YEAR.sub("", squeezed)
    cut = re.search(r"(?:19|20)\d\d年|关于|" + _FORM_WORDS.pattern, head)
    agency = head[: cut.start()] if cut else ""
    agency = agency.strip("《》“”\"-—:：")
    return agency or None


def _year(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def _year_from_text(folded: str) -> int | None:
    years = Counter(int(y) for y in _YEAR.findall(folded[:5000]))
    return years.most_common(1)[0][0] if years else None
