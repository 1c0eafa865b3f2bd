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
