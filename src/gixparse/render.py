"""The inverse of the readers: report data on the official form as report text.

:func:`render` writes a full report (title, the six sections, the tables of
sections 二, 三 and 四) from a parsed :class:`~gixparse.Report` or from a
canonical flat dict (``TABLE/ROW/COLUMN`` keys, see ``gixparse.flatten``). The
document is built once as abstract blocks: headings, paragraphs and tables,
a table being rows of cell strings. A *layout renderer* then writes each table:
every layout module in ``gixparse.readers`` that can write its layout has a
``render(rows, quirks) -> str`` function, found by its ``LAYOUT`` name.

:class:`Quirks` says which departures from a clean table real reports show are
to be applied (extra blank lines, labels split over lines or spaced out, units
and sign words on values, thousands separators, full-width digits, spaces
around cells, a leading 附件 line). Quirks never change what the text means: a
unit goes only where the form reads the number with that unit, a sign word only
on the 本年增/减 column, a label is only split where every piece still reads as
words. Every random choice comes from ``Quirks.seed``, so a text is reproducible.

The form's rows and columns come from :mod:`gixparse.forms`; the printed labels
of the official forms are constants here.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import ModuleType
from typing import TypeAlias

from attrs import field, frozen

from . import forms
from .model import Kind, Report

__all__ = [
    "NA_MARKS",
    "Heading",
    "Paragraph",
    "Quirks",
    "TableBlock",
    "build_document",
    "layout_renderer",
    "render",
]

CellData: TypeAlias = int | float | Decimal | str | None
"""What a flat dict may hold per key: a number, ``None`` (blank) or an NA mark."""

NA_MARKS: tuple[str, ...] = ("/", "—", "-", "无", "不适用")
"""Marks that say the form does not apply; a value given as one of these is printed as is."""

# --- quirks ----------------------------------------------------------------------------------------


@frozen
class Quirks:
    """Which real-world departures to apply, and the seed of every random choice.

    ``rate`` is the chance that a quirk which is on applies to a given cell, row
    or label. :meth:`draw` makes random quirks from a :class:`random.Random`;
    property tests build them from hypothesis draws.
    """

    seed: int = 0
    rate: float = 0.3
    blank_lines: bool = False  # extra blank lines (some holding spaces) between rows
    split_labels: bool = False  # cell per line: a label broken over continuation lines
    spaced_labels: bool = False  # spaces inside labels: 不 予 公 开
    units: bool = False  # 19项, 4069件, 12.5万元 where the form reads that unit
    sign_words: bool = False  # 增9 / 减25 on 本年增/减 (2019 form)
    thousands: bool = False  # 31,807
    fullwidth: bool = False  # １２ for 12
    padding: bool = False  # spaces around a cell's text
    attachment: bool = False  # a leading 附件 line before the title

    @classmethod
    def draw(cls, rng: random.Random) -> Quirks:
        """Random quirks: each one on or off at even odds."""
        names = [a.name for a in cls.__attrs_attrs__ if a.type in (bool, "bool")]
        return cls(seed=rng.getrandbits(32), rate=rng.choice((0.1, 0.3, 0.6, 1.0)),
                   **{n: rng.random() < 0.5 for n in names})

    @classmethod
    def all(cls, seed: int = 0, rate: float = 0.3) -> Quirks:
        """Every quirk on."""
        names = [a.name for a in cls.__attrs_attrs__ if a.type in (bool, "bool")]
        return cls(seed=seed, rate=rate, **dict.fromkeys(names, True))

    def random_for(self, *keys: str) -> random.Random:
        """A generator for one part of the text, fixed by the seed and the keys
        (string seeds are hashed with SHA-512, so this does not depend on
        PYTHONHASHSEED)."""
        return random.Random("\x1f".join((str(self.seed), *keys)))

    def hits(self, rnd: random.Random) -> bool:
        return rnd.random() < self.rate


NO_QUIRKS = Quirks()

# --- the document as blocks ---------------------------------------------------------------------


@frozen
class Heading:
    text: str


@frozen
class Paragraph:
    text: str


def _str_rows(rows: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r) for r in rows)


@frozen
class TableBlock:
    """A table as rows of cell strings (a merged cell is an empty string where
    flattened text shows nothing)."""

    id: str
    rows: tuple[tuple[str, ...], ...] = field(converter=_str_rows)


Block: TypeAlias = Heading | Paragraph | TableBlock

# --- labels of the official forms -------------------------------------------------------------------

SECTION_HEADINGS: dict[str, str] = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}

ITEM_TITLE = "第二十条第（{}）项"
ITEM_HEADER = "信息内容"

_ITEM_ROWS = {row.id for item in forms.ITEMS for row in item.rows}
ITEM_ROW_LABELS: dict[str, dict[str, str]] = {
    "2019": {k: v for k, v in forms.ROW_LABELS.items() if k in _ITEM_ROWS},
    "2021": {
        **{k: v for k, v in forms.ROW_LABELS.items() if k in _ITEM_ROWS and k not in ("other_services", "procurement")},
        "normative_documents": "行政规范性文件",  # the 2021 form's name for the row
    },
}

ITEM_COLUMN_LABELS: dict[str, dict[str, str]] = {
    "2019": {
        "new_made": "本年新制作数量",
        "new_published": "本年新公开数量",
        "total_published": "对外公开总数量",
        "prev_items": "上一年项目数量",
        "change": "本年增/减",
        "decisions": "处理决定数量",
        "projects": "采购项目数量",
        "amount": "采购总金额",
    },
    "2021": {
        "issued": "本年制发件数",
        "repealed": "本年废止件数",
        "in_force": "现行有效件数",
        "decisions": "本年处理决定数量",
        "amount": "本年收费金额（单位：万元）",
    },
}

# Units a count of a 第二十条 column may carry (as real reports print them).
ITEM_COUNT_UNITS: dict[str, tuple[str, ...]] = {
    "new_made": ("件", "条"),
    "new_published": ("件", "条"),
    "total_published": ("件", "条"),
    "issued": ("件",),
    "repealed": ("件",),
    "in_force": ("件",),
    "prev_items": ("项",),
    "change": ("项",),
    "decisions": ("件", "宗", "项"),
    "projects": ("项", "个"),
}

APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICATIONS_HEADER: tuple[tuple[str, ...], ...] = (
    (APPLICATIONS_NOTE, "", "申请人情况", "", "", "", "", "", ""),
    ("", "", "自然人", "法人或其他组织", "", "", "", "", "总计"),
    ("", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""),
)

_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

# Label cells of each row of table 三 as the official form flattens: a label that
# spans the label columns stands alone; a group label (三、本年度办理结果, （三）不予公开 …)
# stands on its first row and leaves an empty cell below.
APPLICATION_LABELS: dict[str, tuple[str, ...]] = {
    "new_received": ("一、本年新收政府信息公开申请数量", ""),
    "carried_over": ("二、上年结转政府信息公开申请数量", ""),
    "granted": (_RESULTS, "（一）予以公开"),
    "partially_granted": ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    "withheld_state_secret": ("", _WITHHELD, "1.属于国家秘密"),
    "withheld_prohibited_by_law": ("", "", "2.其他法律行政法规禁止公开"),
    "withheld_security_stability": ("", "", "3.危及“三安全一稳定”"),
    "withheld_third_party_rights": ("", "", "4.保护第三方合法权益"),
    "withheld_internal_affairs": ("", "", "5.属于三类内部事务信息"),
    "withheld_process_info": ("", "", "6.属于四类过程性信息"),
    "withheld_enforcement_files": ("", "", "7.属于行政执法案卷"),
    "withheld_query_matters": ("", "", "8.属于行政查询事项"),
    "unavailable_not_held": ("", _UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    "unavailable_needs_creation": ("", "", "2.没有现成信息需要另行制作"),
    "unavailable_still_unclear": ("", "", "3.补正后申请内容仍不明确"),
    "not_processed_complaint": ("", _NOT_PROCESSED, "1.信访举报投诉类申请"),
    "not_processed_repeated": ("", "", "2.重复申请"),
    "not_processed_publication": ("", "", "3.要求提供公开出版物"),
    "not_processed_excessive": ("", "", "4.无正当理由大量反复申请"),
    "not_processed_confirmation": ("", "", "5.要求行政机关确认或重新出具已获取信息"),
    "other_handling": ("", _OTHER),
    "other_no_correction": ("", _OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    "other_unpaid_fee": ("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    "other_other": ("", "", "3.其他"),
    "total_handled": ("", "（七）总计"),
    "carried_forward": ("四、结转下年度继续办理", ""),
}

REVIEW_HEADER: tuple[tuple[str, ...], ...] = (
    ("行政复议", "", "", "", "", "行政诉讼", *[""] * 9),
    ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "",
     "复议后起诉", "", "", "", ""),
    ("", "", "", "", "", *(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)),
)

_PROSE = {
    "overview": "{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作，"
    "进一步提高工作透明度。",
    "active_disclosure": "本机关依法主动公开政府信息，主动公开情况统计如下。",
    "applications": "本年度收到和处理政府信息公开申请情况统计如下。",
    "review_litigation": "本年度政府信息公开行政复议、行政诉讼情况统计如下。",
    "problems": "一是政策解读形式较为单一，下一步将丰富解读方式；二是部分栏目更新不够及时，下一步将按月检查。",
    "other_matters": "本年度未收取信息处理费。如需了解更多政府信息，请登录本机关门户网站查阅。",
}

_FULLWIDTH = str.maketrans({str(i): chr(0xFF10 + i) for i in range(10)})

# --- data in ---------------------------------------------------------------------------------------------


def _cells_of_report(report: Report) -> dict[str, CellData]:
    out: dict[str, CellData] = {}
    for table in report.tables.values():
        for row in table.rows:
            for col, v in row.values.items():
                key = f"{table.id}/{row.id}/{col}"
                if v.kind == Kind.NUMBER:
                    out[key] = v.number
                elif v.kind == Kind.NA:
                    out[key] = v.raw.strip() or "/"
                elif v.kind == Kind.TEXT:
                    out[key] = v.raw.strip()
                else:
                    out[key] = None
    return out


def _form_of(template: str | None, year: int | None) -> str:
    if template in ("2019", "2021"):
        return template
    if template is not None:
        raise ValueError(f"template must be '2019' or '2021', not {template!r}")
    return "2019" if year is not None and year <= 2020 else "2021"


# --- cells with quirks ------------------------------------------------------------------------------


class _Cells:
    """Cell strings for one document, with the document's quirks applied."""

    def __init__(self, quirks: Quirks) -> None:
        self.q = quirks
        self.rnd = quirks.random_for("document")

    def _hit(self, on: bool) -> bool:
        return on and self.q.hits(self.rnd)

    def _pad(self, text: str) -> str:
        if self._hit(self.q.padding):
            return " " * self.rnd.randint(1, 2) + text + " " * self.rnd.randint(0, 2)
        return text

    def label(self, text: str) -> str:
        if text and len(text) > 1 and self._hit(self.q.spaced_labels):
            if self.rnd.random() < 0.5:
                text = " ".join(text)
            else:
                i = self.rnd.randrange(1, len(text))
                text = text[:i] + " " + text[i:]
        return self._pad(text) if text else text

    def value(self, v: CellData, *, units: Sequence[str] = (), signed: bool = False) -> str:
        if v is None:
            return self._pad("") if self.q.padding and self.q.hits(self.rnd) else ""
        if isinstance(v, str):
            return self._pad(v)
        if isinstance(v, bool):
            raise TypeError(f"not a number: {v!r}")
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if not d.is_finite():
            raise ValueError(f"not a finite number: {v!r}")
        mag = -d if d < 0 else d
        digits = format(mag, ",f" if mag >= 1000 and self._hit(self.q.thousands) else "f")
        if self._hit(self.q.fullwidth):
            digits = digits.translate(_FULLWIDTH)
        sign = "-" if d < 0 else ""
        if signed and d != 0 and self._hit(self.q.sign_words):
            sign = "减" if d < 0 else self.rnd.choice(("增", "+"))
        unit = self.rnd.choice(tuple(units)) if units and self._hit(self.q.units) else ""
        return self._pad(sign + digits + unit)


