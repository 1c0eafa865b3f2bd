"""Finding codes: defined once (codes.py), all documented (docs/findings.md)."""

from __future__ import annotations

import re

from gixparse.codes import CODES

from .conftest import ROOT


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([^`]+)` \|", doc, re.M))
    assert documented == set(CODES), "run: python tools/findings_doc.py"


def test_every_code_used_in_the_source_is_registered():
    used = set()
    for path in (ROOT / "src" / "gixparse").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'finding\(\s*f?"([a-z0-9-]+)"', text))
    used = {u for u in used if "{" not in u}
    assert used - set(CODES) == set()
