"""Progress of a batch: a progress bar on a terminal (rich, else tqdm), plain log
lines otherwise (a CI log, a file), nothing with ``--quiet``.

Every display shows files done of total, the rate, the time left, and running
counts of inputs that failed (``failed`` or ``timeout``) and of error findings.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress", "make_progress"]


class Progress:
    """Counts; subclasses show them."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.errors = 0
        self.started = time.monotonic()

    def update(self, status: str, errors: int) -> None:
        self.done += 1
        if status in ("failed", "timeout"):
            self.failed += 1
        self.errors += errors
        self.show()

    def show(self) -> None:
        pass

    def close(self) -> None:
        pass

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else float("inf")
        eta = "?" if left == float("inf") else _clock(left)
        pct = 100.0 * self.done / self.total if self.total else 100.0
        return (f"{self.done}/{self.total} files ({pct:.0f}%), {rate:.1f}/s, ETA {eta}, "
                f"{self.failed} failed, {self.errors} error findings")


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class LogProgress(Progress):
    """A plain line every ``every`` seconds and at the end."""

    def __init__(self, total: int, stream: TextIO, every: float = 10.0) -> None:
        super().__init__(total)
        self.stream = stream
        self.every = every
        self.last = 0.0

    def show(self) -> None:
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            self.last = now
            print(f"gixparse batch: {self.line()}", file=self.stream, flush=True)


class RichProgress(Progress):
    def __init__(self, total: int, stream: TextIO) -> None:
        super().__init__(total)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(TextColumn("[bold]gixparse batch"), BarColumn(bar_width=24), MofNCompleteColumn(),
                       TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TextColumn("ETA"),
                       TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]} failed"),
                       TextColumn("[yellow]{task.fields[errors]} error findings"),
                       console=Console(file=stream), transient=False)
        self.task = self.bar.add_task("parse", total=total, rate="", failed=0, errors=0)
        self.bar.start()

    def show(self) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.bar.update(self.task, completed=self.done, rate=f"{self.done / elapsed:.1f}/s",
                        failed=self.failed, errors=self.errors)

    def close(self) -> None:
        self.bar.stop()


class TqdmProgress(Progress):
    def __init__(self, total: int, stream: TextIO) -> None:
        super().__init__(total)
        from tqdm import tqdm

        self.bar = tqdm(total=total, file=stream, unit="file", desc="gixparse batch")

    def show(self) -> None:
        self.bar.update(1)
        self.bar.set_postfix(failed=self.failed, errors=self.errors, refresh=False)

    def close(self) -> None:
        self.bar.close()


def make_progress(total: int, *, quiet: bool = False, stream: TextIO | None = None,
                  every: float = 10.0) -> Progress:
    """The display for this run: none when quiet, a bar on a terminal, else log lines."""
    stream = stream or sys.stderr
    if quiet:
        return Progress(total)
    if stream.isatty():
        for cls in (RichProgress, TqdmProgress):
            try:
                return cls(total, stream)
            except ImportError:
                continue
        print("gixparse batch: for a progress bar, pip install 'gixparse[dataset]'", file=stream)
    return LogProgress(total, stream, every)
