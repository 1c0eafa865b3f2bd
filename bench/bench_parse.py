"""Time gixparse.parse + gixparse.flatten per report, beside a floor measured in the same run.

Reports: the seeds in ../shared/seeds (skipped with a message when ../shared is
absent; GIXPARSE_SHARED points elsewhere) and the bundled examples/*.txt.

Every figure is process CPU time (``time.process_time``), so other processes on
a loaded machine do not inflate it, and every gixparse figure is set beside a
*floor* measured in the same run on the same text: ``re.findall`` of the numbers
over every line of the report, the least work any reader of the text does. The
ratio gixparse / floor means the same on any machine.

For each report: the first call (cold: in a fresh process it includes building
the Lark parsers, which happens once per process), then warm-up calls, then
``--repeat`` timed rounds (one gixparse call and a batch of floor calls each,
interleaved so both see the same machine); prints the median and the 90th
percentile in ms, the floor's median and the ratio, then the medians over the
reports. ``--layouts`` (the default when no paths are given) then renders every
seed's values with ``gixparse.render`` into each text layout that can be
written and times those texts the same way, so a slow layout shows.

    python bench/bench_parse.py                 # 200 rounds per report
    python bench/bench_parse.py --repeat 1000 report.txt other.txt
    python bench/bench_parse.py --no-layouts    # the reports only
    python bench/bench_parse.py --layout box-drawing --repeat 50
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # a plain checkout works without installing

import gixparse  # noqa: E402
from gixparse.readers import layouts  # noqa: E402
from gixparse.render import render  # noqa: E402

SHARED = Path(os.environ.get("GIXPARSE_SHARED", ROOT.parent / "shared"))

_NUMBER = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?")
FLOOR_BATCH = 20  # floor calls timed together per round (one call is a few microseconds)


def reports(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    found = []
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        found += sorted(seeds.glob("*.txt"))
    else:
        print(f"note: no seed reports at {seeds} (set GIXPARSE_SHARED); timing the bundled examples only")
    found += sorted((ROOT / "examples").glob("*.txt"))
    return found


def work(text: str) -> None:
    gixparse.flatten(gixparse.parse(text))


def floor(text: str) -> None:
    """The floor: every number of every line, as a regex scan finds them."""
    findall = _NUMBER.findall
    for line in text.split("\n"):
        findall(line)


def once(text: str) -> float:
    t0 = time.process_time()
    work(text)
    return (time.process_time() - t0) * 1000


def floor_once(text: str) -> float:
    t0 = time.process_time()
    for _ in range(FLOOR_BATCH):
        floor(text)
    return (time.process_time() - t0) * 1000 / FLOOR_BATCH


def p90(times: list[float]) -> float:
    return statistics.quantiles(times, n=10, method="inclusive")[-1]


def measure(text: str, repeat: int, warmup: int) -> tuple[float, float, float]:
    """(median ms, p90 ms, floor median ms) of one text."""
    for _ in range(warmup):
        work(text)
        floor(text)
    times, floors = [], []
    for _ in range(repeat):
        times.append(once(text))
        floors.append(floor_once(text))
    return statistics.median(times), p90(times), statistics.median(floors)


def table(rows: list[tuple[str, str, int]], repeat: int, warmup: int, head: str) -> list[tuple[float, float]]:
    print(f"{head:<34} {'chars':>7} {'median ms':>10} {'p90 ms':>8} {'floor ms':>9} {'ratio':>6}")
    out = []
    for name, text, _ in rows:
        med, p, fl = measure(text, repeat, warmup)
        out.append((med, fl))
        print(f"{name:<34} {len(text):>7} {med:>10.3f} {p:>8.3f} {fl:>9.4f} {med / fl:>6.1f}")
    return out


def summary(label: str, figures: list[tuple[float, float]]) -> None:
    med = statistics.median(m for m, _ in figures)
    fl = statistics.median(f for _, f in figures)
    ratio = statistics.median(m / f for m, f in figures)
    print(f"{label}: median {med:.3f} ms, floor {fl:.4f} ms, median ratio {ratio:.1f}x")


def layout_texts(texts: list[tuple[Path, str]]) -> dict[str, list[tuple[str, str, int]]]:
    """Each report's values rendered into every text layout that can be written."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    reports_ = [(p, gixparse.parse(t)) for p, t in texts]
    for module in layouts():
        if not hasattr(module, "render"):
            continue
        for path, report in reports_:
            text = render(report, module.LAYOUT)
            out.setdefault(module.LAYOUT, []).append((path.stem, text, 0))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="report texts (default: the seeds and examples/)")
    ap.add_argument("--repeat", type=int, default=200, help="timed rounds per report (default 200)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed calls per report first (default 20)")
    ap.add_argument("--layouts", action=argparse.BooleanOptionalAction, default=None,
                    help="also time each report rendered into every text layout (default: on without paths)")
    ap.add_argument("--layout", action="append", default=[], metavar="NAME",
                    help="time only this layout's texts (repeatable; implies --layouts)")
    args = ap.parse_args(argv)
    if args.layout:
        args.layouts = True

    paths = reports(args.paths)
    if not paths:
        print("no reports to time")
        return 1
    texts = [(p, p.read_text(encoding="utf-8")) for p in paths]
    cold = once(texts[0][1])  # the first call of the process: builds the grammars
    print(f"CPU time (time.process_time), Python {sys.version.split()[0]}; "
          f"floor = re.findall of numbers over every line")
    print(f"first call (cold, {texts[0][0].name}): {cold:.2f} ms")
    figures = table([(p.name, t, 0) for p, t in texts], args.repeat, args.warmup, "report")
    summary(f"overall ({len(texts)} reports, {args.repeat} rounds each)", figures)
    seeds = [(p, t) for p, t in texts if p.parent.name == "seeds"]
    if seeds and len(seeds) < len(texts):
        summary(f"seeds ({len(seeds)})", figures[: len(seeds)])
    if args.layouts if args.layouts is not None else not args.paths:
        per_layout = {}
        print()
        for layout, rows in layout_texts(seeds or texts).items():
            if args.layout and layout not in args.layout:
                continue
            per_layout[layout] = table(rows, args.repeat, args.warmup, f"[{layout}]")
        print()
        print(f"{'layout':<30} {'median ms':>10} {'floor ms':>9} {'ratio':>6}")
        for layout, figs in per_layout.items():
            print(f"{layout:<30} {statistics.median(m for m, _ in figs):>10.3f} "
                  f"{statistics.median(f for _, f in figs):>9.4f} "
                  f"{statistics.median(m / f for m, f in figs):>6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
