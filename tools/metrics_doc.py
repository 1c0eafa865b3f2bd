"""Write docs/metrics.md from src/gixparse/metric_defs.py (the one place metrics are defined).

    python tools/metrics_doc.py
"""

from pathlib import Path

from gixparse import checks
from gixparse.compare import MIN_GROUP, MIN_SPREAD, ZERO_SHARE
from gixparse.forms import describe
from gixparse.metric_defs import METRICS
from gixparse.metrics import METRIC_COLUMNS

INTRO = """# Metrics

`gixparse.metrics(report)` computes each rate below for one report; `gixparse.metric_rows(report)`
gives them as rows for a dataset table. Each metric is a numerator over a denominator, each the sum
of canonical cells (`TABLE/ROW/COLUMN`, as `gixparse.flatten` names them).

A metric is **NA** (`value` is null, `na` says why) when a cell it needs is missing, marked not
applicable ("/", "—") or holds words; when a cell it needs is uncertain — a reading finding or a
broken identity of the form (warning or error) stands on the cell, its row or its table; or when the
denominator is 0. A blank cell counts as 0, as in the identities of the form. gixparse never computes
a rate over a cell it does not stand behind.

This page is written from `src/gixparse/metric_defs.py` by `python tools/metrics_doc.py`
(a test keeps the two in step).
"""


def _keys(keys: tuple[str, ...]) -> str:
    return "<br>".join(f"`{k}` ({describe(k)})" for k in keys)


def render() -> str:
    lines = [INTRO, "## The dictionary", ""]
    for m in METRICS:
        lines += [f"### `{m.id}` — {m.name_zh} ({m.name_en})", "", m.note, "",
                  "| | canonical cells (summed) |", "|---|---|",
                  f"| numerator | {_keys(m.numerator)} |", f"| denominator | {_keys(m.denominator)} |", ""]
    lines += [
        "## Across years: `check_series`", "",
        (f"* `series-jump`: {', '.join(f'`{k}`' for k in checks.JUMP_KEYS)} grown or shrunk by a factor of "
        f"{checks.JUMP_FACTOR} or more from last year (`jump_factor=`), the larger of the two at least "
        f"{checks.JUMP_FLOOR}; 0 → 10 is a jump."),
        (f"* `series-text-reused`: sections {' and '.join(n for _s, n in checks.REUSE_SECTIONS)} compared with last "
        f"year's by rapidfuzz's normalised Indel similarity, spaces dropped and every run of digits the same (a copy "
        f"with this year's dates and counts is still a copy); at or above {checks.REUSE_THRESHOLD:.0%} "
        f"(`reuse_threshold=`) it is reported with the figure. Sections shorter than {checks.REUSE_MIN_CHARS} "
        "characters are not compared: such boilerplate is alike everywhere."),
        "* `series-carry-over`, `series-in-force`: see [findings.md](findings.md).",
        "",
        "## Across agencies: `compare(frame, by=[…])`", "",
        ("For each metric within each peer group (rows with the same values of `by`; a row with a missing key is in "
        "no group): n, P10, P50, P90 (linear interpolation) and each report's position (the share of its group at or "
        "below its value). NA values are left out, never filled with 0."),
        "",
        (f"* `peer-outlier`: below P10 − w or above P90 + w, w = max(P90 − P10, {MIN_SPREAD}), in a group of "
        f"{MIN_GROUP} values or more;"),
        (f"* `peer-zero`: 0 where at least {ZERO_SHARE:.0%} of the other values of the group "
        f"({MIN_GROUP} or more) are above 0."),
        "",
    ]
    lines += ["## Columns of `metric_rows`", "", "| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {kind} | {meaning} |" for name, kind, meaning in METRIC_COLUMNS]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    (Path(__file__).resolve().parent.parent / "docs" / "metrics.md").write_text(render(), encoding="utf-8")
