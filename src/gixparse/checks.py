"""Stage 5: check a report — the identities of the form (勾稽关系) and the soft checks.

Hard identities (template.md, canonical-keys.md), each its own code (codes.py):

* ``I1`` per column of table 三: 一 + 二 = （七）总计 + 四;
* ``I2`` per row of table 三: 总计 = 自然人 + the five organisation columns;
* ``I3`` per column of table 三: （七）总计 = the sum of the outcome rows （一）–（六）;
* ``R1``–``R3`` per group of table 四: 总计 = 维持 + 纠正 + 其他 + 尚未审结;
* counts of tables 三 and 四 are whole numbers, not below zero.

A report that breaks one is left as printed; the break is a finding carrying both
sides (``expected`` = the sum of the parts, ``actual`` = the printed total). Blank
and missing cells count as 0: a check that holds that way passes. One that fails
where blank cells could make it hold gets the ``…-blanks`` code ("blank cells would
have to hold N"). A cell marked not applicable ("/", "—") or holding words makes a
check not assessable: it is skipped.

Soft checks (warnings): numbers of applications, 行政复议 and 行政诉讼, 上年结转 and
结转下年度 quoted in the text against the tables; section 五 empty or only 无; the report
year against the statistics period stated in the text; the form against the year.
:func:`completeness` counts the blank and "/" cells of tables 三 and 四 (not run by
parse: a blank reads as 0). Across years of one agency, :func:`check_series`: carry-over,
现行有效件数, jumps of key counts, text reused from last year.
The 信息处理费 that section 六 reports and the 行政事业性收费 of 第二十条（八） are
different fees: "未收取信息处理费" beside a （八） amount is not a contradiction and
is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from . import forms
from .codes import finding
from .model import Finding, Kind, Report, Row, Span, Table, Value

__all__ = ["JUMP_FACTOR", "REUSE_THRESHOLD", "agency_key", "check_report", "check_series", "check_tables", "completeness",
           "soft_checks"]

_EMPTY = (Kind.BLANK, Kind.MISSING)
_NUMBER_KIND = Kind.NUMBER  # read once: an Enum member read off its class costs ~0.2 µs
_REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
_REVIEW_CODES = {"reconsideration": "R1", "litigation_direct": "R2", "litigation_after_reconsideration": "R3"}


def _identity(code: str, path: str, left: Sequence[Value | None], right: Sequence[Value | None],
              what: str, anchor: Value | Row | None) -> Finding | None:
    """Check sum(left) == sum(right); None when it holds or cannot be assessed."""
    cells = [v for v in (*left, *right) if v is not None]
    if not cells or any(v.kind in (Kind.NA, Kind.TEXT) for v in cells):
        return None
    if all(v.kind in _EMPTY for v in cells):
        return None
    lsum = sum((v.number or Decimal(0) for v in left if v is not None), Decimal(0))
    rsum = sum((v.number or Decimal(0) for v in right if v is not None), Decimal(0))
    if lsum == rsum:
        return None
    blank_left = any(v is not None and v.kind in _EMPTY for v in left)
    blank_right = any(v is not None and v.kind in _EMPTY for v in right)
    gap = rsum - lsum  # > 0: blank parts would have to hold it; < 0: a blank total would
    if (blank_left and gap > 0) or (blank_right and gap < 0):
        code = f"{code}-blanks"
        message = f"{what}: {lsum} ≠ {rsum}; blank cells would have to hold {abs(gap)}"
    else:
        message = f"{what}: {lsum} ≠ {rsum} (difference {gap})"
    return finding(code, message, path, anchor.span if anchor is not None else None, expected=lsum, actual=rsum)


_ZERO = Decimal(0)


def _is_whole(d: Decimal) -> bool:
    return d == d.to_integral_value()


def _good_counts(table: Table) -> bool:
    """Whether every number of ``table`` is whole and not below zero. Those seen before as
    good counts need no look (both are properties of the value; a report's counts repeat:
    0, 1, 2 …); the others are looked at once each."""
    new: set[Decimal] | None = None
    for row in table.rows:
        for v in row.values.values():
            n = v.number
            if n is not None and n not in _GOOD_COUNTS:
                if new is None:
                    new = set()
                new.add(n)
    if new is None:
        return True
    if min(new) >= 0 and all(map(_is_whole, new)):
        if len(_GOOD_COUNTS) < _MAX_GOOD_COUNTS:
            _GOOD_COUNTS.update(new)
        return True
    return False


# Numbers known to be good counts (whole, not below zero), the same in every report; bounded.
_GOOD_COUNTS: set[Decimal] = set()
_MAX_GOOD_COUNTS = 4096


def _sum(values: Iterable[Value | None]) -> Decimal:
    """The value of ``sum(v.number or 0 …)`` as :func:`_identity` adds, in the same order
    (zeros and empty cells left out add nothing): equal sums need no more, an identity
    that holds is no finding whatever its cells hold."""
    total = _ZERO
    for v in values:
        if v is not None:
            n = v.number
            if n:
                total += n
    return total


def _row_sum(values: dict[str, Value], columns: Sequence[str]) -> Decimal:
    """:func:`_sum` of a row's cells in ``columns``."""
    return _sum(map(values.get, columns))


