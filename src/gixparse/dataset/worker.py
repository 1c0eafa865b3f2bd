"""Fault isolation: every file is parsed in a worker process, with a time limit.

A small process pool of our own (not :mod:`concurrent.futures`, which cannot stop
one hung task): each worker holds one pipe, takes one file at a time and sends
back a :class:`Result`. The parent waits on the pipes and the processes'
sentinels together, so a worker that hangs past ``timeout`` is killed (its file
gets status ``timeout``), one that dies (a crash in a native reader, the kernel's
out-of-memory killer) gets ``failed`` with how it died, and one that runs out of
its memory limit (``max_memory``, an address-space limit set in the worker)
reports ``failed`` with a ``MemoryError``. A new worker takes the place of a lost
one; the batch goes on.

Workers are started once (``forkserver`` where the platform has it, else
``spawn``) and build gixparse's parsers once, before their first file.

Test hooks: when ``GIXPARSE_TEST_HOOKS=1`` is set in the environment of the
process that starts the pool, a file whose bytes begin with
``GIXPARSE-TEST-HANG`` makes the worker sleep, ``GIXPARSE-TEST-CRASH`` makes it
abort, ``GIXPARSE-TEST-MEMORY`` makes it allocate without bound. The tests use
them to simulate readers that hang, crash and blow up; without the variable
these bytes are read like any other. ``GIXPARSE_TEST_DELAY=SECONDS`` (with the
hooks on) makes every file take that much longer, so a test can stop a batch midway.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from attrs import evolve, frozen

from .result import Result, read_and_parse

__all__ = ["Task", "WorkerConfig", "run_pool"]

_HOOKS_ENV = "GIXPARSE_TEST_HOOKS"
_READY = "ready"


@frozen
class Task:
    """One file to parse; ``sha256`` and ``size`` come from the parent, which hashed it."""

    path: str
    sha256: str | None = None
    size: int | None = None


@frozen
class WorkerConfig:
    """What a worker does with each report (all picklable)."""

    keep_report: bool = True  # send the Report back (parse_many)
    rows: bool = False  # send the dataset tables' rows (the batch command)
    packed_cells: bool = False  # with rows: the cells table packed (tables.PACKED; for the Arrow writers)
    json: bool = False  # send the report's to_json text (JSONL output)
    max_memory_mb: int = 0  # address-space limit of a worker; 0 = none
    html_dir: str | None = None  # write an audit page per report read there, send its index record
    series: bool = False  # send what check_series needs of each report read
    test_hooks: bool = False
    test_delay: float = 0.0


def _context() -> ForkServerContext | SpawnContext:
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["gixparse", "gixparse.dataset.worker", "gixparse.dataset.tables"])
        return ctx
    return mp.get_context("spawn")


def _limit_memory(mb: int) -> None:
    if mb <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    limit = mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _warm_up() -> None:
    """Build every parser once, before the first file (the grammars compile on first use)."""
    from .. import parse
    from ..render import render

    parse(render({"applications/new_received/total": 1}, "tab-rows", agency="示例市示例局", year=2023))


def _settle_gc(young: int = 7000) -> None:
    """Tune the cyclic garbage collector for a process that parses file after file.

    What the worker holds from now on (modules, grammars, parsers) lives as long as
    the process: frozen, the collector never scans it again (a full collection over
    it cost ~0.2 ms per report). A parse makes tens of thousands of short-lived
    objects, most freed by their reference counts; collecting the young generation
    every ``young`` allocations rather than every 700 scans few of them (together
    ~0.35 ms of a ~7 ms report). Garbage cycles are still collected.
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(young, older, oldest)


def _test_hook(data: bytes) -> None:
    if data.startswith(b"GIXPARSE-TEST-HANG"):
        time.sleep(3600)
    elif data.startswith(b"GIXPARSE-TEST-CRASH"):
        os.abort()
    elif data.startswith(b"GIXPARSE-TEST-MEMORY"):
        hoard = []
        while True:
            hoard.append(bytes(256 * 1024 * 1024))


