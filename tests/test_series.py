"""check_series across years: jumps of key counts, text reused from last year (keep / break)."""

from __future__ import annotations

import pytest

import gixparse

from .test_metrics import BASE, A, report

PROBLEMS = "一是政策解读形式较为单一，下一步将丰富解读方式；二是部分栏目更新不够及时，下一步将按月检查。"
LONG = ("一是政府信息公开工作机制还不够健全，部分科室对公开工作重视程度不够，信息报送不及时；二是政策解读的形式"
        "较为单一，图文解读、视频解读等方式运用不多，解读质量有待提高；三是依申请公开答复的规范性仍需加强。"
        "下一步，我局将进一步健全工作机制，加强业务培训，丰富政策解读形式，提升依申请公开办理质量。")
OTHER = ("本年度我局在政府信息公开方面主要存在以下不足：网站栏目设置与新条例要求不完全一致，个别栏目长期未更新；"
         "基层政务公开标准化规范化建设推进较慢，公开目录编制不够细化。针对上述问题，我局将对照条例要求全面梳理"
         "栏目，建立月度巡查机制，并指导基层单位完成公开目录的编制和动态调整工作。")


def _year(year, changes=None, problems=None):
    edit = (lambda t: t.replace(PROBLEMS, problems, 1)) if problems else None
    return report(changes, year=year, text_edit=edit)


def _found(reports, code):
    return [f for f in gixparse.check_series(reports) if f.code == code]


def _scaled(factor):
    """new_received ×factor in 自然人 and 总计, balanced by carried_forward (I1 keeps)."""
    extra = BASE[A + "new_received/total"] * (factor - 1)
    out = {}
    for col in ("natural_person", "total"):
        out[A + f"new_received/{col}"] = BASE[A + f"new_received/{col}"] + extra
        out[A + f"carried_forward/{col}"] = BASE[A + f"carried_forward/{col}"] + extra
    return out


@pytest.mark.parametrize("factor, flagged", [(1, False), (4, False), (5, True)])
def test_a_jump_in_applications_received(factor, flagged):
    r2023 = _year(2023, _scaled(factor))
    assert not any(f.severity == gixparse.Severity.ERROR for f in r2023.findings)
    found = _found([_year(2022), r2023], "series-jump")
    assert bool([f for f in found if f.path == A + "new_received/total"]) is flagged
    if flagged:
        f = found[0]
        assert f.expected == BASE[A + "new_received/total"] and "×5.0" in f.message and f.line is not None


def test_a_fall_is_a_jump_too_and_small_counts_are_not():
    assert _found([_year(2022, _scaled(5)), _year(2023)], "series-jump")
    small = {"review/reconsideration/upheld": 0, "review/reconsideration/pending": 0,
             "review/reconsideration/total": 0}
    found = _found([_year(2022, small), _year(2023)], "series-jump")  # 0 → 2: below the floor of 10
    assert not [f for f in found if f.path.startswith("review/")]


def test_the_factor_is_a_parameter():
    reports = [_year(2022), _year(2023, _scaled(3))]
    assert not _found(reports, "series-jump")
    assert [f.path for f in gixparse.check_series(reports, jump_factor=3) if f.code == "series-jump"] == \
        [A + "new_received/total"]


@pytest.mark.parametrize("before, after, flagged", [
    (LONG, LONG.replace("我局", "本局"), True),  # copied, a word changed
    (LONG.replace("健全", "2022年健全"), LONG.replace("健全", "2023年健全"), True),  # only the dates updated
    (LONG, OTHER, False),  # rewritten
    (PROBLEMS, PROBLEMS, False),  # a short boilerplate section is not compared
])
def test_problems_text_reused_from_last_year(before, after, flagged):
    found = _found([_year(2022, problems=before), _year(2023, problems=after)], "series-text-reused")
    found = [f for f in found if f.path == "sections/problems"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].actual >= 0.9 and "% the same text as 2022's" in found[0].message
        assert found[0].line is not None


def test_reuse_threshold_is_a_parameter():
    reports = [_year(2022, problems=LONG), _year(2023, problems=OTHER)]
    low = [f for f in gixparse.check_series(reports, reuse_threshold=0.1) if f.code == "series-text-reused"]
    assert [f.path for f in low] == ["sections/problems"] and low[0].actual < 0.9


def test_years_apart_are_not_compared():
    assert not _found([_year(2021, problems=LONG), _year(2023, problems=LONG)], "series-text-reused")


def test_check_series_on_the_command_line(tmp_path, capsys):
    from gixparse.cli import main
    from gixparse.render import render

    from .test_metrics import BASE as _B
    from .test_metrics import META

    for year, problems in ((2022, LONG), (2023, LONG.replace("我局", "本局"))):
        text = render(_B, "tab-rows", **{**META, "year": year}).replace(PROBLEMS, problems)
        (tmp_path / f"r{year}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    assert main(["check", "--series", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("2 reports of 1 agencies: ") and "series-text-reused" in out.out
    assert "notes.txt" in out.err
    assert main(["check", "--series", "--format", "json", str(tmp_path)]) == 0
    import json

    assert "series-text-reused" in [f["code"] for f in json.loads(capsys.readouterr().out)]