def _get(row: Row | None, col: str) -> Value | None:
    return row.values.get(col) if row is not None else None


def _outcome_rows(rows: dict[str, Row], template: str | None) -> tuple[str, ...]:
    if "other_handling" in rows and not any(r in rows for r in ("other_no_correction", "other_unpaid_fee", "other_other")):
        return forms.OUTCOME_ROWS["2019"]
    return forms.OUTCOME_ROWS["2021" if template != "2019" or "other_handling" not in rows else "2019"]


def _check_applications(table: Table, template: str | None) -> list[Finding]:
    out: list[Finding] = []
    rows = {r.id: r for r in table.rows}
    applicants = forms.APPLICANT_COLUMNS
    for row in table.rows:  # I2
        values = row.values
        total = values.get("total")
        if total is None:
            continue
        parts = _ZERO  # _row_sum(values, applicants), its loop inline (23 rows a report)
        for c in applicants:
            v = values.get(c)
            if v is not None:
                n = v.number
                if n:
                    parts += n
        if parts == (total.number or _ZERO):
            continue  # holds: no finding (the common case, decided without building the message)
        f = _identity("I2-row-total", f"applications/{row.id}", [values.get(c) for c in applicants],
                      [total], f"{row.label or row.id}: 自然人 + 法人或其他组织 vs 总计", row)
        if f:
            out.append(f)
    outcome_ids = _outcome_rows(rows, template)
    handled = rows.get("total_handled")
    balance = all(r in rows for r in ("new_received", "carried_over", "total_handled", "carried_forward"))
    if balance:
        new, old, done, forward = (rows[r].values for r in ("new_received", "carried_over", "total_handled",
                                                            "carried_forward"))
    outcomes = [rows[r].values for r in outcome_ids if r in rows]  # a row not printed adds nothing
    check_outcomes = handled is not None and bool(outcomes)
    for col in table.columns:
        if balance and _sum((new.get(col), old.get(col))) != _sum((done.get(col), forward.get(col))):  # I1
            label = forms.COLUMN_LABELS[col]
            left = [_get(rows["new_received"], col), _get(rows["carried_over"], col)]
            right = [_get(rows["total_handled"], col), _get(rows["carried_forward"], col)]
            f = _identity("I1-balance", f"applications/carried_forward/{col}", left, right,
                          f"{label}: 一 + 二 vs （七）总计 + 四", right[1])
            if f:
                out.append(f)
        if check_outcomes:  # I3
            total = _get(handled, col)
            parts = _ZERO  # _column_sum(outcomes, col), its loop inline
            for values in outcomes:
                v = values.get(col)
                if v is not None:
                    n = v.number
                    if n:
                        parts += n
            if parts != (total.number or _ZERO if total is not None else _ZERO):
                label = forms.COLUMN_LABELS[col]
                f = _identity("I3-outcome-total", f"applications/total_handled/{col}",
                              [_get(rows.get(r), col) for r in outcome_ids], [total],
                              f"{label}: sum of outcome rows vs （七）总计", total)
                if f:
                    out.append(f)
    return out