def parse_one(task: Task, config: WorkerConfig) -> Result:
    """Read and parse one file; every problem becomes the result's status and error."""
    from ..export import to_json

    started = time.perf_counter()
    held: list[bytes] = [b""]  # what was read, for the audit page

    def read() -> bytes:
        with open(task.path, "rb") as fh:
            held[0] = fh.read()
        if config.test_hooks:
            _test_hook(held[0])
            time.sleep(config.test_delay)
        return held[0]

    report, status, error = read_and_parse(read)
    data = held[0]
    millis = (time.perf_counter() - started) * 1000
    result = Result(task.path, task.size if task.size is not None else _size(task.path), task.sha256,
                    status, error, millis, report)
    rows = json = None
    if config.rows:
        from .tables import columnar

        rows = columnar(result, packed=config.packed_cells)
    if config.json and report is not None:
        json = to_json(report, indent=None)
    record = series = None
    if config.html_dir is not None:
        record = _page(result, data, config.html_dir)
    if config.series and status == "ok" and report is not None:
        from .extras import series_payload

        series = series_payload(report)
    if rows is not None or json is not None or record is not None or series is not None or not config.keep_report:
        result = evolve(result, rows=rows, json=json, report=report if config.keep_report else None,
                        record=record, series=series)
    return result


def _page(result: Result, data: bytes, html_dir: str) -> dict[str, Any]:
    """Write the audit page of a report read; the input's index record either way."""
    from .extras import index_record, write_page

    report = result.report
    if report is None or result.status != "ok" or result.sha256 is None:
        return index_record(result, None, None)
    try:
        href = write_page(report, data, html_dir, result.sha256)
    except Exception as exc:  # the page is lost, not the report: the index says why
        rec = index_record(result, report, None)
        rec["message"] = f"audit page not written: {exc}"
        return rec
    return index_record(result, report, href)


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _serve(conn: Connection, config: WorkerConfig) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(config.max_memory_mb)
    try:
        _warm_up()
    except Exception:  # the first file will say what is wrong
        pass
    _settle_gc()
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = parse_one(task, config)
        except MemoryError:
            result = Result(task.path, task.size, task.sha256, "failed", "the reader ran out of memory (MemoryError)")
        conn.send(result)


