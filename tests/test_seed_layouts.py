"""The five seeds' values rendered in every layout gixparse can write, read back.

One test for all layouts (each reader's own tests check its grid): the values of
each seed's gold file are rendered by gixparse.render in a layout, with and without
real-world quirks, and parsed. Where a layout can carry every cell, every cell must
come back; where it cannot say everything (space-aligned text cannot place the blank
cells of a lone row of values; glued text cannot always be split), a cell that does
not come back must lie in a row that carries a finding.
"""

from __future__ import annotations

import json

import pytest

import gixparse
from gixparse.render import Quirks, render

from .conftest import SHARED, needs_shared

SEED_GOLD = sorted((SHARED / "gold").glob("*.json")) if (SHARED / "gold").is_dir() else []

# layout -> the canonical key prefixes where a cell may fail to come back (flagged)
LAYOUTS = {
    "tab-rows": (),
    "cell-per-line": (),
    "markdown-pipe": (),
    "box-drawing": (),
    "space-aligned": ("review/",),
    "glued": ("",),
    "cell-per-line-dropped-blanks": ("",),
}
QUIRKS = {
    "clean": Quirks(),
    "wrapped-broken": Quirks(split_labels=True, blank_lines=True, rate=1.0),
    "all": Quirks.all(seed=3),
}


def _covers(path: str, key: str) -> bool:
    return bool(path) and (key.startswith(path) or path.startswith(key.rsplit("/", 1)[0]))


@needs_shared
@pytest.mark.parametrize("quirks", list(QUIRKS.values()), ids=list(QUIRKS))
@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("gold_path", SEED_GOLD, ids=lambda p: p.stem)
def test_seed_values_round_trip(gold_path, layout, quirks):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = render(gold["cells"], layout, agency=gold["agency"], year=gold["year"], template=gold["template"],
                  quirks=quirks)
    report = gixparse.parse(text)
    flat = gixparse.flatten(report)
    assert {t.layout for t in report.tables.values()} == {layout}
    assert (report.agency, report.year, report.template) == (gold["agency"], gold["year"], gold["template"])
    wrong = [k for k, v in gold["cells"].items() if flat.get(k, "MISSING") != v]
    paths = [f.path for f in report.findings]
    assert [k for k in wrong if not any(_covers(p, k) for p in paths)] == []  # never silent
    assert [k for k in wrong if not k.startswith(LAYOUTS[layout])] == []


@needs_shared
@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
@pytest.mark.parametrize("gold_path", SEED_GOLD, ids=lambda p: p.stem)
def test_seed_values_round_trip_through_documents(gold_path, kind):
    """The seeds' values as an HTML page, a Word file and a PDF with merged cells
    (built by tests/fixtures/documents/build.py from the tab-rows rendering)."""
    from .fixtures.documents import build

    if kind == "docx":
        pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")
    if kind == "pdf":
        pytest.importorskip("pdfplumber", reason="pdfplumber (the pdf extra) is not installed")
        pytest.importorskip("reportlab", reason="reportlab (test extra) draws the PDF")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = render(gold["cells"], "tab-rows", agency=gold["agency"], year=gold["year"], template=gold["template"])
    data = getattr(build, f"to_{kind}")(build.example_blocks(text))
    report = gixparse.parse(data.encode("utf-8") if isinstance(data, str) else data)
    flat = gixparse.flatten(report)
    assert [(k, v, flat.get(k, "MISSING")) for k, v in gold["cells"].items() if flat.get(k, "MISSING") != v] == []
    assert (report.agency, report.year, report.template) == (gold["agency"], gold["year"], gold["template"])