def _check_review(table: Table) -> list[Finding]:
    out = []
    for row in table.rows:
        code = _REVIEW_CODES.get(row.id)
        if code is None:
            continue
        values = row.values
        if _row_sum(values, _REVIEW_PARTS) == _sum((values.get("total"),)):
            continue  # holds: no finding
        f = _identity(f"{code}-review-total", f"review/{row.id}", [values.get(c) for c in _REVIEW_PARTS],
                      [values.get("total")],
                      f"{row.id}: 维持 + 纠正 + 其他 + 尚未审结 vs 总计", row)
        if f:
            out.append(f)
    return out


def _check_counts(table: Table) -> list[Finding]:
    try:
        if _good_counts(table):
            return []  # every count whole and not below zero: the common case
    except TypeError:  # a signalling NaN cannot be hashed: the look at each cell below says what it is
        pass
    out = []
    for row in table.rows:
        for col, v in row.values.items():
            if v.number is None:
                continue
            path = f"{table.id}/{row.id}/{col}"
            if v.number < 0:
                out.append(finding("count-negative", f"count {v.raw!r} is below zero", path, v.span))
            elif v.number != v.number.to_integral_value():
                out.append(finding("count-not-whole", f"count {v.raw!r} is not a whole number", path, v.span))
    return out


def check_tables(tables: dict[str, Table], template: str | None) -> list[Finding]:
    """The hard identities of the form on placed tables."""
    out: list[Finding] = []
    apps = tables.get("applications")
    if apps is not None:
        out += _check_applications(apps, template)
        out += _check_counts(apps)
    review = tables.get("review")
    if review is not None:
        out += _check_review(review)
        out += _check_counts(review)
    return out


# --- soft checks ---------------------------------------------------------------------------

_NUM = r"(\d[\d,]*)\s*"
# "共收到政府信息公开申请36件", "新收政府信息公开申请 34 件", "受理依申请公开件36件", "收到依申请信息公开26件"
_QUOTED_APPLICATIONS = re.compile(
    r"(?:共|全年|本年度?|年内)?(?:收到|新收|受理|接收)(?:各类)?(?:政府信息公开|依申请(?:信息)?公开|信息公开)"
    r"(?:申请|事项|件)?(?:数量)?(?:共|总计|合计)?\s*" + _NUM + r"(?:件|个|条|份)"
)
# where a match of _QUOTED_APPLICATIONS can start: at a verb (收到 新收 受理 接收), or at
# the lead words right before one (共 全年 本年 本年度 年内). These offsets are found with
# str.find (re scans text for a set of first characters several times slower), and the
# pattern is tried only there (_finditer): the offsets are those where
#   共(?=V)|全(?=年V)|本(?=年度?V)|年(?=内V)|收(?=到)|新(?=收)|受(?=理)|接(?=收)
# finds a character, V one of the verbs.


def _verbs(text: str) -> Iterator[int]:
    """The offsets of the verbs 收到 新收 接收 受理, found by their characters 收 and 受 (str.find
    looks for one character several times faster than for a word, re for a set of them)."""
    find = text.find
    at = find("收")
    while at >= 0:
        if text.startswith("到", at + 1):
            yield at
        if at and text[at - 1] in "新接":
            yield at - 1
        at = find("收", at + 1)
    at = find("受")
    while at >= 0:
        if text.startswith("理", at + 1):
            yield at
        at = find("受", at + 1)


