"""Print the metrics table of some reports (docs/metrics.md says what each metric means).

    python examples/metrics_table.py report.txt other.pdf …   > metrics.tsv

One line per report: file, agency, year, who published it (region code, level, kind;
needs the region extra), then each metric to 3 decimals, or NA. The reasons of the
NA values follow, one line each, after a line starting with '#'.
"""

import sys

import gixparse
from gixparse.metric_defs import METRICS

ids = [m.id for m in METRICS]
print("\t".join(["file", "agency", "year", "region_code", "level", "kind", *ids]))
reasons = []
for name in sys.argv[1:]:
    try:
        report = gixparse.parse_file(name)
    except gixparse.GixparseError as exc:  # e.g. a PDF without the [pdf] extra installed
        print(f"{name}\tunreadable: {exc}", file=sys.stderr)
        continue
    try:
        p = gixparse.who(report)
        who = [p.region_code or "", p.level or "", p.kind or ""]
    except gixparse.GixparseError:  # the region extra is not installed
        who = ["", "", ""]
    values = gixparse.metrics(report)
    cells = [f"{m.value:.3f}" if m.value is not None else "NA" for m in values.values()]
    print("\t".join([name, report.agency or "", str(report.year or ""), *who, *cells]))
    reasons += [f"{name}\t{mid}\t{m.na}" for mid, m in values.items() if m.na]
if reasons:
    print("# NA reasons")
    print("\n".join(reasons))
