"""Open rows end to end: glued runs settled across the table, dropped blanks flagged."""

from __future__ import annotations

import gixparse
from tests.conftest import SHARED, needs_shared


@needs_shared
def test_glued_report_rows_settled_by_column_identities():
    report = gixparse.parse((SHARED / "corpus/reports/pingtan-2021.txt").read_text(encoding="utf-8"))
    flat = gixparse.flatten(report)
    granted = [flat[f"applications/granted/{c}"] for c in
               ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")]
    assert granted == [27, 0, 0, 2, 0, 1, 30]  # two splits keep the row total; I3 keeps one
    assert flat["review/litigation_direct/upheld"] == 12
    codes = {(f.code, f.path) for f in report.findings}
    assert ("glued-ambiguous", "active.item1/normative_documents") in codes
    assert flat["active.item1/normative_documents/issued"] is None


def test_dropped_blank_rows_are_flagged_not_guessed():
    lines = ["示例局2023年政府信息公开工作年度报告", "一、总体情况", "概述。", "三、收到和处理政府信息公开申请情况",
             "申请人情况", "自然人", "总计", "一、本年新收政府信息公开申请数量", "5", "5",
             "二、上年结转政府信息公开申请数量", "0", "0", "（一）予以公开", "5", "5", "（七）总计", "5", "5",
             "四、结转下年度继续办理", "0", "0", "四、政府信息公开行政复议、行政诉讼情况", "无。"]
    report = gixparse.parse("\n".join(lines) + "\n")
    flat = gixparse.flatten(report)
    assert flat["applications/new_received/total"] == 5  # every choice of columns puts 5 under 总计
    assert flat["applications/new_received/natural_person"] is None  # which applicant column: not settled
    flagged = {f.path for f in report.findings if f.code == "blanks-dropped-ambiguous"}
    assert "applications/new_received" in flagged


# --- composed glued reports: the sample report (examples/) with one shape changed -----------------

from gixparse.render import render  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402

_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")


def _sample() -> tuple[gixparse.Report, dict]:
    report = gixparse.parse((EXAMPLES / "sample-2023-tab-rows.txt").read_text(encoding="utf-8"))
    return report, dict(gixparse.flatten(report))


def _glued(cells: dict, report: gixparse.Report) -> gixparse.Report:
    return gixparse.parse(render(cells, "glued", agency=report.agency, year=report.year))


def _row(flat: dict, row: str) -> list:
    return [flat.get(f"applications/{row}/{c}") for c in _COLS]


def test_a_glued_table_that_breaks_I3_is_read_and_the_break_reported():
    sample, cells = _sample()
    cells.update({"applications/granted/natural_person": 23, "applications/granted/total": 28})  # I3 now breaks
    report = _glued(cells, sample)
    flat = gixparse.flatten(report)
    assert {k: v for k, v in flat.items() if k.startswith("applications/")} == {
        k: v for k, v in cells.items() if k.startswith("applications/")}
    codes = {(f.code, f.path) for f in report.findings}
    assert ("table-identities-broken", "applications") in codes
    assert ("I3-outcome-total", "applications/total_handled/natural_person") in codes
    assert not {c for c, p in codes if p.startswith("applications")} & {"glued-unsplit", "glued-ambiguous"}


def test_a_glued_run_that_splits_one_way_is_read_though_it_breaks_its_total():
    sample, cells = _sample()
    cells.update({f"applications/withheld_state_secret/{c}": v for c, v in zip(_COLS, (3, 0, 0, 0, 0, 0, 0))})
    report = _glued(cells, sample)
    flat = gixparse.flatten(report)
    assert _row(flat, "withheld_state_secret") == [3, 0, 0, 0, 0, 0, 0]  # "3000000": seven digits, seven cells
    paths = {f.path for f in report.findings if f.code == "read-as-printed"}
    assert paths == {"applications/withheld_state_secret"}
    assert any(f.code == "I2-row-total" and f.path.startswith("applications/withheld_state_secret")
               for f in report.findings)


def test_a_blank_glued_row_does_not_take_the_next_title():
    sample, cells = _sample()
    cells["active.item5/licensing/decisions"] = None
    report = _glued(cells, sample)
    flat = gixparse.flatten(report)
    assert not any(k.startswith("active.item5/licensing[") for k in flat)
    assert flat["active.item6/penalty/decisions"] == cells["active.item6/penalty/decisions"]
    assert flat.get("active.item5/licensing/decisions") is None
    assert any(f.path and f.path.startswith("active.item5") for f in report.findings)


def test_a_glued_signed_change_splits_at_its_minus():
    text = ("示例区水务局2020年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
            "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费12-3\n"
            "三、收到和处理政府信息公开申请情况\n无。\n")
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert (flat["active.item8/fees/prev_items"], flat["active.item8/fees/change"]) == (12, -3)
    assert not [f for f in report.findings if f.path and f.path.startswith("active.item8")]


def test_a_dropped_blanks_row_that_fills_every_column_is_checked_with_the_table():
    """Scraper text: a row's blank cell dropped and a stray number taken in (the "7" of
    the next label, broken off by the page) fills the row's seven columns; its own 总计
    cannot be checked (a "/" stands in it), so only the table's identities show it."""
    sample, cells = _sample()
    cells.update({"applications/withheld_process_info/legal_services": "/",
                  "applications/withheld_process_info/other_org": None})
    text = render(cells, "cell-per-line-dropped-blanks", agency=sample.agency, year=sample.year)
    assert "\n7.属于行政执法案卷\n" in text
    report = gixparse.parse(text.replace("\n7.属于行政执法案卷\n", "\n7\n.属于行政执法案卷\n"))
    assert report.tables["applications"].layout == "cell-per-line-dropped-blanks"
    flat = gixparse.flatten(report)
    assert flat["applications/withheld_process_info/total"] == 7  # misread: the stray 7 as 总计
    assert ("table-identities-broken", "applications") in {(f.code, f.path) for f in report.findings}


def test_a_dropped_blanks_row_nothing_can_check_is_flagged():
    """The same shape where the table's identities cannot be used (most rows not
    printed): the full row with a mark in it is read as printed, and flagged."""
    rows = [("一、本年新收政府信息公开申请数量", "5 0 0 0 0 0 5"), ("（一）予以公开", "5 0 0 0 0 0 5"),
            ("6.属于四类过程性信息", "0 0 0 0 / 0 7"), (". 属于行政执法案卷", "0 0 0 0 0 0 0"),
            ("（七）总计", "5 0 0 0 0 0 5")]
    lines = ["示例局2023年政府信息公开工作年度报告", "一、总体情况", "概述。", "三、收到和处理政府信息公开申请情况",
             "申请人情况", "自然人", "总计"]
    for label, values in rows:
        lines += [label, *values.split()]
    report = gixparse.parse("\n".join([*lines, "四、政府信息公开行政复议、行政诉讼情况", "无。"]) + "\n")
    assert report.tables["applications"].layout == "cell-per-line-dropped-blanks"
    assert ("blanks-dropped-unchecked", "applications/withheld_process_info") in {
        (f.code, f.path) for f in report.findings}
    assert not [f for f in report.findings if f.code == "blanks-dropped-unchecked"
                and f.path != "applications/withheld_process_info"]  # rows whose 总计 checks them are not flagged


def test_glued_values_a_space_apart_need_no_blank_warning():
    text = ("示例区水务局2020年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
            "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章6 6 6规范性文件666\n"
            "三、收到和处理政府信息公开申请情况\n无。\n")
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert [flat[f"active.item1/{r}/{c}"] for r in ("rules", "normative_documents")
            for c in ("new_made", "new_published", "total_published")] == [6] * 6
    flagged = {f.path for f in report.findings if f.code == "glued-blanks-unchecked"}
    assert flagged == {"active.item1/normative_documents"}  # "666" could be 66 and 6 with a blank; "6 6 6" not