# --- building the document -------------------------------------------------------------------------------


def _item_rows(item: forms.ItemSpec, form: str, cells: Mapping[str, CellData]) -> list[tuple[str, str | None]]:
    """(row id, sub label or None) in printed order: the form's rows, each followed by
    the sub-rows the data holds for it (``other_services[行政检查]``)."""
    out: list[tuple[str, str | None]] = []
    prefix = f"{item.id}/"
    subs: dict[str, list[str]] = {}
    for key in cells:
        if key.startswith(prefix):
            row_id = key[len(prefix):].rsplit("/", 1)[0]
            if "[" in row_id and row_id.endswith("]"):
                parent, sub = row_id[:-1].split("[", 1)
                if sub not in subs.setdefault(parent, []):
                    subs[parent].append(sub)
    for spec in item.rows:
        if form not in spec.forms:
            continue
        own = any(k.startswith(f"{prefix}{spec.id}/") for k in cells)
        if own or not subs.get(spec.id):
            out.append((spec.id, None))
        out.extend((spec.id, sub) for sub in subs.get(spec.id, []))
    return out


def _item_tables(form: str, cells: Mapping[str, CellData], c: _Cells) -> list[Block]:
    blocks: list[Block] = []
    col_labels = ITEM_COLUMN_LABELS[form]
    row_labels = ITEM_ROW_LABELS[form]
    for item in forms.ITEMS:
        if form not in item.columns:
            continue
        cols = [col.id for col in item.columns[form]]
        width = 1 + len(cols)
        headers = [col_labels[col] for col in cols]
        amount_units: tuple[str, ...] = ("万元",)
        if item.id == "active.item9" and "amount" in cols:
            # the 2019 form's 采购总金额 names no unit; reports print 元 or 万元, and
            # some state 万元 in the header (then a value may only carry 万元)
            if c.rnd.random() < 0.5:
                headers[cols.index("amount")] = "采购总金额（万元）"
            else:
                amount_units = ("元", "万元")
        rows: list[tuple[str, ...]] = [
            (c.label(ITEM_TITLE.format(item.number)), *[""] * (width - 1)),
            (c.label(ITEM_HEADER), *(c.label(h) for h in headers)),
        ]
        printed: set[str] = set()  # form rows whose label is already printed
        for row_id, sub in _item_rows(item, form, cells):
            key_row = row_id if sub is None else f"{row_id}[{sub}]"
            values = []
            for col in cols:
                v = cells.get(f"{item.id}/{key_row}/{col}")
                units = amount_units if col == "amount" else ITEM_COUNT_UNITS.get(col, ())
                values.append(c.value(v, units=units, signed=(col == "change")))
            if sub is None:
                labels: tuple[str, ...] = (c.label(row_labels[row_id]),)
            elif row_id in printed:  # a further sub-row: the form row's label is merged above
                labels = ("", c.label(sub))
            else:
                labels = (c.label(row_labels[row_id]), c.label(sub))
            printed.add(row_id)
            rows.append((*labels, *values))
        blocks.append(TableBlock(item.id, rows))
    return blocks


