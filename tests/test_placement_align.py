"""Placement by alignment: rows whose label names no form row, taken for the one free
row their place, numbering, group and words leave, or left unplaced with the reason.

Unit tests of the aligner (placement/align.py), then one report of our own per rule,
rendered on the official form (gixparse.render) and damaged the way real labels are.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import gixparse
from gixparse import forms
from gixparse.placement.align import Label, align, read_label, similarity
from gixparse.placement.items import _item_row
from gixparse.render import APPLICATION_LABELS, render

from .strategies import cases
from .test_layout_properties import silently_wrong

GROUPS = forms.APPLICATION_GROUP_WORDS
ORDER_2021 = forms.application_rows("2021")
NAMES = {rid: forms.ROW_LABELS[rid] for rid in forms.APPLICATION_PLACES}


# --- reading a label ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cells, want", [
    (["2.其他法律行政公开"], Label(None, None, 2, "其他法律行政公开")),
    (["（六）其他处理", "行政机关不再处理其政府信息公开申请"],
     Label("三", "六", None, "行政机关不再处理其政府信息公开申请")),
    (["三、本年度办理结果", "（一）予以公"], Label("三", "一", None, "予以公")),
    (["（三）不予公开1.属于国家秘"], Label("三", "三", 1, "属于国家秘")),
    (["不予处理", "2、重复申"], Label("三", "五", 2, "重复申")),
    (["行政机关不再处理其政府信息公开申请"], Label(None, None, None, "行政机关不再处理其政府信息公开申请")),
    (["（六）其他处理"], Label(None, "六", None, "其他处理")),  # the row's own words, not a group cell
])
def test_read_label(cells, want):
    assert read_label(cells, GROUPS) == want


def test_similarity_of_damaged_words_and_fragments():
    assert similarity("其他法律行政公开", "其他法律行政法规禁止公开") >= 80  # characters lost
    fragment = "行政机关不再处理其政府信息公开申请"
    assert similarity(fragment, forms.APPLICATION_PLACES["other_no_correction"].words) == 100
    assert similarity("其他处理", "其他") < 70  # longer than the form's words: no fragment match
    assert similarity("其他法律行政公开", "属于国家秘密") == 0
    assert similarity("", "其他") == 0


# --- the aligner ---------------------------------------------------------------------------------------


def _anchors(*rows: str, skip: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """Every row of the 2021 form but ``skip``, printed in order at positions 0, 2, 4 …"""
    return [(2 * j, rid) for j, rid in enumerate(rows or ORDER_2021) if rid not in skip]


def _pos(rid: str) -> int:
    return 2 * ORDER_2021.index(rid)


def test_one_free_slot_with_numbering_and_like_words_is_taken():
    anchors = _anchors(skip=("withheld_prohibited_by_law",))
    got = align([(_pos("withheld_prohibited_by_law"), read_label(["2.其他法律行政公开"], GROUPS))], anchors,
                ORDER_2021, forms.APPLICATION_PLACES, NAMES)
    decision = got[_pos("withheld_prohibited_by_law")]
    assert decision.row_id == "withheld_prohibited_by_law"
    assert "numbering" in decision.reason and "（三）1.属于国家秘密" in decision.reason


def test_numbering_against_the_free_slot_leaves_the_row_unplaced():
    anchors = _anchors(skip=("withheld_prohibited_by_law",))
    got = align([(_pos("withheld_prohibited_by_law"), read_label(["5.其他法律行政公开"], GROUPS))], anchors,
                ORDER_2021, forms.APPLICATION_PLACES, NAMES)
    assert got[_pos("withheld_prohibited_by_law")].row_id is None


def test_unlike_words_in_the_only_free_slot_stay_unplaced():
    anchors = _anchors(skip=("withheld_prohibited_by_law",))
    got = align([(_pos("withheld_prohibited_by_law"), read_label(["小计"], GROUPS))], anchors,
                ORDER_2021, forms.APPLICATION_PLACES, NAMES)
    assert got[_pos("withheld_prohibited_by_law")].row_id is None


def test_a_fragment_fitting_two_free_slots_is_ambiguous():
    anchors = _anchors(skip=("other_no_correction", "other_unpaid_fee"))
    pos = _pos("other_no_correction")
    got = align([(pos, read_label(["行政机关不再处理其政府信息公开申请"], GROUPS))], anchors, ORDER_2021,
                forms.APPLICATION_PLACES, NAMES)
    assert got[pos].row_id is None
    assert "any of" in got[pos].reason


def test_as_many_rows_as_free_slots_are_taken_in_order():
    anchors = _anchors(skip=("other_no_correction", "other_unpaid_fee"))
    first, second = _pos("other_no_correction"), _pos("other_unpaid_fee")
    fragment = read_label(["行政机关不再处理其政府信息公开申请"], GROUPS)
    got = align([(first, fragment), (second, fragment)], anchors, ORDER_2021, forms.APPLICATION_PLACES, NAMES)
    assert (got[first].row_id, got[second].row_id) == ("other_no_correction", "other_unpaid_fee")


def test_words_closer_to_a_placed_row_stay_unplaced():
    """A damaged copy of a placed row (a duplicate) is not taken for the free row beside it,
    though its words are like enough the free row's."""
    anchors = _anchors(skip=("other_no_correction",))
    pos = _pos("other_no_correction")
    words = "申请人逾期未按收费通知缴纳费用、行政机关不再处理其政府信息公开申请"  # （六）2. with characters lost
    label = read_label([words], GROUPS)
    assert similarity(label.words, forms.APPLICATION_PLACES["other_no_correction"].words) >= 70
    got = align([(pos, label)], anchors, ORDER_2021, forms.APPLICATION_PLACES, NAMES)
    assert got[pos].row_id is None and "closer to a row of the form that is placed elsewhere" in got[pos].reason


