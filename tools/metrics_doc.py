"""Write docs/metrics.md from src/gixparse/metric_defs.py (the one place metrics are defined).

    python tools/metrics_doc.py
"""

from pathlib import Path

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
    lines += ["## Columns of `metric_rows`", "", "| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {kind} | {meaning} |" for name, kind, meaning in METRIC_COLUMNS]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    (Path(__file__).resolve().parent.parent / "docs" / "metrics.md").write_text(render(), encoding="utf-8")