def _applications_table(form: str, cells: Mapping[str, CellData], c: _Cells) -> TableBlock:
    rows: list[tuple[str, ...]] = [tuple(c.label(x) for x in r) for r in APPLICATIONS_HEADER]
    for row_id in forms.application_rows(form):
        labels = tuple(c.label(x) for x in APPLICATION_LABELS[row_id])
        values = tuple(c.value(cells.get(f"applications/{row_id}/{col}")) for col in forms.APPLICATION_COLUMNS)
        rows.append((*labels, *values))
    return TableBlock("applications", rows)


def _review_table(cells: Mapping[str, CellData], c: _Cells) -> TableBlock:
    rows: list[tuple[str, ...]] = [tuple(c.label(x) for x in r) for r in REVIEW_HEADER]
    values = tuple(
        c.value(cells.get(f"review/{row_id}/{col}")) for row_id in forms.REVIEW_ROWS for col in forms.REVIEW_COLUMNS
    )
    rows.append(values)
    return TableBlock("review", rows)


def _check_keys(cells: Mapping[str, CellData], form: str) -> None:
    known: set[str] = set()
    for item in forms.ITEMS:
        for column in item.columns.get(form, ()):
            for spec in item.rows:
                if form in spec.forms:
                    known.add(f"{item.id}/{spec.id}/{column.id}")
    for row_id in forms.application_rows(form):
        known.update(f"applications/{row_id}/{col}" for col in forms.APPLICATION_COLUMNS)
    for row_id in forms.REVIEW_ROWS:
        known.update(f"review/{row_id}/{col}" for col in forms.REVIEW_COLUMNS)
    unknown = []
    for key in cells:
        if key in known:
            continue
        table, _, rest = key.partition("/")
        row_id, _, col = rest.rpartition("/")
        parent = row_id.split("[", 1)[0]
        if table.startswith("active.") and row_id.endswith("]") and f"{table}/{parent}/{col}" in known:
            continue
        unknown.append(key)
    if unknown:
        raise ValueError(f"keys not on the {form} form: {', '.join(sorted(unknown)[:8])}")
    for key, v in cells.items():
        if isinstance(v, str) and v not in NA_MARKS:
            raise ValueError(f"{key}: {v!r} is neither a number nor a not-applicable mark {NA_MARKS}")


