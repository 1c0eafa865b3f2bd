#!/usr/bin/env python3
"""Coverage-guided fuzzing of the pdf document reader through ``gixparse.parse`` (atheris).

    python fuzz/fuzz_pdf.py -atheris_runs=100000 -max_len=65536 -timeout=60

The bytes go through the whole path a file takes (``parse_file``): sniffing,
the pdf reader under the default limits, then the text pipeline. A
``GixparseError`` with a place is the expected answer to a broken file.
"""

from __future__ import annotations

from _common import document_input, run

if __name__ == "__main__":
    run(document_input, "pdf")
