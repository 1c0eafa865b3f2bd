"""Parse one report and print its canonical numbers and findings.

    python examples/parse_report.py examples/sample-2023-tab-rows.txt
"""

import sys

import gixparse

report = gixparse.parse_file(sys.argv[1] if len(sys.argv) > 1 else "examples/sample-2023-tab-rows.txt")
print(report.agency, report.year, f"({report.template} form)")
for key, value in gixparse.flatten(report).items():
    print(f"{key}\t{value}")
for f in report.findings:
    print(f"{f.severity.value}\t{f.code}\t{f.path}\tline {f.line}\t{f.message}", file=sys.stderr)
