"""Time gixparse.parse + gixparse.flatten per report.

Reports: the seeds in ../shared/seeds (skipped with a message when ../shared is
absent; GIXPARSE_SHARED points elsewhere) and the bundled examples/*.txt.
For each report: the first call (cold: in a fresh process it includes building
the Lark parsers, which happens once per process), then warm-up calls, then
``--repeat`` timed calls; prints the median and the 90th percentile in ms, then
the overall median of the per-report medians.

    python bench/bench_parse.py                 # 200 timed calls per report
    python bench/bench_parse.py --repeat 1000 report.txt other.txt
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # a plain checkout works without installing

import gixparse  # noqa: E402

SHARED = Path(os.environ.get("GIXPARSE_SHARED", ROOT.parent / "shared"))


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


def once(text: str) -> float:
    t0 = time.perf_counter()
    gixparse.flatten(gixparse.parse(text))
    return (time.perf_counter() - t0) * 1000


def p90(times: list[float]) -> float:
    return statistics.quantiles(times, n=10, method="inclusive")[-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="report texts (default: the seeds and examples/)")
    ap.add_argument("--repeat", type=int, default=200, help="timed calls per report (default 200)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed calls per report first (default 20)")
    args = ap.parse_args(argv)

    paths = reports(args.paths)
    if not paths:
        print("no reports to time")
        return 1
    texts = [(p, p.read_text(encoding="utf-8")) for p in paths]
    cold = once(texts[0][1])  # the first call of the process: builds the grammars
    print(f"first call (cold, {texts[0][0].name}): {cold:.2f} ms")
    print(f"{'report':<34} {'chars':>7} {'median ms':>10} {'p90 ms':>8}")
    medians = []
    for path, text in texts:
        for _ in range(args.warmup):
            once(text)
        times = [once(text) for _ in range(args.repeat)]
        med = statistics.median(times)
        medians.append(med)
        print(f"{path.name:<34} {len(text):>7} {med:>10.3f} {p90(times):>8.3f}")
    print(f"overall median of medians: {statistics.median(medians):.3f} ms "
          f"({len(texts)} reports, {args.repeat} calls each, Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
