"""Benchmark `gixparse batch`: reports per second with 1 and 2 workers, and the peak
memory sampled over the run, on >= 10,000 report files.

The files (written once into a work folder, kept for reruns):

* reports we compose: the numbers of the bundled sample and of the seeds in
  ../shared (both forms), written by ``gixparse.render`` in every layout that can
  be rendered, with random quirks, random agencies and years, in UTF-8 or GB18030;
* the real corpus (``../shared/corpus/reports`` text, Markdown, HTML and
  ``../shared/corpus/unlabeled`` text), repeated, each copy made distinct by its
  trailing blank lines (so dedupe does not skip it); the Word and PDF files once each.

Each run is ``gixparse batch FOLDER -o OUT --workers N --quiet`` in a fresh
process; the resident memory (RSS) of the batch process and of the whole process
tree (its workers too) is sampled every 0.1 s with psutil. Runs: 1 worker on the
first 1,000 files and on all N, 2 workers on both. Figures: reports/s end to end
(start of the process to its exit: discovery, hashing, parse, rows, Parquet),
reports/s per worker, the CPU seconds of the whole process tree (batch and workers,
sampled) and reports per CPU second (what one core does when it is not shared: the
figure to read on a loaded machine), peak RSS; memory is flat when the peak at N is within 1.2x
the peak at 1,000.

    nice .venv/bin/python bench/bench_batch.py              # 10,000 files
    nice .venv/bin/python bench/bench_batch.py --n 20000 --work /tmp/gixbench

Run it on a quiet machine; on a shared one say how loaded it was with the figures.
Target: >= 150 text reports per second per core, end to end.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import gixparse  # noqa: E402
from gixparse.readers import layouts  # noqa: E402
from gixparse.render import Quirks, render  # noqa: E402

SHARED = Path(os.environ.get("GIXPARSE_SHARED", ROOT.parent / "shared"))
PLACES = "东西南北山水河湖青云江城林安平阳宁丰华兴"
DEPARTMENTS = ("人民政府办公室", "生态环境局", "卫生健康委员会", "交通运输局", "教育局", "财政局", "民政局")


def _bases() -> list[gixparse.Report]:
    """The reports whose numbers the composed files carry: the bundled sample and, when
    ../shared is there, the seeds (real numbers, so the form's identities hold as
    they do in real reports; random counts would break every identity)."""
    paths = [ROOT / "examples" / "sample-2023-tab-rows.txt"]
    if (SHARED / "seeds").is_dir():
        paths += sorted((SHARED / "seeds").glob("*.txt"))
    return [gixparse.parse_file(p) for p in paths]


def _corpus() -> tuple[list[Path], list[Path]]:
    text, docs = [], []
    for folder in (SHARED / "corpus" / "reports", SHARED / "corpus" / "unlabeled"):
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file() and p.suffix in (".txt", ".md", ".html"):
                    text.append(p)
                elif p.is_file() and p.suffix in (".pdf", ".docx"):
                    docs.append(p)
    return text, docs


def make_inputs(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` report files into ``folder`` (about 1 in 10 from the real corpus)."""
    rng = random.Random(seed)
    bases = _bases()
    names = [m.LAYOUT for m in layouts() if hasattr(m, "render")]
    text, docs = _corpus()
    real = n // 10 if text else 0
    for i, p in enumerate(docs):
        shutil.copy(p, folder / f"real-doc-{i}{p.suffix}")
    real_written = len(docs)
    for i in range(real):
        src = text[i % len(text)]
        sub = folder / f"r{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"real-{i:06d}{src.suffix}").write_bytes(src.read_bytes() + b"\n" * (1 + i // len(text)))
    for i in range(n - real - real_written):
        base = rng.choice(bases)
        year = rng.choice((2019, 2020)) if base.template == "2019" else rng.randint(2021, 2025)
        agency = rng.choice(PLACES) + rng.choice(PLACES) + rng.choice("市县区") + rng.choice(DEPARTMENTS)
        quirks = Quirks.draw(rng) if rng.random() < 0.5 else None
        layout = names[i % len(names)]
        body = render(base, layout, agency=agency, year=year, quirks=quirks)
        sub = folder / f"g{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"gen-{i:06d}.txt").write_bytes(body.encode("gb18030" if i % 5 == 0 else "utf-8"))


