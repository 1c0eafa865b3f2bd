#!/usr/bin/env python3
"""Coverage-guided fuzzing of the html document reader through ``gixparse.parse`` (atheris).

    python fuzz/fuzz_html.py -atheris_runs=100000 -max_len=65536 -timeout=60

The bytes go through the whole path a file takes (``parse_file``): sniffing,
the html reader under the default limits, then the text pipeline. A
``GixparseError`` with a place is the expected answer to a broken file.
"""

from __future__ import annotations

from _common import GixparseError, check_error, checked, gixparse, run


def one_input(data: bytes) -> None:
    try:
        checked(gixparse.parse(data))
    except GixparseError as exc:
        check_error(exc)


if __name__ == "__main__":
    run(one_input, "html")