def test_no_free_slot_and_no_anchor():
    anchors = _anchors()
    got = align([(1, read_label(["2.其他法律行政公开"], GROUPS))], anchors, ORDER_2021, forms.APPLICATION_PLACES,
                NAMES)
    assert got[1].row_id is None and "no row of the form is free" in got[1].reason
    got = align([(1, read_label(["2.其他法律行政公开"], GROUPS))], [], ORDER_2021, forms.APPLICATION_PLACES, NAMES)
    assert got[1].row_id is None


def test_rows_out_of_the_forms_order_are_not_aligned():
    anchors = [(0, "total_handled"), (4, "granted")]
    got = align([(2, read_label(["2.其他法律行政公开"], GROUPS))], anchors, ORDER_2021, forms.APPLICATION_PLACES,
                NAMES)
    assert got[2].row_id is None


# --- reports of our own, damaged -----------------------------------------------------------------------

_COLS = forms.APPLICATION_COLUMNS
_VALUES = {
    "new_received": (3, 1, 0, 0, 0, 0, 4),
    "granted": (1, 0, 0, 0, 0, 0, 1),
    "withheld_prohibited_by_law": (1, 0, 0, 0, 0, 0, 1),
    "other_no_correction": (1, 1, 0, 0, 0, 0, 2),
    "total_handled": (3, 1, 0, 0, 0, 0, 4),
}
_CELLS = {f"applications/{row}/{c}": _VALUES.get(row, (0,) * 7)[i]
          for row in ORDER_2021 for i, c in enumerate(_COLS)}
_NO_CORRECTION = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
_UNPAID_FEE = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
_FRAGMENT = "行政机关不再处理其政府信息公开申请"


def _report(*edits: tuple[str, str]) -> tuple[gixparse.Report, dict]:
    text = render(_CELLS, "tab-rows", agency="示例市测试局", year=2023)
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    report = gixparse.parse(text)
    return report, gixparse.flatten(report)


def _row(flat: dict, row: str) -> tuple:
    return tuple(flat.get(f"applications/{row}/{c}") for c in _COLS)


def _findings(report: gixparse.Report, code: str) -> list[gixparse.Finding]:
    return [f for f in report.findings if f.code == code]


def test_report_as_rendered_has_no_alignment():
    report, flat = _report()
    assert _row(flat, "withheld_prohibited_by_law") == _VALUES["withheld_prohibited_by_law"]
    assert _findings(report, "row-aligned") == [] and _findings(report, "unplaced-row") == []


def test_report_damaged_label_is_aligned_with_a_warning():
    report, flat = _report(("2.其他法律行政法规禁止公开", "2.其他法律行政公开"))
    assert _row(flat, "withheld_prohibited_by_law") == _VALUES["withheld_prohibited_by_law"]
    [f] = _findings(report, "row-aligned")
    assert f.path == "applications/withheld_prohibited_by_law" and f.severity == gixparse.Severity.WARNING
    assert "2.其他法律行政公开" in f.message and "（三）2.其他法律行政法规禁止公开" in f.message
    assert not [x for x in report.findings if x.code.startswith("I")]  # the identities hold as printed


