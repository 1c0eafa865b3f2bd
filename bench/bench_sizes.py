"""Parse time per MB and peak memory against input size: is the text path linear?

    python bench/bench_sizes.py                 # 10 KB, 1 MB, 10 MB, 50 MB; both shapes
    python bench/bench_sizes.py --sizes 0.01 1  # sizes in MB

Two shapes of report-like text, built from our own example report
(``examples/``) written by the renderer in every layout that can write tables:

``reports``  many reports concatenated, one after another (a scraper's dump);
``prose``    one report whose section 五 is a huge run of prose paragraphs;
``html``     (with ``--shapes html``) our example report as an HTML page inside menus of
             navigation links (``<div>``/``<ul>`` lists, walked element by element), read
             from bytes as ``parse_file`` reads a page: the document path of issue 11.

Each (shape, size) runs in a child process of its own, so that its peak
resident memory (``ru_maxrss``) is its own: the text, the parse and all it
keeps. Time is the best of a few runs for the small sizes, one run for the
large ones, after a warm-up parse (grammars are built once per process).

The bar (issue 11): time per MB at the largest size within 2x of that at 10 KB,
and peak memory for 50 MB under 1 GB. The exit status is 1 when it fails.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sample-2023-tab-rows.txt"
PROSE = "本机关坚持以人民为中心的发展思想，持续推进政务公开标准化规范化建设，及时回应社会关切，提升政府透明度。"


def reports_text(size: int) -> str:
    """Reports in every layout, one after another, until ``size`` bytes (UTF-8)."""
    import gixparse
    from gixparse.readers import layouts
    from gixparse.render import Quirks, render

    report = gixparse.parse(EXAMPLE.read_text(encoding="utf-8"))
    kinds = [m.LAYOUT for m in layouts() if hasattr(m, "render")]
    texts = sorted((render(report, layout, quirks=Quirks.all(seed=i)) for i, layout in enumerate(kinds)),
                   key=len)  # the smallest first, so that 10 KB holds whole reports of several layouts
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        text = texts[i % len(texts)]
        out.append(text)
        total += len(text.encode("utf-8"))
        i += 1
    return "\n".join(out)


def prose_text(size: int) -> str:
    """One report whose section 五 holds prose paragraphs until ``size`` bytes."""
    text = EXAMPLE.read_text(encoding="utf-8")
    at = text.index("五、")
    head = text[:at]
    at = at + text[at:].index("\n") + 1
    paragraph = PROSE * 3 + "\n"
    room = max(size - len(text.encode("utf-8")), 0)
    count = max(room // len(paragraph.encode("utf-8")), 1)
    return head + text[text.index("五、"):at] + paragraph * count + text[at:]


def html_page(size: int) -> bytes:
    """The example report as an HTML page (tests/fixtures/documents/build.py) inside
    menus of links, before and after it, until ``size`` bytes."""
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.documents.build import example_blocks, to_html

    page = to_html(example_blocks())
    item = '<li><a href="/col/col{0}/index.html" title="政务公开栏目{0}">政务公开栏目{0}</a></li>'
    menu = '<div class="nav"><ul>' + "".join(item.format(k) for k in range(100)) + "</ul></div>\n"
    n = max((size - len(page.encode())) // len(menu.encode()), 0)
    start, end = page.index("<body>") + len("<body>"), page.rindex("</body>")
    return (page[:start] + menu * (n // 2) + page[start:end] + menu * (n - n // 2) + page[end:]).encode()


def one(shape: str, megabytes: float) -> dict[str, float]:
    import gixparse

    build = {"reports": reports_text, "prose": prose_text, "html": html_page}[shape]
    text = build(int(megabytes * 1_000_000))
    size = len(text.encode("utf-8") if isinstance(text, str) else text) / 1_000_000
    limits = gixparse.Limits(time_budget=None, max_text_mb=None)
    gixparse.parse(EXAMPLE.read_text(encoding="utf-8"))  # warm-up: grammars, imports
    runs = 5 if size < 2 else 1
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        report = gixparse.parse(text, limits=limits)
        best = min(best, time.perf_counter() - start)
    return {"mb": size, "seconds": best, "s_per_mb": best / size, "findings": len(report.findings),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.01, 1, 10, 50], help="sizes in MB")
    parser.add_argument("--shapes", nargs="+", default=["reports", "prose"], choices=["reports", "prose", "html"])
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], float(args.one[1]))))
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    ok = True
    print(f"{'shape':8} {'size MB':>9} {'seconds':>9} {'s/MB':>8} {'peak MB':>9} {'findings':>9}")
    for shape in args.shapes:
        results = []
        for mb in args.sizes:
            proc = subprocess.run([sys.executable, __file__, "--one", shape, str(mb)],
                                  capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            results.append(r)
            print(f"{shape:8} {r['mb']:9.3f} {r['seconds']:9.3f} {r['s_per_mb']:8.3f} {r['peak_mb']:9.0f} "
                  f"{r['findings']:9d}", flush=True)
        first, last = results[0], results[-1]
        ratio = last["s_per_mb"] / first["s_per_mb"]
        linear = ratio <= 2
        memory = last["mb"] < 40 or last["peak_mb"] < 1024
        ok = ok and linear and memory
        print(f"{shape:8} time/MB at {last['mb']:.1f} MB is {ratio:.2f}x that at {first['mb'] * 1000:.0f} KB "
              f"({'ok' if linear else 'FAIL: over 2x'}); peak {last['peak_mb']:.0f} MB "
              f"({'ok' if memory else 'FAIL: over 1 GB'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
