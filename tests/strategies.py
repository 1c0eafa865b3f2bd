"""Hypothesis strategies: report data on the official forms, quirks, report models.

A generated report (:class:`Case`) is a canonical flat dict of cell data (numbers,
``None`` for a blank cell, an NA mark such as "/") with its agency, year and form.
Counts are random non-negative integers, so most cases break the form's identities
(parsing must still give the printed values back, with findings); ``consistent``
cases keep every identity and hold no blank or NA cell.

Blank and NA cells never stand in the last column of a row: a tab-rows text cannot
tell a trailing blank cell from padding (grammars/tab_rows.lark), so no layout can
promise to give one back there.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from hypothesis import strategies as st

from gixparse import forms
from gixparse.model import Finding, Kind, Report, Row, Section, Severity, Span, Table, Value
from gixparse.render import NA_MARKS, Quirks

# --- agencies -------------------------------------------------------------------------------------

PROVINCES = ("", "", "浙江省", "四川省", "广东省", "河北省", "北京市")
# characters of made-up place names; none can form 年度, 关于, 信息公开 or 政务公开
PLACE_CHARS = "东西南北山水河湖青云江城林安平阳宁丰华兴"
PLACE_KINDS = ("市", "县", "区", "镇")
DEPARTMENTS = (
    "人民政府",
    "人民政府办公室",
    "生态环境局",
    "卫生健康委员会",
    "交通运输局",
    "市场监督管理局",
    "教育局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "财政局",
    "民政局",
    "应急管理局",
)
SUB_LABELS = ("行政检查", "行政确认", "行政给付", "行政奖励", "行政裁决", "行政征收")


@st.composite
def agencies(draw) -> str:
    province = draw(st.sampled_from(PROVINCES))
    place = draw(st.text(alphabet=PLACE_CHARS, min_size=1, max_size=3))
    kind = draw(st.sampled_from(PLACE_KINDS))
    return province + place + kind + draw(st.sampled_from(DEPARTMENTS))


def years() -> st.SearchStrategy[int]:
    return st.integers(2019, 2025)


def form_of(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


# --- values -----------------------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 30), st.integers(0, 2_000_000))
changes = st.integers(-5000, 5000)
amounts = st.one_of(
    st.integers(0, 10_000_000).map(Decimal),
    st.integers(0, 4).flatmap(lambda p: st.decimals(min_value=0, max_value=10_000_000, places=p,
                                                      allow_nan=False, allow_infinity=False)),
)
na_marks = st.sampled_from(NA_MARKS)


def cell(numbers: st.SearchStrategy, *, last: bool) -> st.SearchStrategy:
    """A cell: mostly a number; sometimes blank or NA, never in a row's last column."""
    if last:
        return numbers
    return st.one_of(numbers, numbers, numbers, numbers, numbers, numbers, st.none(), na_marks)


class Case(NamedTuple):
    """One generated report: what :func:`gixparse.render.render` is given."""

    cells: dict
    agency: str
    year: int
    template: str
    consistent: bool

    def flat(self) -> dict:
        """What ``gixparse.flatten`` must give back: numbers as int/float, None otherwise."""
        out = {}
        for key, v in self.cells.items():
            if v is None or isinstance(v, str):
                out[key] = None
            else:
                d = Decimal(v)
                out[key] = int(d) if d == d.to_integral_value() else float(d)
        return out


def _item_cells(draw, form: str) -> dict:
    cells = {}
    for item in forms.ITEMS:
        cols = [c.id for c in item.columns.get(form, ())]
        if not cols:
            continue
        for spec in item.rows:
            if form not in spec.forms:
                continue
            row_ids = [spec.id]
            if spec.id == "other_services":
                subs = draw(st.lists(st.sampled_from(SUB_LABELS), unique=True, max_size=3))
                if subs:
                    row_ids = ([spec.id] if draw(st.booleans()) else []) + [f"{spec.id}[{s}]" for s in subs]
            for row_id in row_ids:
                for i, col in enumerate(cols):
                    numbers = amounts if col == "amount" else changes if col == "change" else counts
                    cells[f"{item.id}/{row_id}/{col}"] = draw(cell(numbers, last=i == len(cols) - 1))
    return cells