def test_report_fragment_without_group_cell_is_aligned():
    report, flat = _report(("（六）其他处理\t" + _NO_CORRECTION, "\t" + _FRAGMENT))
    assert _row(flat, "other_no_correction") == _VALUES["other_no_correction"]
    [f] = _findings(report, "row-aligned")
    assert f.path == "applications/other_no_correction" and _FRAGMENT in f.message


def test_report_fragment_with_its_group_cell_is_aligned_not_read_as_the_2019_row():
    report, flat = _report((_NO_CORRECTION, _FRAGMENT))
    assert _row(flat, "other_no_correction") == _VALUES["other_no_correction"]
    assert not any(k.startswith("applications/other_handling") for k in flat)
    [f] = _findings(report, "row-aligned")
    assert f.path == "applications/other_no_correction"


def test_report_2019_only_row_in_a_2021_report_stays_unplaced():
    """A 2021 report printing the 2019 form's one （六）其他处理 row: never other_handling."""
    report, flat = _report(("\t" + _NO_CORRECTION, ""), ("\t\t" + _UNPAID_FEE + "\t0\t0\t0\t0\t0\t0\t0\n", ""),
                           ("\t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n", ""))
    assert report.template == "2021"
    assert not any(k.startswith("applications/other_handling") for k in flat)
    [f] = _findings(report, "unplaced-row")
    assert "2019" in f.message and "（六）其他处理" in f.message
    missing = {x.path for x in _findings(report, "missing-row")}
    assert {"applications/other_no_correction", "applications/other_unpaid_fee",
            "applications/other_other"} <= missing
    assert _findings(report, "row-aligned") == []


def test_report_ambiguous_fragment_stays_unplaced_with_a_finding():
    """The fragment fits （六）1 and （六）2, and both are free: neither is guessed."""
    report, flat = _report(("（六）其他处理\t" + _NO_CORRECTION, "\t" + _FRAGMENT),
                           ("\t\t" + _UNPAID_FEE + "\t0\t0\t0\t0\t0\t0\t0\n", ""))
    assert _row(flat, "other_no_correction") == (None,) * 7
    assert _row(flat, "other_unpaid_fee") == (None,) * 7
    [f] = _findings(report, "unplaced-row")
    assert _FRAGMENT in f.message and "（六）1." in f.message and "（六）2." in f.message
    assert _findings(report, "row-aligned") == []


def test_report_item_row_of_the_2019_form_in_a_2021_report_stays_unplaced():
    cells = {**_CELLS, "active.item5/licensing/decisions": 7}
    text = render(cells, "tab-rows", agency="示例市测试局", year=2023)
    text = text.replace("行政许可\t7\n", "行政许可\t7\n其他对外管理服务事项\t5\n", 1)
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert flat["active.item5/licensing/decisions"] == 7
    assert not any("other_services" in k or "[" in k for k in flat)
    [f] = _findings(report, "unplaced-row")
    assert "其他对外管理服务事项" in f.message and "2019" in f.message


_ITEM_CELLS = {"active.item1/rules/issued": 1, "active.item1/rules/repealed": 0, "active.item1/rules/in_force": 3,
               "active.item1/normative_documents/issued": 2, "active.item1/normative_documents/repealed": 1,
               "active.item1/normative_documents/in_force": 9, "active.item6/penalty/decisions": 4,
               "active.item6/coercion/decisions": 2}


def test_report_damaged_item_labels_are_aligned_within_their_table():
    text = render(_ITEM_CELLS, "tab-rows", agency="示例市测试局", year=2023)
    text = text.replace("规范性文件\t", "规范性文\t", 1).replace("行政处罚\t", "行政处\t", 1)
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert {k: flat.get(k) for k in _ITEM_CELLS} == _ITEM_CELLS
    aligned = {f.path: f.message for f in _findings(report, "row-aligned")}
    assert set(aligned) == {"active.item1/normative_documents", "active.item6/penalty"}
    assert "'行政处'" in aligned["active.item6/penalty"] and "行政处罚" in aligned["active.item6/penalty"]


