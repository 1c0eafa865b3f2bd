"""The grammars under top-level grammars/ load from a wheel, an editable install and a plain checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from gixparse.readers._grammar import grammar_dir

from .conftest import EXAMPLES, ROOT

_PROBE = (
    "import sys, gixparse; from gixparse.readers._grammar import grammar_dir; "
    "r = gixparse.parse(open(sys.argv[1], encoding='utf-8').read()); "
    "print(grammar_dir()); print(gixparse.__file__); print(len(gixparse.flatten(r)))"
)


def _probe(pythonpath: str, cwd) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = pythonpath
    out = subprocess.run([sys.executable, "-c", _PROBE, str(EXAMPLES / "sample-2023-tab-rows.txt")], cwd=cwd,
                         env=env, capture_output=True, text=True, check=True)
    return out.stdout.split("\n")


def test_grammars_found_here():
    assert (grammar_dir() / "cells.lark").is_file()


def test_plain_checkout(tmp_path):
    lines = _probe(str(ROOT / "src"), tmp_path)
    assert lines[0] == str(ROOT / "grammars")
    assert int(lines[2]) > 100


def test_wheel_carries_the_grammars(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here (no build backend reachable): {build.stderr.strip()[-300:]}")
    wheel = next(tmp_path.glob("gixparse-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {"gixparse/grammars/cells.lark", "gixparse/grammars/tab_rows.lark",
            "gixparse/grammars/cell_lines.lark"} <= set(names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    lines = _probe(str(site), tmp_path)
    assert lines[0] == str(site / "gixparse" / "grammars")
    assert lines[1].startswith(str(site))
    assert int(lines[2]) > 100
