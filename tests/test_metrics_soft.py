"""Soft checks of one report from what evaluators check: carry-over counts in the text,
an empty section 五, blank and "/" cells in tables 三 and 四 (keep / break on rendered reports)."""

from __future__ import annotations

import pytest

from gixparse.checks import completeness

from .test_metrics import BASE, A, report


def _in_applications(sentence):
    return lambda t: t.replace("本年度收到和处理政府信息公开申请情况统计如下。", sentence, 1)


def _codes(r, code):
    return [f for f in r.findings if f.code == code]


@pytest.mark.parametrize("sentence, row", [
    ("上年结转政府信息公开申请{over}件，本年度结转下年度继续办理{fwd}件。", None),
    ("上年结转政府信息公开申请{bad}件，本年度结转下年度继续办理{fwd}件。", "carried_over"),
    ("上年度结转的申请共{over}件，另有{bad}件结转至下一年度办理。", "carried_forward"),
])
def test_carry_over_counts_quoted_in_the_text(sentence, row):
    over, fwd = BASE[A + "carried_over/total"], BASE[A + "carried_forward/total"]
    text = sentence.format(over=over, fwd=fwd, bad=over + fwd + 7)
    found = _codes(report(text_edit=_in_applications(text)), "text-carry-mismatch")
    assert [f.path for f in found] == ([] if row is None else [f"{A}{row}/total"])
    if found:
        assert found[0].expected == over + fwd + 7 and found[0].line is not None


@pytest.mark.parametrize("body, flagged", [("无。", True), ("", True), ("  暂无 ", True),
                                           ("无明显问题，下一步将继续加强培训。", False)])
def test_problems_section_empty_or_only_none(body, flagged):
    problems = "一是政策解读形式较为单一，下一步将丰富解读方式；二是部分栏目更新不够及时，下一步将按月检查。"
    r = report(text_edit=lambda t: t.replace(problems, body, 1))
    assert bool(_codes(r, "problems-empty")) is flagged
    assert not _codes(report(), "problems-empty")


def test_blank_and_not_applicable_cells_are_counted():
    assert completeness(report()) == []
    zeros = [k for k, v in BASE.items() if v == 0 and k.startswith(A)]
    changes = {k: None for k in zeros[:5]} | {k: "/" for k in zeros[5:7]}
    found = completeness(report(changes, layout="cell-per-line"))
    assert [(f.code, f.path, f.actual) for f in found] == [("tables-blank-cells", "applications", 7)]
    assert "5 blank, 2 marked not applicable" in found[0].message