class _Worker:
    """One worker process and the files handed to it, in the order it reads them: the
    first is being read, the others wait in its pipe (so it never waits for the parent
    between two files)."""

    def __init__(self, ctx: ForkServerContext | SpawnContext, config: WorkerConfig) -> None:
        self.conn, child = ctx.Pipe()
        self.proc: BaseProcess = ctx.Process(target=_serve, args=(child, config), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.tasks: deque[Task] = deque()
        self.deadline = float("inf")

    def send(self, task: Task, timeout: float | None) -> bool:
        """Hand ``task`` to the worker; False when its pipe is gone (it died since it was
        last looked at: its sentinel will say how, and the task goes to another)."""
        try:
            self.conn.send(task)
        except OSError:  # BrokenPipeError, ConnectionResetError
            self.ready = False  # waited on like a starting worker: its sentinel wakes the wait at once
            return False
        if not self.tasks:
            self.started(timeout)
        self.tasks.append(task)
        return True

    def started(self, timeout: float | None) -> None:
        """The first file in hand is being read from now on (at the latest)."""
        self.deadline = time.monotonic() + timeout if timeout else float("inf")

    def stop(self, kill: bool = False) -> None:
        if self.proc.is_alive():
            if kill:
                self.proc.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    pass
                self.proc.join(2)
                if self.proc.is_alive():
                    self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def _how_died(proc: BaseProcess) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        hint = " (killed: out of memory?)" if -code == signal.SIGKILL else ""
        return f"the reader's process died of signal {name}{hint}"
    return f"the reader's process exited with code {code}"


def run_pool(tasks: Iterable[Task], *, workers: int | None = None, timeout: float | None = 120.0,
             config: WorkerConfig = WorkerConfig(), queue: int = 2) -> Iterator[Result]:
    """Parse ``tasks`` in ``workers`` processes; yield each result as it finishes.

    Every task gives exactly one result. Each worker holds up to ``queue`` files;
    when it is lost (a timeout, a crash) the file it was reading gets its status
    and the others it held go to another worker. Closing the generator (or an
    exception in the caller, such as Ctrl-C) stops the workers.
    """
    if config.test_hooks is False and os.environ.get(_HOOKS_ENV) == "1":
        config = evolve(config, test_hooks=True, test_delay=float(os.environ.get("GIXPARSE_TEST_DELAY", "0")))
    n = max(1, workers or os.cpu_count() or 1)
    depth = max(1, queue)
    source = iter(tasks)
    first = next(source, None)
    if first is None:  # nothing to parse: start no process
        return
    again: deque[Task] = deque([first])  # files to hand out before the next of source

    def next_task() -> Task | None:
        return again.popleft() if again else next(source, None)

    ctx = _context()
    exhausted = False
    pool = [_Worker(ctx, config) for _ in range(n)]
    stillborn = 0
    try:
        while True:
            # fill every ready worker's queue, the idle ones first
            for w in sorted(pool, key=lambda w: len(w.tasks)):
                while w.ready and len(w.tasks) < depth and not (exhausted and not again):
                    task = next_task()
                    if task is None:
                        exhausted = True
                        break
                    if not w.send(task, timeout):
                        again.appendleft(task)  # the worker is dead: its death is handled below
                        break
            if exhausted and not again and not any(w.tasks for w in pool):
                return
            busy = [w for w in pool if w.tasks or not w.ready]
            now = time.monotonic()
            soonest = min((w.deadline for w in busy if w.tasks), default=float("inf"))
            wait_for = None if soonest == float("inf") else max(0.0, soonest - now)
            handles: list[Any] = [w.conn for w in busy] + [w.proc.sentinel for w in busy]
            woke = set(wait(handles, timeout=wait_for))
            for i, w in enumerate(pool):
                got: object = None
                died = False
                try:
                    # every result in the pipe of a worker that woke the wait (another has none yet, unless it
                    # came just now: one past its time limit is asked, so a result in time is never lost)
                    more = w.conn in woke or (bool(w.tasks) and time.monotonic() >= w.deadline and w.conn.poll())
                    while more:
                        got = w.conn.recv()
                        more = w.conn.poll()
                        if got == _READY:
                            w.ready = True
                        elif isinstance(got, Result) and w.tasks:
                            w.tasks.popleft()
                            if w.tasks:
                                w.started(timeout)
                            yield got
                except (EOFError, OSError):
                    died = True
                # a busy worker's death shows as its sentinel (or its pipe's end) waking the wait: no
                # is_alive() per worker per file; an idle one (not waited on) is asked
                if died or ((w.proc.sentinel in woke or w not in busy) and not w.proc.is_alive()):
                    w.proc.join(1)
                    why = _how_died(w.proc)
                    lost = w.tasks
                    w.stop(kill=True)
                    pool[i] = _Worker(ctx, config)
                    if lost:
                        task = lost.popleft()
                        again.extendleft(reversed(lost))
                        yield Result(task.path, task.size, task.sha256, "failed", why)
                    else:  # died before its first file: a fresh one is starting
                        stillborn += 1
                        if stillborn > 3 * n:
                            from ..errors import GixparseError

                            raise GixparseError(f"the worker processes cannot start ({why}); "
                                                "is the memory limit too low?")
                    continue
                if w.tasks and time.monotonic() >= w.deadline:
                    lost = w.tasks
                    w.stop(kill=True)
                    pool[i] = _Worker(ctx, config)
                    task = lost.popleft()
                    again.extendleft(reversed(lost))
                    yield Result(task.path, task.size, task.sha256, "timeout",
                                 f"reading took longer than {timeout:g} s; the reader was stopped")
    finally:
        for w in pool:
            w.stop(kill=bool(w.tasks))
