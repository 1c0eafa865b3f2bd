"""The scripts in examples/ run on the bundled sample report."""

from __future__ import annotations

import subprocess
import sys

from .conftest import EXAMPLES, ROOT


def _run(*args):
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=True)


def test_parse_report_script():
    out = _run(str(EXAMPLES / "parse_report.py"), str(EXAMPLES / "sample-2023-tab-rows.txt")).stdout
    assert out.splitlines()[0] == "示例市生态环境局 2023 (2021 form)"
    assert "applications/total_handled/total\t50" in out


def test_audit_folder_script_on_a_clean_sample():
    assert _run(str(EXAMPLES / "audit_folder.py"), str(EXAMPLES)).stdout == ""