def run_batch(inputs: list[str], out: Path, workers: int) -> dict[str, float]:
    import psutil

    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "gixparse", "batch", "-", "-o", str(out), "--workers", str(workers), "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, cwd=ROOT)
    peak = {"parent": 0, "tree": 0}
    cpu: dict[int, float] = {}  # CPU seconds of each process of the tree, as last seen
    stop = threading.Event()

    def sample() -> None:
        me = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                parent = me.memory_info().rss
                tree = parent
                for p in [me, *me.children(recursive=True)]:
                    try:
                        if p is not me:
                            tree += p.memory_info().rss
                        t = p.cpu_times()
                        cpu[p.pid] = t.user + t.system
                    except psutil.Error:
                        continue
            except psutil.Error:
                break
            peak["parent"] = max(peak["parent"], parent)
            peak["tree"] = max(peak["tree"], tree)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.communicate("\n".join(inputs).encode("utf-8"))
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"gixparse batch failed ({proc.returncode})")
    cpu_s = sum(cpu.values())
    return {"files": len(inputs), "workers": workers, "seconds": seconds, "rate": len(inputs) / seconds,
            "cpu_s": cpu_s, "per_cpu_s": len(inputs) / cpu_s if cpu_s else float("nan"),
            "per_worker": len(inputs) / seconds / workers, "parent_mb": peak["parent"] / 2**20,
            "tree_mb": peak["tree"] / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="report files (default 10,000)")
    ap.add_argument("--work", default=None, help="work folder (default: a temporary one, removed)")
    args = ap.parse_args()
    try:
        import psutil  # noqa: F401
    except ImportError:
        raise SystemExit("bench_batch.py samples memory with psutil: pip install psutil") from None
    work = Path(args.work or tempfile.mkdtemp(prefix="gixbench-"))
    inputs = work / f"inputs-{args.n}"
    if not inputs.is_dir():
        inputs.mkdir(parents=True)
        t = time.perf_counter()
        make_inputs(inputs, args.n)
        print(f"wrote {args.n} report files to {inputs} in {time.perf_counter() - t:.0f} s", flush=True)
    files = sorted(str(p) for p in inputs.rglob("*") if p.is_file())
    small = files[:: max(1, len(files) // 1000)][:1000]
    print(f"cores: {os.cpu_count()}, load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'files':>7} {'workers':>7} {'seconds':>8} {'reports/s':>10} {'per worker':>10} {'CPU s':>8} "
          f"{'per CPU s':>9} {'peak RSS batch':>15} {'peak RSS all':>13}", flush=True)
    rows = []
    for subset, workers in ((small, 1), (small, 2), (files, 2), (files, 1)):
        r = run_batch(subset, work / "out", workers)
        rows.append(r)
        print(f"{r['files']:>7} {r['workers']:>7} {r['seconds']:>8.1f} {r['rate']:>10.1f} {r['per_worker']:>10.1f} "
              f"{r['cpu_s']:>8.1f} {r['per_cpu_s']:>9.1f} {r['parent_mb']:>12.0f} MB {r['tree_mb']:>10.0f} MB",
              flush=True)
    ratio = rows[3]["parent_mb"] / rows[0]["parent_mb"]
    tree = rows[3]["tree_mb"] / rows[0]["tree_mb"]
    print(f"memory, 1 worker: peak RSS of the batch process at {rows[3]['files']} files is {ratio:.2f}x the peak at "
          f"{rows[0]['files']}, of the whole tree {tree:.2f}x ({'flat' if max(ratio, tree) <= 1.2 else 'NOT flat'}: "
          "bar 1.2x)")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
