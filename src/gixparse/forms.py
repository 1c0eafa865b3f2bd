"""The official forms as data: tables, rows, columns, label variants, identities.

Facts from 国办公开办函〔2019〕60号 (the "2019" form, reports for 2019 and 2020)
and 国办公开办函〔2021〕30号 (the "2021" form, reports for 2021 on). Placement
and checks read these tables; neither knows a label of its own. A new label
variant seen in real reports goes here and nowhere else.

Labels are matched after :func:`squash` (spaces, brackets and quotes folded),
by keywords: a row matches when its label contains one of the row's keywords.
Rows are tried in the order given, most specific first.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "APPLICATION_COLUMNS",
    "APPLICATION_PLACES",
    "APPLICATION_ROWS",
    "ITEMS",
    "OTHER_FORM_SUMS",
    "OUTCOME_ROWS",
    "REVIEW_COLUMNS",
    "REVIEW_GROUPS",
    "SECTIONS",
    "VALUE_WORDS",
    "ColumnSpec",
    "ItemSpec",
    "RowPlace",
    "RowSpec",
    "squash",
]


class RowSpec(NamedTuple):
    id: str
    keywords: tuple[str, ...]
    forms: tuple[str, ...] = ("2019", "2021")
    exact: tuple[str, ...] = ()  # labels that match only when they are the whole label
    sub_rows: bool = False  # a catch-all row reports often split into rows of their own (行政检查, 行政确认)


class ColumnSpec(NamedTuple):
    id: str
    keywords: tuple[str, ...]


class ItemSpec(NamedTuple):
    """A 第二十条 table: its rows and its columns under each form."""

    id: str
    number: str  # the （N） of 第二十条第（N）项
    rows: tuple[RowSpec, ...]
    columns: dict[str, tuple[ColumnSpec, ...]]


_SQUASH = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "“": '"',
        "”": '"',
        "「": '"',
        "」": '"',
        "‘": "'",
        "’": "'",
        "，": ",",
        "、": ",",
        "．": ".",
        " ": None,
        "\t": None,
        "\u3000": None,
    }
)
_NUMBERING = re.compile(r"^(?:[(]?[一二三四五六七八九十]+[)]?[,.]?|[(]?\d{1,2}[)]?[.,]?(?!\d))+")


def squash(label: str) -> str:
    """A label folded for matching: no spaces, ASCII brackets, quotes and commas."""
    return label.translate(_SQUASH)


def strip_numbering(label: str) -> str:
    """``(一)予以公开`` -> ``予以公开``; ``3.其他`` -> ``其他`` (on a squashed label)."""
    return _NUMBERING.sub("", label)


# --- Section 二: 第二十条 tables --------------------------------------------------------

_C = ColumnSpec
_PREV = _C("prev_items", ("上一年项目数量", "上一年项目", "上年项目"))
_CHANGE = _C("change", ("本年增/减", "增/减", "增减", "增加/减少"))
_DECISIONS = _C("decisions", ("处理决定数量", "处理决定", "决定数量"))

ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec(
        "active.item1",
        "一",
        (
            RowSpec("rules", ("规章",)),
            RowSpec("normative_documents", ("规范性文件",)),
        ),
        {
            "2019": (
                _C("new_made", ("新制作",)),
                _C("new_published", ("新公开",)),
                _C("total_published", ("公开总数", "总数量")),
            ),
            "2021": (
                _C("issued", ("制发",)),
                _C("repealed", ("废止",)),
                _C("in_force", ("现行有效", "有效件数")),  # 先行有效件数: a typo seen in real reports
            ),
        },
    ),
    ItemSpec(
        "active.item5",
        "五",
        (
            RowSpec("licensing", ("行政许可",)),
            RowSpec("other_services", ("其他对外管理服务事项", "对外管理服务"), forms=("2019",), sub_rows=True),
        ),
        {"2019": (_PREV, _CHANGE, _DECISIONS), "2021": (_DECISIONS,)},
    ),
    ItemSpec(
        "active.item6",
        "六",
        (
            RowSpec("penalty", ("行政处罚",)),
            RowSpec("coercion", ("行政强制",)),
        ),
        {"2019": (_PREV, _CHANGE, _DECISIONS), "2021": (_DECISIONS,)},
    ),
    ItemSpec(
        "active.item8",
        "八",
        (RowSpec("fees", ("事业性收费", "行政事业性收费")),),
        {"2019": (_PREV, _CHANGE), "2021": (_C("amount", ("收费金额", "金额")),)},
    ),
    ItemSpec(
        "active.item9",
        "九",
        (RowSpec("procurement", ("集中采购", "政府采购")),),
        {"2019": (_C("projects", ("采购项目", "项目数量")), _C("amount", ("采购总金额", "总金额", "金额")))},
    ),
)

ITEM_TITLE = re.compile(r"第二十条第?\(([一二三四五六七八九十]+)\)项?")

# Header words that say which form a report uses (the column headers tell the
# generations apart more reliably than the year in the title).
FORM_MARKERS: dict[str, tuple[str, ...]] = {
    "2021": ("本年制发件数", "制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用"),
    "2019": ("本年新制作数量", "新制作数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "采购总金额"),
}

# --- Section 三: applications --------------------------------------------------------------

APPLICATION_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
APPLICANT_COLUMNS = APPLICATION_COLUMNS[:6]

_R = RowSpec
APPLICATION_ROWS: tuple[RowSpec, ...] = (
    _R("new_received", ("新收",)),
    _R("carried_forward", ("结转下年度", "下年度继续办理", "转下年度")),
    _R("carried_over", ("上年结转", "上年度结转")),
    _R("partially_granted", ("部分公开",)),
    _R("granted", ("予以公开",)),
    _R("withheld_state_secret", ("国家秘密",)),
    _R("withheld_prohibited_by_law", ("禁止公开",)),
    _R("withheld_security_stability", ("三安全一稳定", "危及")),
    _R("withheld_third_party_rights", ("第三方",)),
    _R("withheld_internal_affairs", ("内部事务",)),
    _R("withheld_process_info", ("过程性",)),
    _R("withheld_enforcement_files", ("执法案卷",)),
    _R("withheld_query_matters", ("查询事项",)),
    _R("unavailable_not_held", ("不掌握",)),
    _R("unavailable_needs_creation", ("另行制作", "没有现成")),
    _R("unavailable_still_unclear", ("仍不明确", "补正后")),
    _R("not_processed_complaint", ("信访", "举报投诉")),
    _R("not_processed_repeated", ("重复申请",)),
    _R("not_processed_publication", ("出版物",)),
    _R("not_processed_excessive", ("大量反复", "大量反覆")),  # 反覆: 反复 as traditional-character pages write it
    _R("not_processed_confirmation", ("重新出具", "确认或")),
    _R("other_no_correction", ("不补正",), forms=("2021",)),
    _R("other_unpaid_fee", ("缴纳费用", "收费通知"), forms=("2021",)),
    _R("other_handling", ("其他处理",), forms=("2019",)),
    _R("other_other", (), forms=("2021",), exact=("其他",)),
    _R("total_handled", ("总计", "合计")),
)

# The outcome rows whose sum is （七）总计 (identity I3), per form.
_WITHHELD = tuple(r.id for r in APPLICATION_ROWS if r.id.startswith("withheld_"))
_UNAVAILABLE = tuple(r.id for r in APPLICATION_ROWS if r.id.startswith("unavailable_"))
_NOT_PROCESSED = tuple(r.id for r in APPLICATION_ROWS if r.id.startswith("not_processed_"))
OUTCOME_ROWS: dict[str, tuple[str, ...]] = {
    "2019": ("granted", "partially_granted", *_WITHHELD, *_UNAVAILABLE, *_NOT_PROCESSED, "other_handling"),
    "2021": (
        "granted",
        "partially_granted",
        *_WITHHELD,
        *_UNAVAILABLE,
        *_NOT_PROCESSED,
        "other_no_correction",
        "other_unpaid_fee",
        "other_other",
    ),
}


# A row of table 三 that only the other form has, printed in a report on this form (a 2021-form
# report that prints the 2019 form's single （六）其他处理 row): the rows of this form it is the
# sum of, per (this report's form, the printed row). Counts are never negative, so when the
# printed row is 0 in every column, each of these rows is 0 in every column.
OTHER_FORM_SUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("2021", "other_handling"): ("other_no_correction", "other_unpaid_fee", "other_other"),
}


def application_rows(form: str | None) -> tuple[str, ...]:
    """The rows of table 三 in printed order for a form."""
    return ("new_received", "carried_over", *OUTCOME_ROWS[form or "2021"], "total_handled", "carried_forward")


class RowPlace(NamedTuple):
    """Where a row of table 三 stands on the form: its numbering and its own words.
    Placement by alignment (placement/align.py) reads a damaged label against these."""

    top: str  # 一、 … 四、
    group: str | None  # （一） … （七） under 三、本年度办理结果
    item: int | None  # 1. 2. … under a group
    words: str  # the form's words for the row, without its numbering


_P = RowPlace
APPLICATION_PLACES: dict[str, RowPlace] = {
    "new_received": _P("一", None, None, "本年新收政府信息公开申请数量"),
    "carried_over": _P("二", None, None, "上年结转政府信息公开申请数量"),
    "granted": _P("三", "一", None, "予以公开"),
    "partially_granted": _P("三", "二", None, "部分公开(区分处理的,只计这一情形,不计其他情形)"),
    "withheld_state_secret": _P("三", "三", 1, "属于国家秘密"),
    "withheld_prohibited_by_law": _P("三", "三", 2, "其他法律行政法规禁止公开"),
    "withheld_security_stability": _P("三", "三", 3, '危及"三安全一稳定"'),
    "withheld_third_party_rights": _P("三", "三", 4, "保护第三方合法权益"),
    "withheld_internal_affairs": _P("三", "三", 5, "属于三类内部事务信息"),
    "withheld_process_info": _P("三", "三", 6, "属于四类过程性信息"),
    "withheld_enforcement_files": _P("三", "三", 7, "属于行政执法案卷"),
    "withheld_query_matters": _P("三", "三", 8, "属于行政查询事项"),
    "unavailable_not_held": _P("三", "四", 1, "本机关不掌握相关政府信息"),
    "unavailable_needs_creation": _P("三", "四", 2, "没有现成信息需要另行制作"),
    "unavailable_still_unclear": _P("三", "四", 3, "补正后申请内容仍不明确"),
    "not_processed_complaint": _P("三", "五", 1, "信访举报投诉类申请"),
    "not_processed_repeated": _P("三", "五", 2, "重复申请"),
    "not_processed_publication": _P("三", "五", 3, "要求提供公开出版物"),
    "not_processed_excessive": _P("三", "五", 4, "无正当理由大量反复申请"),
    "not_processed_confirmation": _P("三", "五", 5, "要求行政机关确认或重新出具已获取信息"),
    "other_handling": _P("三", "六", None, "其他处理"),
    "other_no_correction": _P("三", "六", 1, "申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请"),
    "other_unpaid_fee": _P("三", "六", 2, "申请人逾期未按收费通知要求缴纳费用,行政机关不再处理其政府信息公开申请"),
    "other_other": _P("三", "六", 3, "其他"),
    "total_handled": _P("三", "七", None, "总计"),
    "carried_forward": _P("四", None, None, "结转下年度继续办理"),
}

# The words of table 三's group cells, and the numbering they stand for (top, group).
APPLICATION_GROUP_WORDS: dict[str, tuple[str, str | None]] = {
    "本年度办理结果": ("三", None),
    "不予公开": ("三", "三"),
    "无法提供": ("三", "四"),
    "不予处理": ("三", "五"),
    "其他处理": ("三", "六"),
}


# --- Section 四: review and litigation -------------------------------------------------

REVIEW_GROUPS: tuple[RowSpec, ...] = (
    RowSpec("litigation_after_reconsideration", ("复议后起诉", "复议后")),
    RowSpec("litigation_direct", ("未经复议", "直接起诉")),
    RowSpec("reconsideration", ("行政复议",)),
)
REVIEW_ROWS: tuple[str, ...] = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
REVIEW_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")

COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "new_made": "本年新制作数量",
    "new_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "amount": "金额",
    "projects": "采购项目数量",
}

ROW_LABELS: dict[str, str] = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "三、（一）予以公开",
    "partially_granted": "三、（二）部分公开",
    "withheld_state_secret": "（三）1.属于国家秘密",
    "withheld_prohibited_by_law": "（三）2.其他法律行政法规禁止公开",
    "withheld_security_stability": "（三）3.危及“三安全一稳定”",
    "withheld_third_party_rights": "（三）4.保护第三方合法权益",
    "withheld_internal_affairs": "（三）5.属于三类内部事务信息",
    "withheld_process_info": "（三）6.属于四类过程性信息",
    "withheld_enforcement_files": "（三）7.属于行政执法案卷",
    "withheld_query_matters": "（三）8.属于行政查询事项",
    "unavailable_not_held": "（四）1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "（四）2.没有现成信息需要另行制作",
    "unavailable_still_unclear": "（四）3.补正后申请内容仍不明确",
    "not_processed_complaint": "（五）1.信访举报投诉类申请",
    "not_processed_repeated": "（五）2.重复申请",
    "not_processed_publication": "（五）3.要求提供公开出版物",
    "not_processed_excessive": "（五）4.无正当理由大量反复申请",
    "not_processed_confirmation": "（五）5.要求行政机关确认或重新出具已获取信息",
    "other_handling": "（六）其他处理",
    "other_no_correction": "（六）1.申请人无正当理由逾期不补正",
    "other_unpaid_fee": "（六）2.申请人逾期未按收费通知要求缴纳费用",
    "other_other": "（六）3.其他",
    "total_handled": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
    "reconsideration": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_reconsideration": "行政诉讼·复议后起诉",
    "rules": "规章",
    "normative_documents": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
# The 第二十条 rows' own words (placement/align.py reads a damaged label against them).
ITEM_PLACES: dict[str, RowPlace] = {
    spec.id: RowPlace("", None, None, squash(ROW_LABELS[spec.id])) for item in ITEMS for spec in item.rows
}
# The words of table 四's rows (a row label with a typo, 行政复义, is aligned against them).
REVIEW_PLACES: dict[str, RowPlace] = {
    "reconsideration": RowPlace("", None, None, "行政复议"),
    "litigation_direct": RowPlace("", None, None, "行政诉讼未经复议直接起诉"),
    "litigation_after_reconsideration": RowPlace("", None, None, "行政诉讼复议后起诉"),
}
TABLE_LABELS: dict[str, str] = {
    "applications": "三、收到和处理政府信息公开申请",
    "review": "四、行政复议、行政诉讼",
    "active": "二、主动公开",
    **{spec.id: f"第二十条第（{spec.number}）项" for spec in ITEMS},
}


def describe(path: str) -> str:
    """A canonical path in the form's Chinese words:
    ``applications/granted/total`` -> ``三、收到和处理政府信息公开申请 · 三、（一）予以公开 · 总计``."""
    parts = path.split("/")
    words = [TABLE_LABELS.get(parts[0], parts[0])]
    if len(parts) > 1:
        row, _, sub = parts[1].partition("[")
        words.append(ROW_LABELS.get(row, row) + (f"[{sub}" if sub else ""))
    if len(parts) > 2:
        words.append(COLUMN_LABELS.get(parts[2], parts[2]))
    return " · ".join(words)


# What reports print in a value cell in place of a number, pointing elsewhere or saying none was
# counted (规章 | 见附件). In glued text such words run into the label before them; a sub-row's name
# is free text, so these (longest first) are how its name is told from its first value cell's words.
VALUE_WORDS: tuple[str, ...] = ("详见附件", "详见附表", "暂未统计", "另行公布", "见附件", "见附表", "未统计")

# Group labels that span numbered sub-rows; a row labelled with one alone is a subtotal.
APPLICATION_GROUPS: tuple[str, ...] = ("不予公开", "无法提供", "不予处理", "本年度办理结果", "办理结果")

# --- Sections ------------------------------------------------------------------------------

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("总体情况", "概述")),
    ("active_disclosure", ("主动公开",)),
    ("applications", ("收到和处理", "依申请公开", "政府信息公开申请")),
    ("review_litigation", ("行政复议", "行政诉讼")),
    ("problems", ("存在的主要问题", "主要问题", "存在问题", "存在的问题")),
    ("other_matters", ("其他需要报告", "其他事项")),
)

# The official heading of each section (with the variants seen in real reports), as
# regular expressions: a heading that holds one is preferred over one that only holds
# the section's words, and a heading inside a line of running text must hold one.
SECTION_PHRASES: dict[str, str] = {
    "overview": r"总体情况",
    "active_disclosure": r"主动公开政府信息(?:的)?情况",
    "applications": r"收到和处理政府信息公开申请(?:的)?情况",
    "review_litigation": r"行政复议.{0,8}?行政诉讼(?:的)?情况",
    "problems": r"(?:存在的)?主要问题(?:及|和|与)?(?:改进|整改)(?:情况|措施)",
    "other_matters": r"其他需要报告的事项",
}
