"""Audit a folder of reports: identities per report, then carry-overs across years.

    python examples/audit_folder.py reports/  > audit.tsv

One line per finding: file, agency, year, severity, code, canonical path, message.
Reports of one agency in consecutive years are also checked against each other
(this year's 上年结转 against last year's 结转下年度, 现行有效件数 carried forward).
"""

import sys
from pathlib import Path

import gixparse

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "examples")
reports = {}
for path in sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}):
    try:
        reports[path] = report = gixparse.parse_file(path)
    except gixparse.GixparseError as exc:  # e.g. a PDF without the [pdf] extra installed
        print(f"{path}\t\t\terror\tunreadable\t\t{exc}")
        continue
    for f in report.findings:
        print(f"{path}\t{report.agency}\t{report.year}\t{f.severity.value}\t{f.code}\t{f.path}\t{f.message}")
for f in gixparse.check_series(reports.values()):
    print(f"(series)\t\t\t{f.severity.value}\t{f.code}\t{f.path}\t{f.message}")
