#!/usr/bin/env python3
"""Coverage-guided fuzzing of ``gixparse.parse`` on bytes and on str (atheris).

    pip install -e '.[fuzz]'
    python fuzz/fuzz_parse.py -atheris_runs=1000000 -max_len=2048 -timeout=60

The seed corpus (fuzz/corpus/text, not committed) is made on the first run by
make_seeds.py. To use both cores (libFuzzer starts each job as ``./fuzz_parse.py``
through the shell, so from the fuzz folder with the venv on the PATH):
``cd fuzz && PATH=../.venv/bin:$PATH ./fuzz_parse.py -jobs=2 -workers=2 -atheris_runs=500000``.
Crashes are written as ``crash-*``/``timeout-*`` files; each one found is kept
in tests/fuzz_regressions/ with the answer it must now give.

Each input is parsed one way, chosen by its length so that every seed is tried
every way as it grows and shrinks: as bytes (sniffing, decoding, the document
readers), as a str, and as a str with ``strict=True``. See ``_common`` for what
counts as a crash.
"""

from __future__ import annotations

from _common import GixparseError, check_error, checked, gixparse, run


def one_input(data: bytes) -> None:
    mode = len(data) % 3
    if mode == 0:
        try:
            checked(gixparse.parse(data))
        except GixparseError as exc:
            check_error(exc)
        return
    text = data.decode("utf-8", errors="replace")
    if mode == 1:
        checked(gixparse.parse(text))  # never raises on a str
        return
    try:
        checked(gixparse.parse(text, strict=True))
    except GixparseError as exc:
        check_error(exc)


if __name__ == "__main__":
    run(one_input, "text")
