"""Time gixparse.parse_file on each corpus document beside its library's floor.

Documents: the PDF, HTML and Word files of ../shared/corpus/reports (GIXPARSE_SHARED
points elsewhere), or the paths given. For each, in the same run and interleaved,
process CPU time (``time.process_time``) of

* ``gixparse.parse_file(path)``: reading the file into text, then parse;
* the *floor*, the work no reader built on that library can avoid:
  PDF   pdfplumber opening the file and reading ``page.chars`` and ``page.edges``
        of every page;
  HTML  lxml parsing the page (``lxml.html.fromstring``);
  DOCX  python-docx opening the document (``docx.Document``);

and the ratio gixparse / floor. A second gixparse figure, ``to text``, is the
document reader alone (``gixparse.documents.document_text``), and ``reader`` its
ratio to the floor, so the share of the text pipeline (``parse`` of that text) shows.
The issue's bar: PDF ≤ 1.5×, HTML and Word ≤ 2× the floor.

With ``--gc-off`` each timed call runs with Python's cyclic garbage collector off and a
collection before it (untimed), as ``timeit`` times: every call then pays for its own work
only, where by default a collection that starts inside a call (python-docx's documents are
reference cycles) frees the garbage of the calls before it.

    python bench/bench_documents.py                    # 5 rounds per document
    python bench/bench_documents.py --repeat 10 some.pdf
    python bench/bench_documents.py --repeat 9 --gc-off  # timeit's way: no collection inside a timed call
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # a plain checkout works without installing

import gixparse  # noqa: E402
from gixparse.documents import document_text  # noqa: E402

SHARED = Path(os.environ.get("GIXPARSE_SHARED", ROOT.parent / "shared"))
KINDS = {".pdf": "PDF", ".html": "HTML", ".htm": "HTML", ".docx": "DOCX"}


def floor_pdf(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.chars  # noqa: B018  (the work: the page's characters and ruling lines)
            page.edges  # noqa: B018


def floor_html(data: bytes) -> None:
    import lxml.html

    lxml.html.fromstring(data)


def floor_docx(data: bytes) -> None:
    import docx

    docx.Document(io.BytesIO(data))


FLOORS = {"PDF": floor_pdf, "HTML": floor_html, "DOCX": floor_docx}


GC_OFF = False  # --gc-off: time each call as timeit does (no collection inside it)


def cpu(fn, *args) -> float:
    if GC_OFF:
        gc.collect()
        gc.disable()
    try:
        t0 = time.process_time()
        fn(*args)
        return (time.process_time() - t0) * 1000
    finally:
        if GC_OFF:
            gc.enable()


def documents(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    folder = SHARED / "corpus" / "reports"
    if not folder.is_dir():
        print(f"note: no corpus at {folder} (set GIXPARSE_SHARED)")
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in KINDS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="documents (default: the corpus PDF, HTML and Word files)")
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds per document (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed rounds per document first (default 1)")
    ap.add_argument("--gc-off", action="store_true",
                    help="collect garbage before each timed call and none inside it (timeit's way)")
    args = ap.parse_args(argv)
    global GC_OFF
    GC_OFF = args.gc_off
    paths = documents(args.paths)
    if not paths:
        print("no documents to time")
        return 1
    print(f"CPU time (time.process_time), Python {sys.version.split()[0]}; median of {args.repeat} rounds"
          + ("; garbage collector off in each timed call" if GC_OFF else ""))
    print(f"{'document':<28} {'kind':>4} {'KiB':>6} {'parse_file':>10} {'to text':>8} {'floor':>8} {'ratio':>6}"
          f" {'reader':>6}")
    for path in paths:
        kind = KINDS.get(path.suffix.lower(), "?")
        floor = FLOORS.get(kind)
        data = path.read_bytes()
        for _ in range(args.warmup):
            gixparse.parse_file(path)
            if floor:
                floor(data)
        full, text, low = [], [], []
        for _ in range(args.repeat):
            full.append(cpu(gixparse.parse_file, path))
            text.append(cpu(document_text, data))
            if floor:
                low.append(cpu(floor, data))
        f, t = statistics.median(full), statistics.median(text)
        fl = statistics.median(low) if low else float("nan")
        print(f"{path.name:<28} {kind:>4} {len(data) / 1024:>6.0f} {f:>10.1f} {t:>8.1f} {fl:>8.1f} {f / fl:>6.2f}"
              f" {t / fl:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