def _application_starts(text: str) -> list[int]:
    """The offsets, in order, where a quoted number of applications may start."""
    starts: list[int] = []
    add = starts.append
    for at in _verbs(text):
        add(at)
        before = text[at - 1] if at else ""  # the lead words end with 共, 年, 度 or 内
        if before == "共":
            add(at - 1)
        elif before == "年":
            if at >= 2 and text[at - 2] in "全本":
                add(at - 2)
        elif before == "度":
            if at >= 3 and text.startswith("本年", at - 3):
                add(at - 3)
        elif before == "内":
            if at >= 2 and text[at - 2] == "年":
                add(at - 2)
    return sorted(set(starts))


_QUOTED_RECONSIDERATION = re.compile(r"行政复议(?:案件|申请)?(?:共|总计)?\s*" + _NUM + r"(?:件|起|宗)")
_QUOTED_LITIGATION = re.compile(r"行政诉讼(?:案件)?(?:共|总计)?\s*" + _NUM + r"(?:件|起|宗)")
_CUMULATIVE = re.compile(r"累计|历年|以来")
# "上年结转政府信息公开申请2件", "上年度结转的申请共3件"; "结转下年度继续办理1件", "2件结转至下一年度办理"
_FILLER = r"(?:的)?(?:政府信息公开|依申请公开)?(?:申请)?(?:事项)?(?:共|数量为?|为)?\s*"
_QUOTED_CARRIED_OVER = re.compile(r"上一?年度?结转" + _FILLER + _NUM + r"(?:件|个|条)")
_QUOTED_CARRIED_FORWARD = (
    re.compile(r"结转(?:至|到)?下一?年度?(?:继续)?(?:办理)?" + _FILLER + _NUM + r"(?:件|个|条)"),
    re.compile(_NUM + r"(?:件|个|条)(?:申请)?(?:将|需)?结转(?:至|到)?下一?年度?"),
)
# What a match of the second must hold: text without it (most, the table's 结转下年度 has
# none) is not scanned from every digit of its table. Led by the word 结转 (re finds a word
# fast, a set of first characters slowly), each lookbehind one of [件个条](?:申请)?(?:将|需)?.
_CARRIED_FORWARD_AFTER_COUNT = re.compile(
    r"结转(?:(?<=[件个条]结转)|(?<=[件个条][将需]结转)|(?<=[件个条]申请结转)|(?<=[件个条]申请[将需]结转))")
# Section 五 that says nothing: empty, or 无 / 暂无 / 没有 and punctuation.
_NOTHING = re.compile(r"[\s。．.，,；;:：、]*(?:无|暂无|没有)?[\s。．.，,；;:：、]*")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计周期|统计时间)[^。]{0,12}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")


# how far before the 转 of its 结转 a match of each pattern led by it may start
_TURN_LEAD = {_QUOTED_CARRIED_OVER: 5, _QUOTED_CARRIED_FORWARD[0]: 1}


