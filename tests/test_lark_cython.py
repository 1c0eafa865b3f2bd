"""The optional accelerator (``pip install 'gixparse[fast]'``: lark-cython) reads
every text as Lark's own parser does.

The same texts are parsed in two processes, one with lark-cython and one with
``GIXPARSE_PURE_LARK=1``, and every result (or error) must be the same: the seeds
and the bundled examples as published, each rendered into every text layout with
and without quirks, and texts the grammars refuse (lark-cython's failures are parsed
again by Lark's own parser, so the error is Lark's), and edge texts read by each
reader lark-cython runs (tab rows, cell per line, dropped blanks, box drawing,
Markdown pipes, space-aligned, glued).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(importlib.util.find_spec("lark_cython") is None,
                                reason="lark-cython is not installed (the optional gixparse[fast])")

_SCRIPT = r"""
import glob, hashlib, json, sys
import gixparse
from gixparse.readers import boxes, cell_lines, glued, layouts, lines, markdown, spaced, tab_rows
from gixparse.readers._grammar import accelerated
from gixparse.render import Quirks, render

def result(text):
    try:
        return gixparse.to_json(gixparse.parse(text), indent=None)
    except gixparse.GixparseError as exc:
        return "error " + repr((str(exc), exc.line, exc.column))

def read(module, text):
    try:
        return repr(module.read(text))
    except Exception as exc:
        return "error " + repr((type(exc).__name__, getattr(exc, "line", None), getattr(exc, "column", None)))

out = {"accelerated": accelerated()}
texts = [open(p, encoding="utf-8").read() for p in json.loads(sys.argv[1])]
for i, text in enumerate(texts):
    out[f"{i}"] = result(text)
    report = gixparse.parse(text)
    for module in layouts():
        if not hasattr(module, "render"):
            continue
        for q, quirks in enumerate((Quirks(), Quirks.all(seed=i + 1))):
            try:
                rendered = render(report, module.LAYOUT, quirks=quirks)
            except Exception:
                continue
            out[f"{i} {module.LAYOUT} {q}"] = result(rendered)
for module in (tab_rows, cell_lines, lines, boxes, markdown, spaced, glued):
    for j, text in enumerate(["", " ", "  \nx", "x\n  ", "\n\nx\ty", "a\n\n", "\t\n\n\t0", "\t", "\n", "a\tb\n \n\tc",
                              "规章\n0\n 12 \n\n---\n/\n增1\n", "a\n\tb",
                              "┌──┬─┐\n│ a│1│\n│  ├─┤\n├──┼─┤\n│\n \n  │ 规章 ─ │ 0 │\n└──┴─┘\n\n表\n",
                              "| a | 1 |\n|---|:-:|\n  | b \\| c | |\\\n\n## 表\n行政许可 97\n|", "|a|\\",
                              "规章    1   2\n\n   - 3 -\n      \n  第 2 页 共 6 页\n信息  3 0  1\n",
                              "规章000行政规范性文件693665\n第二十条第（一）项 x0/ 1.甲00002.乙5 无0 12-3"]):
        out[f"{module.LAYOUT} {j}"] = read(module, text)
print(json.dumps({k: v if isinstance(v, bool) else hashlib.sha256(v.encode()).hexdigest() for k, v in out.items()}))
"""


def _run(paths: list[str], pure: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "GIXPARSE_PURE_LARK"}
    if pure:
        env["GIXPARSE_PURE_LARK"] = "1"
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(paths)], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def test_lark_cython_reads_as_lark_does() -> None:
    paths = sorted(str(p) for p in [*(ROOT / "examples").glob("*.txt"), *(SHARED / "seeds").glob("*.txt")])
    fast, pure = _run(paths, pure=False), _run(paths, pure=True)
    assert fast.pop("accelerated") is True and pure.pop("accelerated") is False
    assert len(fast) > 20 and fast.keys() == pure.keys()
    differ = sorted(k for k in fast if fast[k] != pure[k])
    assert not differ, f"lark-cython reads these differently: {differ}"