def test_report_item_row_with_unlike_words_stays_unplaced():
    text = render(_ITEM_CELLS, "tab-rows", agency="示例市测试局", year=2023)
    text = text.replace("行政处罚\t", "行政奖励\t", 1)
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert "active.item6/penalty/decisions" not in flat
    [f] = _findings(report, "unplaced-row")
    assert "行政奖励" in f.message
    assert "active.item6/penalty" in {x.path for x in _findings(report, "missing-row")}


def test_report_item_header_with_a_typo_keeps_its_columns():
    """先行有效件数 (a typo for 现行有效件数 seen in real reports) still names the column."""
    text = render(_ITEM_CELLS, "tab-rows", agency="示例市测试局", year=2023).replace("现行有效件数", "先行有效件数")
    flat = gixparse.flatten(gixparse.parse(text))
    assert {k: flat.get(k) for k in _ITEM_CELLS} == _ITEM_CELLS


# --- any label of table 三 damaged: never a silently wrong value ---------------------------------------

@given(case=cases(), data=st.data())
def test_a_damaged_label_is_read_right_or_flagged(case, data):
    """Characters dropped from one row's label (its numbering kept): the row's values come
    back as generated or its row carries a finding; no other value changes silently."""
    rows = [r for r in forms.application_rows(case.template) if APPLICATION_LABELS[r][-1]]
    row = data.draw(st.sampled_from(rows))
    label = APPLICATION_LABELS[row][-1]
    keep = len(label) - len(forms.strip_numbering(forms.squash(label)))  # the numbering stays
    drop = data.draw(st.sets(st.integers(keep, len(label) - 1), min_size=1, max_size=max(1, (len(label) - keep) // 3)))
    damaged = "".join(ch for i, ch in enumerate(label) if i not in drop)
    assume(damaged.strip())
    text = render(case.cells, "tab-rows", agency=case.agency, year=case.year, template=case.template)
    assert label in text
    report = gixparse.parse(text.replace(label, damaged, 1))
    assert silently_wrong(case, report) == {}


_REVIEW = {"reconsideration": (1, 0, 1, 0, 2), "litigation_direct": (0, 1, 0, 0, 1),
           "litigation_after_reconsideration": (0, 0, 0, 1, 1)}


def _review_report(first_label: str) -> gixparse.Report:
    """Table 四 printed one row per group, labelled (as many reports print it)."""
    text = render(_CELLS, "tab-rows", agency="示例市测试局", year=2023)
    head, rest = text.split("四、政府信息公开行政复议、行政诉讼情况\n", 1)
    tail = rest[rest.index("五、存在的主要问题"):]
    rows = [(first_label, _REVIEW["reconsideration"]), ("行政诉讼·未经复议直接起诉", _REVIEW["litigation_direct"]),
            ("行政诉讼·复议后起诉", _REVIEW["litigation_after_reconsideration"])]
    table = "\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n" + "".join(
        label + "\t" + "\t".join(map(str, vals)) + "\n" for label, vals in rows)
    return gixparse.parse(head + "四、政府信息公开行政复议、行政诉讼情况\n\n" + table + "\n" + tail)


def test_report_review_row_with_a_typo_is_aligned():
    report = _review_report("行政复义")
    flat = gixparse.flatten(report)
    for gid, vals in _REVIEW.items():
        assert tuple(flat[f"review/{gid}/{c}"] for c in forms.REVIEW_COLUMNS) == vals
    [f] = _findings(report, "row-aligned")
    assert f.path == "review/reconsideration" and "行政复义" in f.message
    assert _findings(report, "review-rows-mixed") == []


def test_report_review_row_with_unlike_words_is_not_aligned():
    report = _review_report("合计")
    assert _findings(report, "row-aligned") == []
    assert _findings(report, "review-rows-mixed")  # read in the order printed, flagged as before


@pytest.mark.parametrize("cells, want", [
    (("其他对外管理服务事项行政检查",), "other_services[行政检查]"),  # glued: the sub-row's words run on
    (("其他对外管理服务事项（项）",), "other_services"),  # a bracketed note is no sub-row
    (("其他对外管理服务", "事项"), "other_services"),  # the row's own label broken over two cells
    (("其他对外管理服务事项", "行政确认"), "other_services[行政确认]"),
    (("行政许可事项",), "licensing"),  # only a catch-all row has sub-rows
])
def test_item_row_ids(cells, want):
    assert _item_row(cells, "2019")[2] == want