def _finditer(pattern: re.Pattern[str], starts: list[int], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` (no empty matches), trying ``pattern`` only at the
    offsets ``starts`` (in order) where it can start."""
    end = 0
    match = pattern.match
    for at in starts:
        if at < end:
            continue
        m = match(text, at)
        if m is not None:
            yield m
            end = m.end()


def _number(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _total(table: Table | None, row: str, col: str = "total") -> Decimal | None:
    if table is None:
        return None
    r = table.row(row)
    v = r.values.get(col) if r else None
    return v.number if v is not None and v.kind == _NUMBER_KIND else None


def _prose(report: Report) -> Iterable[tuple[str, str]]:
    """(section id, text) of the sections whose prose may quote the tables."""
    for sid in ("overview", "applications", "review_litigation"):
        sec = report.sections.get(sid)
        if sec is not None:
            yield sid, sec.text


def soft_checks(report: Report) -> list[Finding]:
    out: list[Finding] = []
    apps, review = report.applications, report.review
    received = _total(apps, "new_received")
    recon = _total(review, "reconsideration")
    lit_parts = [_total(review, r) for r in ("litigation_direct", "litigation_after_reconsideration")]
    known_parts = [p for p in lit_parts if p is not None]
    litigation = sum(known_parts, Decimal(0)) if len(known_parts) == len(lit_parts) else None
    for _sid, text in _prose(report):
        for m in _finditer(_QUOTED_APPLICATIONS, _application_starts(text), text):
            if _CUMULATIVE.search(text, max(0, m.start() - 8), m.start() + 2):
                continue  # "历年累计受理…": a count over all years, not this year's
            quoted = _number(m.group(1))
            if received is not None and quoted != received:
                carried = _total(apps, "carried_over")
                if carried is not None and quoted == received + carried:
                    continue  # "共收到…（含上年结转）": new + carried over
                out.append(finding("text-applications-mismatch", f"the text says {m.group(0)!r} but 一、本年新收 总计 is "
                                   f"{received}", "applications/new_received/total", _span_of(apps, "new_received"),
                                   expected=quoted, actual=received))
        if review is not None:
            for pattern, mark, value, path, name in (
                (_QUOTED_RECONSIDERATION, "议", recon, "review/reconsideration/total", "行政复议 总计"),
                (_QUOTED_LITIGATION, "讼", litigation, "review", "行政诉讼 总计 (both kinds)"),
            ):
                first = text.find(mark)  # the word's fourth character: no match starts 3 before it
                if first < 0:
                    continue
                for m in pattern.finditer(text, max(0, first - 3)):
                    quoted = _number(m.group(1))
                    if value is not None and quoted != value:
                        out.append(finding("text-review-mismatch", f"the text says {m.group(0)!r} but {name} is "
                                           f"{value}", path, review.rows[0].span if review.rows else None,
                                           expected=quoted, actual=value))
    out += _carry_text_checks(report)
    out += _problems_check(report)
    out += _year_checks(report)
    return out


def _carry_text_checks(report: Report) -> list[Finding]:
    """上年结转 and 结转下年度 counts quoted in the text against table 三 (总计 column)."""
    out: list[Finding] = []
    apps = report.applications
    if apps is None:
        return out
    patterns = ((_QUOTED_CARRIED_OVER,), "carried_over", "二、上年结转"), (_QUOTED_CARRIED_FORWARD, "carried_forward",
                                                                             "四、结转下年度继续办理")
    for regexes, row, name in patterns:
        value = _total(apps, row)
        if value is None:
            continue
        seen: set[Decimal] = set()
        for _sid, text in _prose(report):
            turn = text.find("转")  # every pattern holds 结转: none matches without 转
            if turn < 0:
                continue
            for rx in regexes:
                if rx is _QUOTED_CARRIED_FORWARD[1]:
                    if _CARRIED_FORWARD_AFTER_COUNT.search(text, turn - 1) is None:
                        continue
                    found = rx.finditer(text)  # led by the count: no bound on where it starts
                else:  # 上一?年度?结转 starts at most 5 before its 转, 结转… 1 before
                    found = rx.finditer(text, max(0, turn - _TURN_LEAD[rx]))
                for m in found:
                    quoted = _number(m.group(1))
                    if quoted != value and quoted not in seen:
                        seen.add(quoted)
                        out.append(finding("text-carry-mismatch", f"the text says {m.group(0)!r} but {name} 总计 is "
                                           f"{value}", f"applications/{row}/total", _span_of(apps, row),
                                           expected=quoted, actual=value))
    return out


def _problems_check(report: Report) -> list[Finding]:
    sec = report.sections.get("problems")
    if sec is None or not _NOTHING.fullmatch(sec.text):
        return []
    said = sec.text.strip() or "nothing"
    return [finding("problems-empty", f"section 五 {sec.heading!r} says {said!r}", "sections/problems", sec.span)]


def completeness(report: Report) -> list[Finding]:
    """How many cells of tables 三 and 四 are blank or marked not applicable ("/", "—"):
    the form asks for a number (0 included) in every one. An ``info`` finding per table
    that has any; not run by :func:`check_report` (a blank reads as 0 and is no error)."""
    out: list[Finding] = []
    for table in (report.applications, report.review):
        if table is None:
            continue
        kinds = [v.kind for row in table.rows for v in row.values.values()]  # one pass over the cells
        blank = kinds.count(Kind.BLANK)
        na = kinds.count(Kind.NA)
        if blank or na:
            out.append(finding("tables-blank-cells", f"{forms.TABLE_LABELS[table.id]}: {blank} blank, {na} "
                               f"marked not applicable, of {len(kinds)} cells", table.id, table.span,
                               actual=Decimal(blank + na)))
    return out


def _span_of(table: Table | None, row: str) -> Span | None:
    r = table.row(row) if table is not None else None
    return r.span if r is not None else None


def _year_checks(report: Report) -> list[Finding]:
    out: list[Finding] = []
    if report.year is not None:
        for sec in report.sections.values():
            text = sec.text
            first = text.find("统")  # _PERIOD starts with 统计: no match starts before the first 统
            m = _PERIOD.search(text, first) if first >= 0 else None
            if m and int(m.group(1)) != report.year:
                out.append(finding("year-mismatch", f"report year {report.year}, but the text states the statistics "
                                   f"period of {m.group(1)}", "meta/year", sec.span))
                break
        if report.template is not None:
            expected = "2019" if report.year <= 2020 else "2021"
            if report.template != expected:
                out.append(finding("form-year-mismatch", f"a {report.year} report on the {report.template} form "
                                   f"(reports for {report.year} use the {expected} form)", "meta/template"))
    return out


def check_report(report: Report) -> list[Finding]:
    """All checks of one report: the identities and the soft checks."""
    return check_tables(report.tables, report.template) + soft_checks(report)


# --- across years ------------------------------------------------------------------------------

_AGENCY_NOISE = re.compile(r"[\s·・()（）《》“”\"'-]")


def agency_key(name: str | None) -> str | None:
    return _AGENCY_NOISE.sub("", name) if name else None


JUMP_FACTOR = Decimal(5)
"""A key count that grows or shrinks by this factor or more from one year to the next is a ``series-jump``."""
JUMP_FLOOR = Decimal(10)
"""…when the larger of the two counts is at least this (1 → 5 is no news)."""
JUMP_KEYS: tuple[str, ...] = (
    "applications/new_received/total",
    "review/reconsideration/total",
)
REUSE_THRESHOLD = 0.9
"""Sections 五 and 一 this similar to last year's (0–1, rapidfuzz's normalised Indel
similarity, digits ignored) are a ``series-text-reused``."""
REUSE_MIN_CHARS = 100
"""Shorter sections are boilerplate any agency writes alike; they are not compared."""
REUSE_SECTIONS: tuple[tuple[str, str], ...] = (("problems", "五"), ("overview", "一"))


def check_series(reports: Iterable[Report], *, jump_factor: Decimal | int = JUMP_FACTOR,
                 reuse_threshold: float = REUSE_THRESHOLD) -> list[Finding]:
    """Checks across the reports of one agency in consecutive years.

    Reports are grouped by normalised agency name; for each pair of consecutive years:
    this year's 二、上年结转 against last year's 四、结转下年度继续办理, per column; on the
    2021 form, 现行有效件数 against last year's + 本年制发件数 − 本年废止件数, per row of
    第二十条（一）; the key counts of :data:`JUMP_KEYS` against ``jump_factor``; and the
    text of sections 五 and 一 against last year's (``reuse_threshold``). The message
    names the agency and both years.
    """
    groups: dict[str, dict[int, Report]] = {}
    out: list[Finding] = []
    for rep in reports:
        key = agency_key(rep.agency)
        if key is None or rep.year is None:
            continue
        years = groups.setdefault(key, {})
        if rep.year in years:
            out.append(finding("series-duplicate-year", f"{rep.agency} {rep.year}: two reports for one year; "
                               "the first is used", "meta/year"))
            continue
        years[rep.year] = rep
    for years in groups.values():
        for year in sorted(years):
            prev = years.get(year - 1)
            if prev is None:
                continue
            cur = years[year]
            out += _carry_over(prev, cur)
            out += _in_force(prev, cur)
            out += _jumps(prev, cur, Decimal(jump_factor))
            out += _reused(prev, cur, reuse_threshold)
    return out


def _cell_number(report: Report, key: str) -> Decimal | None:
    table, row, col = key.split("/")
    return _total(report.tables.get(table), row, col)


def _jumps(prev: Report, cur: Report, factor: Decimal) -> list[Finding]:
    out = []
    for key in JUMP_KEYS:
        before, now = _cell_number(prev, key), _cell_number(cur, key)
        if before is None or now is None:
            continue
        low, high = sorted((before, now))
        if high >= JUMP_FLOOR and high >= factor * low:
            if not before:
                how = "from 0"
            elif not now:
                how = "to 0"
            else:
                how = f"×{now / before:.1f}" if now > before else f"÷{before / now:.1f}"
            table, row, _col = key.split("/")
            out.append(finding("series-jump", f"{cur.agency} {cur.year}: {forms.describe(key)} is {now}, "
                               f"{prev.year}'s {before} ({how}; the stated factor is {factor})", key,
                               _span_of(cur.tables.get(table), row), expected=before, actual=now))
    return out


_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def _comparable(text: str) -> str:
    """Text as compared for reuse: no spaces; every run of digits the same (a copied text
    with this year's dates and counts is still a copy)."""
    return _DIGITS.sub("#", _SPACE.sub("", text))


def _reused(prev: Report, cur: Report, threshold: float) -> list[Finding]:
    from rapidfuzz.fuzz import ratio

    out = []
    for sid, number in REUSE_SECTIONS:
        a, b = prev.sections.get(sid), cur.sections.get(sid)
        if a is None or b is None:
            continue
        ta, tb = _comparable(a.text), _comparable(b.text)
        if min(len(ta), len(tb)) < REUSE_MIN_CHARS:
            continue
        similarity = ratio(ta, tb) / 100
        if similarity >= threshold:
            out.append(finding("series-text-reused", f"{cur.agency} {cur.year}: section {number} {b.heading!r} is "
                               f"{similarity:.0%} the same text as {prev.year}'s (threshold {threshold:.0%})",
                               f"sections/{sid}", b.span, actual=Decimal(f"{similarity:.3f}")))
    return out


def _carry_over(prev: Report, cur: Report) -> list[Finding]:
    out: list[Finding] = []
    if prev.applications is None or cur.applications is None:
        return out
    for col in forms.APPLICATION_COLUMNS:
        before = _total(prev.applications, "carried_forward", col)
        now = _total(cur.applications, "carried_over", col)
        if before is not None and now is not None and before != now:
            out.append(finding("series-carry-over", f"{cur.agency} {cur.year}: 二、上年结转 {forms.COLUMN_LABELS[col]} is "
                               f"{now}, but {prev.year}'s 四、结转下年度继续办理 is {before}",
                               f"applications/carried_over/{col}", _span_of(cur.applications, "carried_over"),
                               expected=before, actual=now))
    return out


def _in_force(prev: Report, cur: Report) -> list[Finding]:
    out: list[Finding] = []
    a, b = prev.tables.get("active.item1"), cur.tables.get("active.item1")
    if a is None or b is None or "in_force" not in a.columns or "in_force" not in b.columns:
        return out
    for row in b.rows:
        before = _total(a, row.id, "in_force")
        now, issued, repealed = (_total(b, row.id, c) for c in ("in_force", "issued", "repealed"))
        if before is None or now is None or issued is None or repealed is None:
            continue
        want = before + issued - repealed
        if want != now:
            out.append(finding("series-in-force", f"{cur.agency} {cur.year}: {row.label or row.id} 现行有效件数 {now}, "
                               f"but {prev.year}'s {before} + 制发 {issued} − 废止 {repealed} = {want}",
                               f"active.item1/{row.id}/in_force", row.span, expected=want, actual=now))
    return out
