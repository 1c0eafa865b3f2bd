"""What every harness shares: instrumented imports and what counts as a crash.

A crash is anything a caller must never see: an exception other than
:class:`gixparse.GixparseError` (with bytes or ``strict=True``), any exception
at all from ``parse`` on a ``str``, a ``GixparseError`` without a line, and a
report carrying an ``internal-error`` finding (an exception the pipeline
caught: a bug, even though the caller got a report).
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

with atheris.instrument_imports(include=["gixparse"]):
    import gixparse

    # the pipeline imports some modules lazily: import them all here, so they are instrumented
    for _info in pkgutil.walk_packages(gixparse.__path__, "gixparse."):
        if not _info.name.endswith(("__main__", ".cli")):
            with contextlib.suppress(ImportError):  # an optional extra that is not installed
                importlib.import_module(_info.name)

from gixparse import GixparseError  # noqa: E402


class Finding(Exception):
    """A crash the fuzzer must report."""


def checked(report: gixparse.Report) -> None:
    bad = [f for f in report.findings if f.code == "internal-error"]
    if bad:
        raise Finding(f"internal-error finding: {bad[0].message}")


def check_error(exc: GixparseError) -> None:
    if exc.line is None or exc.column is None:
        raise Finding(f"GixparseError without a place: {exc!r}") from exc


def run(one_input, kind: str) -> None:
    """Fuzz ``one_input`` with libFuzzer's arguments from the command line. Without a corpus
    folder among them, ``fuzz/corpus/KIND`` is used, made first by make_seeds.py if missing,
    so that ``python fuzz/fuzz_parse.py -atheris_runs=1000000`` is the whole command."""
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        corpus = ROOT / "fuzz" / "corpus" / kind
        if not corpus.is_dir():
            import make_seeds

            make_seeds.main()
        argv.append(str(corpus))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def document_input(data: bytes) -> None:
    """One input of a document harness: the bytes through the whole path a file takes
    (sniffing, the reader under the default limits, the text pipeline); a
    ``GixparseError`` with a place is the expected answer to a broken file."""
    try:
        checked(gixparse.parse(data))
    except GixparseError as exc:
        check_error(exc)
