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

A heading printed with a typo or an inserted character ("四、政府信息公开行政复义、行政
诉讼情况", "行政法复议") is still a heading when a top-level numbering that stands apart
from the words before it (not "…第四、") is followed by words within a small edit distance
(rapidfuzz's Levenshtein) of the section's official heading, and its number agrees with
the section's place or follows the section chosen before it. Such a heading is taken
only where no exact one is (it scores one less) and an info finding names it. A numbering
that lost its mark ("一总体情况") counts only with the official words exactly, in place.

A section's body starts after its heading (after the official heading phrase when the
body runs on in the same line). A section found only by a bracketed sub-heading (its
own heading lost, as in text converted from PDF) starts at that sub-heading, which
stays in its text.

A table section whose heading cannot be found at all is looked for by its table's own
header words (table 四: 结果维持 … 结果纠正 … 未经复议直接起诉 … 复议后起诉) between the
sections found around it; found there, it starts at the table, with a warning that says so.
The same holds when the only line taken for its heading holds the section's words but
not its official heading and comes after the table (a row of table 三 numbered 一、).
When the heading after a table section (四) is not the form's ("五、当前存在的突出问题"),
the table section ends at the next number in sequence, so prose never joins a table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice
from operator import attrgetter
from typing import NamedTuple, cast

from rapidfuzz.distance import Levenshtein

from . import forms
from .codes import finding
from .model import Finding, Section, Span
from .text import Source, strip_artifacts

__all__ = ["Layout", "find_sections"]

_CN = "一二三四五六七八九十"
_MARKS = r"[ \t#*>|]*"
_HEADING_BODY = (
    rf"(?P<head>{_MARKS}(?:"
    r"(?P<top>[一二三四五六七八九十]|[1-9])\s*[、.．,，:：](?!\d)"
    r"|第(?P<part>[一二三四五六七八九十])部分[、.．,，:：]?"
    r"|[（(](?P<sub>[一二三四五六七八九十1-9])[)）][、.．]?"
    r")[ \t]*(?P<rest>\S[^\n]{0,48}))$"
)
# A heading line (group ``head``): the first line, then each line after a line break. The
# line break leads the pattern so that re skips to the next one at once (as a literal), where
# ``^`` under re.M would try every position of the text; a lookahead for the characters a
# heading's line can start with (those _HEADING_BODY starts with) turns most lines away
# before the groups are entered.
_HEADING_FIRST = re.compile(_HEADING_BODY, re.M)
_HEADING_AFTER_BREAK = re.compile("\n(?=[ \t#*>|一二三四五六七八九十1-9第（(])" + _HEADING_BODY, re.M)


def _headings(folded: str) -> Iterator[re.Match[str]]:
    """The matches ``re.finditer(^BODY, folded, re.M)`` finds, each with its line in ``head``."""
    first = _HEADING_FIRST.match(folded)
    if first is not None:
        yield first
    yield from _HEADING_AFTER_BREAK.finditer(folded, first.end() if first is not None else 0)
_PHRASES = {sid: re.compile(p) for sid, p in forms.SECTION_PHRASES.items()}
# the group of the section whose phrase matched is the last group a match closes (lastgroup):
# an empty group after each phrase (a phrase inside its group would hide its first
# character from re, which skips an alternative whose first literal is not there at once)
_INLINE = re.compile(
    r"(?P<top>[一二三四五六七八九十])\s*[、.．]\s*(?:[^\s。，；、\d]{0,16}?(?:"
    + "|".join(f"{p}(?P<{sid}>)" for sid, p in forms.SECTION_PHRASES.items())
    + "))"
)
# Where _INLINE can match: at a numeral before a separator (spaces between). re scans for a
# set of first characters (the numerals) at ~6 ns a CJK character, for one character several
# times faster: the separators are found instead (those right after a numeral or a space),
# and the numeral before each.
_SEPARATORS = tuple((sep, re.compile(rf"{re.escape(sep)}(?:(?<=[{_CN}]{re.escape(sep)})|(?<=\s{re.escape(sep)}))"))
                    for sep in "、.．")


def _inline(folded: str) -> Iterator[re.Match[str]]:
    """The matches ``_INLINE.finditer(folded)`` finds, _INLINE tried only where a numeral,
    spaces and a separator start."""
    starts: list[int] = []
    for sep, pattern in _SEPARATORS:
        if sep not in folded:
            continue
        for found in pattern.finditer(folded):
            at = found.start() - 1
            while at >= 0 and folded[at].isspace():
                at -= 1
            if at >= 0 and folded[at] in _CN:
                starts.append(at)
    starts.sort()
    end = 0
    match = _INLINE.match
    for at in starts:
        if at < end:
            continue
        m = match(folded, at)
        if m is not None:
            yield m
            end = m.end()


# The official heading of each section as the form prints it, for tolerant matching
# (after the optional leading 政府信息公开(工作), which headings add or drop freely).
_OFFICIAL: dict[str, str] = {
    "overview": "总体情况",
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other_matters": "其他需要报告的事项",
}
_HEADING_PREFIX = re.compile(r"(?:政府信息公开|政务公开)(?:工作)?")
# A top-level numbering that stands apart from the words before it: at a line start, or
# after punctuation, a digit or a space; never inside prose ("第四、", "之一、").
_TOP_NUMBER = re.compile(r"(?P<top>[一二三四五六七八九十])(?<![\u4e00-\u9fff].)[ \t]*[、.．][ \t]*")
# Numberings looked at for an inexact heading: a report has a few dozen; text with
# thousands is no report's, and looking at each would cost seconds.
_MAX_PROBES = 400
_HAN = re.compile(r"\s*[\u4e00-\u9fff]")  # a heading's words start with a character
_BARE_NUMBER = re.compile(r"(?P<top>[一二三四五六七八九十])(?<![\u4e00-\u9fff].)(?=[\u4e00-\u9fff])")


def _allowed_edits(official: str) -> int:
    """Edits a heading may differ by: one, and one more per twelve characters."""
    return 1 + len(official) // 12


_PLACES = {sid: place for place, (sid, _) in enumerate(forms.SECTIONS, start=1)}
# each section's words as one pattern (a search for any of them)
_SECTION_WORDS = tuple((place, sid, re.compile("|".join(map(re.escape, words))))
                       for place, (sid, words) in enumerate(forms.SECTIONS, start=1))
# any section's words: a heading line holds one of these or is no section's heading
_ANY_WORD = re.compile("|".join(re.escape(w) for _, words in forms.SECTIONS for w in words))
# each word's (place, section); and for each place the words of the sections before it
_WORD_SECTION = {w: (place, sid) for place, (sid, words) in enumerate(forms.SECTIONS, start=1) for w in words}
_EARLIER_WORDS = {place: re.compile("|".join(re.escape(w) for _, words in forms.SECTIONS[: place - 1] for w in words))
                  for place in range(2, len(forms.SECTIONS) + 1)}
# each official heading with its distinct characters and the edits it may differ by
_FUZZY = tuple((sid, official, frozenset(official), _allowed_edits(official)) for sid, official in _OFFICIAL.items())
_WIDEST = max(len(official) + allowed for _, official, _, allowed in _FUZZY)
_LONGEST = max(len(h) for h in _OFFICIAL.values()) + 12  # room for the prefix and inserted characters
_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _x(word: str) -> str:
    """A pattern for ``word`` that lets whitespace stand between its characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(_x(w) for w in alternatives) + ")"


# Table sections whose tables number none of their rows 一、二、 (table 三 does: 一、本年新收 …
# 四、结转下年度继续办理), so a top-level number in sequence after them starts the next section.
_UNNUMBERED_TABLES = ("active_disclosure", "review_litigation")

_GAP = r"[\s\S]{0,600}?"  # room for a box-drawn or space-aligned table's furniture between header words
# The header words of each table of the form, in the order every layout prints them:
# where a section's heading is lost, its table is found by these.
_TABLE_HEADERS: dict[str, re.Pattern[str]] = {
    "active_disclosure": re.compile(
        r"第\s*二\s*十\s*条\s*第\s*[（(]\s*一\s*[)）]\s*项" + _GAP + _words("信息内容") + _GAP
        + _words("本年制发件数", "本年新制作数量")),
    "applications": re.compile(
        r"(?:[（(]\s*本列数据[^）)\n]{0,60}[)）][ \t|│┃║]*)?" + _words("申请人情况") + _GAP + _words("自然人") + _GAP
        + _words("法人或其他组织")),
    "review_litigation": re.compile(
        r"(?:" + _words("行政复议") + r"[\s|]*(?:" + _words("行政诉讼") + r"[\s|]*)?)?" + _words("结果维持") + _GAP
        + _words("结果纠正") + r"[\s\S]{0,400}?" + _words("未经复议直接起诉") + r"[\s\S]{0,400}?"
        + _words("复议后起诉")),
}
_FURNITURE = re.compile(r"[ \t│┃║|]*")  # what may stand before a table's first word on its line
_BORDER = re.compile(r"[ \t─━═┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╭╮╰╯+|:=-]+")  # a drawn table's border line
_TABLE_WORDS = {
    "active_disclosure": "第二十条第（一）项 … 本年制发件数",
    "applications": "申请人情况 … 自然人 … 法人或其他组织",
    "review_litigation": "结果维持 … 结果纠正 … 未经复议直接起诉 … 复议后起诉",
}

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_TITLE_WORDS = ("年度报告", "年报", "工作报告")
_FORM_WORDS = re.compile(r"政府信息公开|政务公开|信息公开|年度报告|工作报告")
# The form's own title words: what stands before 年度报告 on a wrapped title's second
# line is a piece of these, never an agency.
_FORM_TITLES = ("政府信息公开工作年度报告", "政务公开工作年度报告", "信息公开工作年度报告")
_AGENCY_END = re.compile(r"(?:19|20)\d\d年|关于|" + _FORM_WORDS.pattern)
_LEADING_YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*年度?")
_META_PREFIX = re.compile(r"^(?:附件\s*\d*|标题|题目|名称)\s*[:：]?\s*")
_META_FIRST = frozenset("附标题名")  # the characters a match of _META_PREFIX starts with


class Layout(NamedTuple):
    """Where things are: sections (with body offsets) and the title block."""

    sections: dict[str, Section]
    bodies: dict[str, tuple[int, int]]  # section id -> (start, end) offsets of its body
    title: str | None
    agency: str | None
    year: int | None
    findings: list[Finding]
    body_lines: dict[str, int]  # section id -> the 1-based line its body starts on (src.position(start)[0])


class _Candidate(NamedTuple):
    score: int
    start: int  # offset where the heading starts
    body: int  # offset where the section's text starts
    heading: str
    number: int | None = None  # the heading's top-level number
    inexact: bool = False  # found only by its words' likeness to the official heading


_START = attrgetter("start")
_ORDER = tuple(sid for sid, _ in forms.SECTIONS)  # the sections' ids in the form's order


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _CN.index(token) + 1


_NUMBERS = {token: _number(token) for token in _CN + "123456789"}  # _number of each numbering's token


def _candidates(folded: str, tolerant: bool) -> dict[str, list[_Candidate]]:
    """Each section's candidate headings, in the order of the text; with ``tolerant``,
    also the headings that differ from the form's by a few edits."""
    found: dict[str, dict[int, _Candidate]] = {sid: {} for sid, _ in forms.SECTIONS}

    def add(sid: str, cand: _Candidate) -> None:
        old = found[sid].get(cand.start)
        if old is None or cand.score > old.score:
            found[sid][cand.start] = cand

    for m in _headings(folded):
        rest = m.group("rest")
        word = _ANY_WORD.search(rest)
        if word is None:
            continue  # no section's words: most numbered lines of a report (one search, not one per word)
        if len(rest) > 20 and rest.rstrip().endswith(("。", "；", ";")):
            continue
        # the first section in the form's order whose words the line holds: the section of the
        # first word found (the words are in the form's order: at its start no word of a section
        # before it), unless a word of a section before it starts after
        place, sid = _WORD_SECTION[word.group()]
        if place > 1 and _EARLIER_WORDS[place].search(rest, word.start() + 1) is not None:
            place, sid = next((p, s) for p, s, words in _SECTION_WORDS if words.search(rest) is not None)
        line, top, part = m.group("head", "top", "part")
        top = top or part
        score = (2 + (_NUMBERS[top] == place)) if top else 1
        phrase = _PHRASES[sid].search(rest)
        start = m.start("head") + len(line) - len(line.lstrip(" \t#*>|"))
        if top is None and phrase is None:
            body = start  # a sub-heading: the section starts here, heading kept in its text
        elif phrase is not None and rest[phrase.end() :].strip(" \t*#|:：") and top is not None:
            body = m.start("rest") + phrase.end()  # the body runs on after the heading
        else:
            body = m.end()
        if phrase is not None:
            score += 2
        by_start = found[sid]
        old = by_start.get(start)
        if old is None or score > old.score:
            by_start[start] = _Candidate(score, start, body, line.strip(" \t#*>|"))
    for m in _inline(folded):
        phrase_of = cast(str, m.lastgroup)  # always a section's group: the pattern ends with them
        heading, token = m.group(0, "top")
        number = _NUMBERS[token]
        score = 2 + (number == _PLACES[phrase_of]) + 2
        old = found[phrase_of].get(m.start())
        if old is None or score > old.score:  # most are the heading lines found above, kept
            add(phrase_of, _Candidate(score, m.start(), m.end(), heading, number))
    if tolerant:
        _add_inexact(folded, found, add)
    return {sid: sorted(c.values(), key=_START) for sid, c in found.items()}


def _add_inexact(folded: str, found: dict[str, dict[int, _Candidate]], add: Callable[[str, _Candidate], None]) -> None:
    exact = {c.start for by_start in found.values() for c in by_start.values() if c.score >= 5}
    probes = (m for m in _TOP_NUMBER.finditer(folded)  # not an official heading; words after the number
              if m.start() not in exact and _HAN.match(folded, m.end()))
    for m in islice(probes, _MAX_PROBES):
        near = _near_heading(folded, m.end())
        if near is None:
            continue
        sid, end, edits = near
        number = _number(m.group("top"))
        place = _PLACES[sid]
        # one less than an exact heading of the same standing: an exact one always wins
        add(sid, _Candidate(2 + (number == place) + 1, m.start(), end, folded[m.start():end].strip(),
                            number, inexact=edits > 0))
    for m in islice(_BARE_NUMBER.finditer(folded), _MAX_PROBES):  # 一总体情况: the numbering's 、 lost
        near = _near_heading(folded, m.end())
        if near is None or near[2] > 0 or _number(m.group("top")) != _PLACES[near[0]]:
            continue
        sid, end, _ = near
        add(sid, _Candidate(3, m.start(), end, folded[m.start():end].strip(), _PLACES[sid], inexact=True))


def _near_heading(folded: str, at: int) -> tuple[str, int, int] | None:
    """The section whose official heading the words at ``at`` are (spaces aside, within
    a few edits), with the offset where those words end and the number of edits."""
    raw = folded[at : at + 2 * _LONGEST]
    around = set(raw)  # holds every character the heading could take: a cheap first test
    if not any(len(chars & around) >= len(chars) - allowed for _, _, chars, allowed in _FUZZY):
        return None
    blank = _BLANK_LINE.search(raw)  # a blank line ends any heading
    if blank is not None:
        raw = raw[: blank.start()]
    squeezed = _SPACES.sub("", raw)[:_LONGEST]
    prefix = _HEADING_PREFIX.match(squeezed)
    skip = prefix.end() if prefix else 0
    best: tuple[int, int, int, str] | None = None  # (edits, |length difference|, -k, sid)
    present = set(squeezed[skip : skip + _WIDEST])
    for sid, official, chars, allowed in _FUZZY:
        # each edit takes at most one of the heading's distinct characters away
        if len(chars & present) < len(chars) - allowed:
            continue
        size = len(official)
        window = squeezed[skip : skip + size + allowed]
        for k in range(max(1, size - allowed), min(size + allowed, len(window)) + 1):
            edits = Levenshtein.distance(official, window[:k], score_cutoff=allowed)
            key = (edits, abs(k - size), -k, sid)
            if edits <= allowed and (best is None or key < best):
                best = key
    if best is None:
        return None
    edits, _, neg_k, sid = best
    kept = skip - neg_k  # characters of the squeezed text the heading takes
    for i, ch in enumerate(raw):
        if not ch.isspace():
            kept -= 1
            if kept == 0:
                return sid, at + i + 1, edits
    return None  # not reached: the squeezed characters come from raw


def _choose(candidates: dict[str, list[_Candidate]]) -> list[tuple[str, _Candidate]]:
    """Sections in the form's order, each the best candidate after the one before."""
    chosen: list[tuple[str, _Candidate]] = []
    after = -1
    last_number: int | None = None
    for place, (sid, _) in enumerate(forms.SECTIONS, start=1):
        # the best by (score, -start): candidates come in the order of the text, each start once,
        # so the first of the highest score
        best: _Candidate | None = None
        for c in candidates[sid]:
            if c.start > after and (best is None or c.score > best.score) and (
                    # an inexact heading must be numbered as the form numbers it, or follow the one before
                    not c.inexact or c.number == place or (last_number is not None and c.number == last_number + 1)):
                best = c
        if best is None:
            continue
        chosen.append((sid, best))
        after = best.start
        last_number = best.number
    return chosen


def find_sections(src: Source) -> Layout:
    folded = src.folded
    candidates = _candidates(folded, tolerant=False)
    chosen = _choose(candidates)
    if len(chosen) < len(forms.SECTIONS) or any(cand.score < 5 for _, cand in chosen):
        # a heading lost or not the form's: look again, tolerating typos (an inexact heading
        # scores at most 4, so it could not have displaced any heading chosen at 5)
        candidates = _candidates(folded, tolerant=True)
        chosen = _choose(candidates)
    findings: list[Finding] = []
    by_table = _found_by_table(folded, chosen)
    for sid, cand, weak in by_table:
        lost = "no heading found" if weak is None else f"the only heading found, {weak.heading!r}, comes after its table"
        findings.append(finding("section-found-by-table", f"{lost} for section {sid}; its table was found by the "
                                f"table's own header words ({_TABLE_WORDS[sid]}) and read from there",
                                f"sections/{sid}", Span(*src.position(cand.start))))
    replaced = {sid for sid, _, _ in by_table}
    chosen = sorted([sc for sc in chosen if sc[0] not in replaced] + [(sid, cand) for sid, cand, _ in by_table],
                    key=lambda sc: sc[1].start)
    for sid, cand in chosen:
        if cand.inexact:
            findings.append(finding("section-heading-inexact", f"the heading of section {sid} differs from the "
                                    f"form's {_OFFICIAL[sid]!r}: {cand.heading!r}; read as that section's heading",
                                    f"sections/{sid}", Span(*src.position(cand.start))))
    sections: dict[str, Section] = {}
    bodies: dict[str, tuple[int, int]] = {}
    body_lines: dict[str, int] = {}
    found_ids = {sid for sid, _ in chosen}
    line, at = 1, 0  # the line of offset at: the headings come in the order of the text, so the
    # line breaks before each are counted on from the one before (src.position counts from 0)
    for i, (sid, cand) in enumerate(chosen):
        body_start = cand.body
        while body_start < len(folded) and folded[body_start] in " \n":  # a tab opens a table's cell
            body_start += 1
        body_end = chosen[i + 1][1].start if i + 1 < len(chosen) else len(folded)
        body_end = max(_next_numbered(folded, sid, cand, body_start, body_end, found_ids), body_start)
        bodies[sid] = (body_start, body_end)
        start = cand.start
        line += folded.count("\n", at, start)
        at = start
        body_lines[sid] = (line + folded.count("\n", start, body_start) if body_start >= start  # after its heading
                           else src.position(body_start)[0])
        sections[sid] = Section(
            id=sid,
            heading=cand.heading if cand.body > start else "",
            text=strip_artifacts(src.text[body_start:body_end]).strip(),
            span=Span(line, start - folded.rfind("\n", 0, start)),
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
    return Layout(sections, bodies, title, agency, year, findings, body_lines)


def _next_numbered(folded: str, sid: str, cand: _Candidate, start: int, end: int, found: set[str]) -> int:
    """Where a table section ends when the heading of the section after it was not found:
    at the next top-level number in sequence ("四、…" then "五、当前存在的突出问题"), for
    the sections whose tables number none of their own rows that way."""
    if sid not in _UNNUMBERED_TABLES or cand.number is None:
        return end
    place = _ORDER.index(sid)
    if place + 1 >= len(_ORDER) or _ORDER[place + 1] in found:
        return end
    for m in _TOP_NUMBER.finditer(folded, start, end):
        if _number(m.group("top")) == cand.number + 1:
            return m.start()
    return end


def _found_by_table(
    folded: str, chosen: list[tuple[str, _Candidate]]
) -> list[tuple[str, _Candidate, _Candidate | None]]:
    """Table sections found by their table's header words between the sections before
    and after them in the form's order: those with no heading, and those whose heading
    is only a line holding the section's words (not its official heading) printed after
    the table ("一、本年新收政府信息公开申请数量", a row of table 三, taken for 三's heading).
    Each comes with the candidate it replaces, if any."""
    order = _ORDER
    starts = {sid: cand for sid, cand in chosen}
    found: list[tuple[str, _Candidate, _Candidate | None]] = []
    for sid, pattern in _TABLE_HEADERS.items():
        weak = starts.get(sid)
        if weak is not None and weak.score >= 4:
            continue  # an official heading, numbered in place
        place = order.index(sid)
        before = [starts[s] for s in order[:place] if s in starts]
        after = [starts[s] for s in order[place + 1 :] if s in starts]
        lo = before[-1].body if before else 0
        hi = weak.start if weak is not None else after[0].start if after else len(folded)
        m = pattern.search(folded, lo, hi)
        if m is None:
            continue
        start = _table_start(folded, m.start(), lo)
        cand = _Candidate(0, start, start, "")
        starts[sid] = cand
        found.append((sid, cand, weak))
    return found


def _table_start(folded: str, at: int, lo: int) -> int:
    """Where a table whose header words start at ``at`` starts: at its line's start when
    only a table's furniture stands before them there ("│ 第二十条…", "| 申请人情况"), and
    above the border lines drawn right over it; never before ``lo``."""
    line_start = folded.rfind("\n", 0, at) + 1
    if line_start < lo or not _FURNITURE.fullmatch(folded, line_start, at):
        return at
    start = line_start
    while start > lo:
        above = folded.rfind("\n", 0, start - 1) + 1
        if above < lo or not _BORDER.fullmatch(folded, above, start - 1):
            break
        start = above
    return start


def _title_block(folded: str, end: int) -> tuple[str | None, str | None, int | None]:
    """The title is the first line before section 一 that names a report. A title
    broken over lines is joined with the short line before it when that line holds
    what the title lacks ("北京市卫生健康委员会2020年" / "政府信息公开工作年度报告";
    "淮安市人民政府" / "2024 年政府信息公开工作年度报告"; a title wrapped inside the form's
    words, "2023 年示例市生态环境局政府信息公开" / "工作年度报告")."""
    lines = [ln.strip(" \t#*") for ln in folded[:end].split("\n")]
    # _META_PREFIX starts with one of 附标题名: tried only on the lines that do
    lines = [_META_PREFIX.sub("", ln) if ln[:1] in _META_FIRST else ln for ln in lines if ln.strip()]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines):
        if not ("年度报告" in line or "年报" in line or "工作报告" in line) or len(line) > 80:  # _TITLE_WORDS
            continue
        title = line
        agency = _agency(title)
        if i > 0 and agency is None:
            prev = lines[i - 1]
            if len(prev) <= 40 and not prev.endswith(("。", "；", "：", ":", "，")):
                title = prev + title
                agency = _agency(title)
        return title, agency, _year(title)
    return None, None, None


def _agency(title: str) -> str | None:
    """The agency's name in a title: the words before the year or the form's words;
    when the title starts with the year, the words between it and the form's words."""
    squeezed = _SPACES.sub("", title)
    head = _LEADING_YEAR.sub("", squeezed)
    cut = _AGENCY_END.search(head)
    agency = head[: cut.start()] if cut else ""
    agency = agency.strip("《》“”\"-—:：")
    if any(agency in words for words in _FORM_TITLES):
        return None  # a piece of the form's own title ("工作" of a title wrapped as …公开 / 工作年度报告)
    return agency or None


def _year(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def _year_from_text(folded: str) -> int | None:
    years = Counter(int(y) for y in _YEAR.findall(folded[:5000]))
    return years.most_common(1)[0][0] if years else None
