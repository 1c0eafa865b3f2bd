"""Write docs/findings.md from src/gixparse/codes.py (the one place codes are defined).

    python tools/findings_doc.py
"""

from pathlib import Path

from gixparse.codes import CODES

INTRO = """# Findings

Every finding gixparse reports has a stable `code`, a `severity` (`error`, `warning`, `info`), a
`message`, a `path` (a canonical key or key prefix, `TABLE/ROW/COLUMN`; `sections/ID` for a
section, `meta/…` for title, year and form), the `line` and `column` of the row or cell in the input,
and for a broken identity `expected` (the sum of the parts) and `actual` (the printed total).

The codes are defined once, in `src/gixparse/codes.py`; this page is written from it by
`python tools/findings_doc.py` (a test keeps the two in step). *Reading* findings come from finding
sections, reading layouts and placing cells; `parse(text, strict=True)` raises `GixparseError` on the
first reading finding of level `error`. *Check* findings come from the identities of the form and the
soft checks; `gixparse check` exits 1 when any finding is at `error` level.

Blank and missing cells count as 0 in the identities. A check that holds that way passes; one that
fails where blank cells could make it hold gets the `…-blanks` code with the amount they would have
to hold. A cell marked not applicable ("/", "—", "无") makes a check not assessable: it is skipped.

The 信息处理费 that section 六 reports (the fee for answering applications) and the 行政事业性收费 of
第二十条（八） (the agency's administrative fees) are different fees: "未收取信息处理费" beside an
（八） amount is not a contradiction, and gixparse does not report it.
"""


def render() -> str:
    lines = [INTRO]
    for stage, title in (("read", "Reading"), ("check", "Checks")):
        lines += [f"## {title}", "", "| code | severity | meaning | example |", "|---|---|---|---|"]
        for code, c in CODES.items():
            if c.stage == stage:
                lines.append(f"| `{code}` | {c.severity.value} | {c.meaning} | {c.example.replace('|', '&#124;')} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    (Path(__file__).resolve().parent.parent / "docs" / "findings.md").write_text(render(), encoding="utf-8")