def build_document(
    data: Report | Mapping[str, CellData],
    *,
    agency: str | None = None,
    year: int | None = None,
    template: str | None = None,
    quirks: Quirks = NO_QUIRKS,
) -> list[Block]:
    """The report as blocks: title, headings, paragraphs and tables on the form.

    ``data`` is a report (its agency, year and template are the defaults) or a
    flat dict from canonical keys to numbers, ``None`` for a blank cell, or an
    NA mark (:data:`NA_MARKS`). A cell the data does not hold is printed blank.
    """
    if isinstance(data, Report):
        agency = agency if agency is not None else data.agency
        year = year if year is not None else data.year
        template = template if template is not None else data.template
        cells: Mapping[str, CellData] = _cells_of_report(data)
    else:
        cells = data
    form = _form_of(template, year)
    if not isinstance(data, Report):
        _check_keys(cells, form)
    c = _Cells(quirks)
    blocks: list[Block] = []
    if quirks.attachment:
        blocks.append(Paragraph(c.rnd.choice(("附件", "附件1", "附件："))))
    blocks.append(Heading(f"{agency or ''}{year if year is not None else ''}年政府信息公开工作年度报告"))
    for sid, heading in SECTION_HEADINGS.items():
        blocks.append(Heading(heading))
        blocks.append(Paragraph(_PROSE[sid].format(year=year, agency=agency or "本机关")))
        if sid == "active_disclosure":
            blocks.extend(_item_tables(form, cells, c))
        elif sid == "applications":
            blocks.append(_applications_table(form, cells, c))
        elif sid == "review_litigation":
            blocks.append(_review_table(cells, c))
    return blocks


