"""The public API and the command line: never a traceback on a str, strict mode, JSON, exit codes."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import gixparse
from gixparse.cli import main

from .conftest import EXAMPLES

SAMPLE = EXAMPLES / "sample-2023-tab-rows.txt"

_PIECES = st.sampled_from([
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
    "第二十条第（一）项", "信息内容", "规章", "（七）总计", "四、结转下年度继续办理", "行政复议", "\t", "\n", "\n\n",
    "0", "12项", "减3项", "-", "/", "——", "[bookmark: x]", "   ", "１２", "（", "）", "|", "┼", "1.属于国家秘密",
])


@given(st.text())
def test_parse_never_raises_on_any_text(text):
    assert isinstance(gixparse.parse(text), gixparse.Report)


@given(st.lists(_PIECES, max_size=60).map("".join))
@example("\t\n\t\n\n\t")
@example("三、收到和处理政府信息公开申请情况\n（七）总计\t\t\t")
def test_parse_never_raises_on_report_like_text(text):
    report = gixparse.parse(text)
    assert gixparse.from_json(gixparse.to_json(report)) == report


def test_strict_raises_with_line_and_column():
    text = SAMPLE.read_text(encoding="utf-8").replace("行政规范性文件\t3\t1\t12", "行政规范性文件\t3\t见附件\t12")
    assert any(f.code == "value-not-a-number" for f in gixparse.parse(text).findings)
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(text, strict=True)
    line = text.split("\n").index("行政规范性文件\t3\t见附件\t12") + 1
    assert (err.value.line, err.value.column, err.value.code) == (line, 11, "value-not-a-number")


def test_strict_passes_a_clean_report_and_identity_breaks_stay_findings():
    text = SAMPLE.read_text(encoding="utf-8")
    assert gixparse.parse(text, strict=True).findings == ()
    broken = text.replace("\t42\t5\t1\t0\t2\t0\t50", "\t42\t5\t1\t0\t2\t0\t51")
    report = gixparse.parse(broken, strict=True)
    assert {f.code for f in report.findings} >= {"I2-row-total"}


def test_bytes_and_json_keep_chinese_readable():
    report = gixparse.parse(SAMPLE.read_bytes())
    assert report.agency == "示例市生态环境局"
    s = gixparse.to_json(report)
    assert "示例市生态环境局" in s and "\\u" not in s
    assert gixparse.from_json(s) == report
    assert gixparse.to_dict(report)["tables"]["active.item8"]["rows"][0]["values"]["amount"]["number"] == 12.5


def test_cli_parse_flat_and_stdin(capsys, monkeypatch):
    assert main(["--flat", str(SAMPLE)]) == 0
    flat = json.loads(capsys.readouterr().out)
    assert flat["applications/total_handled/total"] == 50
    monkeypatch.setattr("sys.stdin", type("S", (), {"buffer": type("B", (), {"read": lambda self: SAMPLE.read_bytes()})()})())
    assert main(["-"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2023


def test_cli_check_exit_codes(tmp_path, capsys):
    assert main(["check", str(SAMPLE)]) == 0
    assert "no findings" in capsys.readouterr().out
    broken = tmp_path / "broken.txt"
    broken.write_text(SAMPLE.read_text(encoding="utf-8").replace("1\t0\t0\t1\t2\t0\t1", "1\t0\t0\t1\t3\t0\t1"),
                      encoding="utf-8")
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "R1-review-total" in out and "review/reconsideration" in out
    assert main(["check", "--format", "json", "--severity", "error", str(broken)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in data[str(broken)]] == ["R1-review-total"]
    assert main(["check", str(tmp_path / "nope.txt")]) == 2


def test_a_str_holding_html_is_read_as_a_web_page():
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td></tr>"
                   for a, b, c, d in [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", 1, 0, 5)])
    page = ("<html><body><p>示例县司法局2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>概述。</p>"
            f"<p>二、主动公开政府信息情况</p><table><tr><td colspan=4>第二十条第（一）项</td></tr>{rows}</table>"
            "</body></html>")
    report = gixparse.parse(page)
    assert (report.agency, report.year) == ("示例县司法局", 2022)
    assert gixparse.flatten(report)["active.item1/rules/in_force"] == 5
    assert gixparse.parse(page.encode("gb18030")) == report
