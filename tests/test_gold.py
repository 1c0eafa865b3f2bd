"""Every number of the hand-checked gold reports in ../shared, right or flagged.

The rules are those of shared/tools/score.py: a cell is right when it equals the
gold value (``either_0_or_null`` cells may be 0 or None); a wrong cell must lie in
a row some finding covers; every ``must_flag`` row must carry a finding; agency,
year, template and section openings must match.
"""

from __future__ import annotations

import json
import math

import pytest

import gixparse

from .conftest import SHARED, needs_shared

SEED_GOLD = sorted((SHARED / "gold").glob("*.json")) if (SHARED / "gold").is_dir() else []


def _source(gold_path, gold):
    src = gold_path.parent / gold["source"]
    return src if src.exists() else SHARED / gold["source"]


def _same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _covers(path, key):
    return bool(path) and (key.startswith(path) or path.startswith(key.rsplit("/", 1)[0]))


@pytest.fixture(scope="module", params=SEED_GOLD, ids=lambda p: p.stem)
def case(request):
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    report = gixparse.parse(_source(request.param, gold).read_text(encoding="utf-8"))
    return gold, report


@needs_shared
def test_every_cell_right(case):
    gold, report = case
    flat = gixparse.flatten(report)
    wrong = [(k, v, flat.get(k, "MISSING")) for k, v in gold["cells"].items() if k not in flat or not _same(flat[k], v)]
    either = [k for k in gold.get("either_0_or_null", []) if flat.get(k, "MISSING") not in (0, None)]
    assert wrong == [] and either == []


@needs_shared
def test_no_silent_errors_and_required_flags(case):
    gold, report = case
    paths = [f.path for f in report.findings]
    for prefix in gold.get("must_flag", []):
        assert any(_covers(p, prefix) or p.startswith(prefix) for p in paths), f"no finding on {prefix}"


@needs_shared
def test_meta_and_sections(case):
    gold, report = case
    assert (report.agency, report.year, report.template) == (gold["agency"], gold["year"], gold["template"])
    for sid, prefix in gold.get("sections", {}).items():
        text = "".join(report.sections[sid].text.split())
        assert "".join(prefix.split()) in text[:400], sid


@needs_shared
def test_json_round_trip(case):
    _gold, report = case
    assert gixparse.from_json(gixparse.to_json(report)) == report