# --- layouts ------------------------------------------------------------------------------------------------


def layout_renderer(layout: str) -> ModuleType:
    """The layout module named ``layout`` (its ``LAYOUT``) that can write tables."""
    from .readers import layouts

    names = []
    for module in layouts():
        if hasattr(module, "render"):
            names.append(module.LAYOUT)
            if layout == module.LAYOUT:
                return module
    raise ValueError(f"no layout {layout!r} can render tables; these can: {', '.join(names)}")


def render_blocks(blocks: Iterable[Block], layout: str = "tab-rows", quirks: Quirks = NO_QUIRKS) -> str:
    module = layout_renderer(layout)
    parts = []
    for block in blocks:
        if isinstance(block, TableBlock):
            parts.append(module.render(block.rows, quirks))
        else:
            parts.append(block.text)
    return "\n\n".join(parts) + "\n"


def render(
    data: Report | Mapping[str, CellData],
    layout: str = "tab-rows",
    *,
    agency: str | None = None,
    year: int | None = None,
    template: str | None = None,
    quirks: Quirks | None = None,
) -> str:
    """A full report text for ``data`` with its tables in ``layout``.

    >>> text = render({"applications/new_received/total": 3}, "cell-per-line",
    ...               agency="示例市生态环境局", year=2023)

    ``template`` ("2019" or "2021") defaults to the report's, else to the form
    of ``year`` (2019 for 2019 and 2020, 2021 after).
    """
    quirks = quirks or NO_QUIRKS
    blocks = build_document(data, agency=agency, year=year, template=template, quirks=quirks)
    return render_blocks(blocks, layout, quirks)