def _consistent_tables(draw, form: str) -> dict:
    small = st.integers(0, 60)
    cols = forms.APPLICANT_COLUMNS
    table = {}
    for row_id in forms.OUTCOME_ROWS[form]:
        table[row_id] = [draw(small) for _ in cols]
    handled = [sum(table[r][i] for r in forms.OUTCOME_ROWS[form]) for i in range(len(cols))]
    table["total_handled"] = handled
    table["carried_forward"] = [draw(small) for _ in cols]
    table["carried_over"] = [draw(st.integers(0, h + f)) for h, f in zip(handled, table["carried_forward"])]
    table["new_received"] = [h + f - o for h, f, o in zip(handled, table["carried_forward"], table["carried_over"])]
    cells = {}
    for row_id, vals in table.items():
        for col, v in zip(cols, vals):
            cells[f"applications/{row_id}/{col}"] = v
        cells[f"applications/{row_id}/total"] = sum(vals)
    for row_id in forms.REVIEW_ROWS:
        parts = [draw(small) for _ in range(4)]
        for col, v in zip(forms.REVIEW_COLUMNS, [*parts, sum(parts)]):
            cells[f"review/{row_id}/{col}"] = v
    return cells


def _random_tables(draw, form: str) -> dict:
    cells = {}
    cols = forms.APPLICATION_COLUMNS
    for row_id in forms.application_rows(form):
        for i, col in enumerate(cols):
            cells[f"applications/{row_id}/{col}"] = draw(cell(counts, last=i == len(cols) - 1))
    keys = [f"review/{r}/{c}" for r in forms.REVIEW_ROWS for c in forms.REVIEW_COLUMNS]
    for i, key in enumerate(keys):
        cells[key] = draw(cell(counts, last=i == len(keys) - 1))
    return cells


@st.composite
def cases(draw, consistent: bool | None = None) -> Case:
    """A report's data on the form of its year; ``consistent`` None draws either kind."""
    year = draw(years())
    form = form_of(year)
    if consistent is None:
        consistent = draw(st.booleans())
    cells = _item_cells(draw, form) if not consistent else {
        k: (v if v is not None and not isinstance(v, str) else 0) for k, v in _item_cells(draw, form).items()
    }
    cells.update(_consistent_tables(draw, form) if consistent else _random_tables(draw, form))
    return Case(cells, draw(agencies()), year, form, consistent)


# --- quirks -----------------------------------------------------------------------------------------


def quirks() -> st.SearchStrategy[Quirks]:
    return st.builds(
        Quirks,
        seed=st.integers(0, 2**32 - 1),
        rate=st.sampled_from((0.1, 0.3, 0.6, 1.0)),
        blank_lines=st.booleans(),
        split_labels=st.booleans(),
        spaced_labels=st.booleans(),
        units=st.booleans(),
        sign_words=st.booleans(),
        thousands=st.booleans(),
        fullwidth=st.booleans(),
        padding=st.booleans(),
        attachment=st.booleans(),
    )


# --- report models, built directly ---------------------------------------------------------------------

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
spans = st.builds(Span, st.integers(1, 10_000), st.integers(1, 500))
# realistic numbers: what a report prints (up to 15 digits, up to 6 places)
numbers = st.one_of(
    st.integers(0, 6).flatmap(
        lambda p: st.decimals(min_value=-10**9, max_value=10**9, places=p, allow_nan=False, allow_infinity=False)
    ),
    # more digits than a float keeps: exported as a string
    st.decimals(min_value=-10**12, max_value=10**12, places=10, allow_nan=False, allow_infinity=False),
)
values = st.one_of(
    st.builds(Value, raw=words, kind=st.just(Kind.NUMBER), number=numbers,
              unit=st.sampled_from((None, "项", "件", "元", "万元")), span=st.none() | spans),
    st.builds(Value, raw=words, kind=st.sampled_from((Kind.BLANK, Kind.NA, Kind.TEXT, Kind.MISSING)),
              span=st.none() | spans),
)
rows = st.builds(Row, id=words, label=words, values=st.dictionaries(words, values, max_size=4),
                 span=st.none() | spans)
tables = st.builds(Table, id=words, columns=st.lists(words, max_size=4).map(tuple),
                   rows=st.lists(rows, max_size=3).map(tuple), layout=st.none() | words, span=st.none() | spans)
findings = st.builds(Finding, code=words, severity=st.sampled_from(Severity), message=words, path=words,
                     line=st.none() | st.integers(1, 10_000), column=st.none() | st.integers(1, 500),
                     expected=st.none() | numbers, actual=st.none() | numbers)
sections = st.builds(Section, id=words, heading=words, text=words, span=st.none() | spans)
models = st.builds(
    Report,
    title=st.none() | words,
    agency=st.none() | words,
    year=st.none() | years(),
    template=st.sampled_from((None, "2019", "2021")),
    sections=st.dictionaries(words, sections, max_size=3),
    tables=st.dictionaries(words, tables, max_size=3),
    findings=st.lists(findings, max_size=3).map(tuple),
)
