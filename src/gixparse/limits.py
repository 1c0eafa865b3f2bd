"""Limits on what one document may cost: pages, text, decompressed bytes, nesting, time.

gixparse runs inside scrapers and batch jobs that feed it whatever a site
served. A file built to exhaust memory or time (a ZIP bomb posing as a Word
file, a PDF with thousands of pages or a page a hundred metres wide, HTML nested
a hundred thousand levels deep) must end in a clear :class:`GixparseError`
within bounded time and memory, never take the process down. The bounds are
data, :class:`Limits`, with defaults far above any real report::

    gixparse.parse_file(path, limits=gixparse.Limits(max_pages=50, time_budget=10))
    gixparse.parse(data, limits=gixparse.Limits.unlimited())     # trusted input only

The readers enforce them through the guards below, called at their entry
points; the limits in force are those of the innermost :func:`using` block
(``parse`` and ``parse_file`` open one), held in a context variable so threads
and tasks each see their own. Every refusal is a ``GixparseError`` at line 1,
column 1 (nothing of the document was read) naming the limit and how to raise it.
"""

from __future__ import annotations

import ctypes
import heapq
import io
import os
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from attrs import evolve, frozen

from .errors import GixparseError, LimitError

__all__ = ["DEFAULT", "Limits", "TimeBudgetExceeded", "cause", "checkpoint", "current", "data", "html_tree",
           "pdf_data", "pdf_pages", "size", "text", "using", "zip_parts"]

_MB = 1_000_000


@frozen
class Limits:
    """How much one document may cost. ``None`` switches a limit off.

    ``max_pages``
        pages of a PDF (a report runs to a few dozen; each page costs a table search).
    ``max_text_mb``
        megabytes (UTF-8) of text: of a ``str`` or bytes given to ``parse``, and of the
        text a document is read into. Parsing is linear in it.
    ``max_uncompressed_mb``
        megabytes a Word file's parts may hold uncompressed, all parts together.
    ``max_ratio``
        how many times larger than its compressed size a Word file's part may be
        (XML compresses 5–20 times; a ZIP bomb a thousand times).
    ``max_nesting``
        depth of elements in an HTML page (256 is libxml2's own limit for HTML, which
        otherwise drops what lies deeper without a word).
    ``max_page_points``
        width and height of a PDF page, in points (1/72 inch): 14 400, i.e. 200 inches,
        is the largest page PDF 32000-1 Annex C allows at the default user unit.
    ``time_budget``
        seconds one ``parse`` may take: checked between pages and stages, and enforced
        inside a reader that loops by raising :class:`TimeBudgetExceeded` into it.
    """

    max_pages: int | None = 300
    max_text_mb: float | None = 64.0
    max_uncompressed_mb: float | None = 256.0
    max_ratio: float | None = 200.0
    max_nesting: int | None = 256
    max_page_points: float | None = 14_400.0
    time_budget: float | None = 30.0

    @classmethod
    def unlimited(cls) -> Limits:
        """No limit at all: for input you trust."""
        return cls(None, None, None, None, None, None, None)

    def replace(self, **changes: Any) -> Limits:
        return evolve(self, **changes)


DEFAULT = Limits()
"""The limits in force when none are given."""


@frozen
class _Active:
    limits: Limits
    started: float


_ACTIVE: ContextVar[_Active | None] = ContextVar("gixparse_limits", default=None)


class TimeBudgetExceeded(LimitError):
    """Raised into a thread whose reading has used up ``time_budget`` (see :class:`_Watchdog`)."""

    def __init__(self, message: str | None = None) -> None:
        budget = current().time_budget
        super().__init__(message or f"reading took longer than its time budget: refused by the limit "
                         f"time_budget={budget:g} s (gixparse.Limits; raise it for input you trust)",
                         limit="time_budget")


class _Arm:
    """One armed budget: the reading thread it guards, when it is spent, and its state."""

    __slots__ = ("deadline", "fired", "live", "thread")

    def __init__(self, thread: int, deadline: float) -> None:
        self.thread = thread
        self.deadline = deadline
        self.live = True
        self.fired = False

    def __lt__(self, other: _Arm) -> bool:
        return self.deadline < other.deadline


class _Watchdog:
    """Raises :class:`TimeBudgetExceeded` in a reading thread when its budget is spent.

    The readers of documents are Python (pdfminer, python-docx) and may loop on a file built
    for it (PDF objects that refer to each other); checks between pages cannot stop a loop
    inside one. One daemon thread per process (started on first use, never per document:
    starting a thread per parse cost more than a small report's reading) keeps the armed
    budgets in a heap and sleeps until the earliest deadline; when a budget is spent it
    raises the exception into the reading thread (``PyThreadState_SetAsyncExc``, which takes
    effect at the thread's next Python instruction), again every half second in case a
    library's ``except Exception`` swallows it. Disarming (leaving the block) happens under
    the same lock and clears an exception raised but not yet delivered.
    """

    _REPEAT = 0.5

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._heap: list[_Arm] = []
        self._thread: threading.Thread | None = None

    def forget(self) -> None:
        """In a forked child: the parent's thread is not there, and its lock may be held."""
        self._cond = threading.Condition(threading.Lock())
        self._heap = []
        self._thread = None

    def arm(self, seconds: float) -> _Arm:
        entry = _Arm(threading.get_ident(), time.monotonic() + seconds)
        with self._cond:
            if self._thread is None:  # first use in this process
                self._thread = threading.Thread(target=self._run, name="gixparse-watchdog", daemon=True)
                self._thread.start()
            earliest = self._heap[0].deadline if self._heap else None
            heapq.heappush(self._heap, entry)
            if earliest is None or entry.deadline < earliest:
                self._cond.notify()
        return entry

    def disarm(self, entry: _Arm) -> None:
        with self._cond:
            entry.live = False
            if entry.fired:  # raised or pending: a pending one must not fire outside the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(entry.thread), None)

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and not self._heap[0].live:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                entry = self._heap[0]
                wait = entry.deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                entry.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(entry.thread),
                                                           ctypes.py_object(TimeBudgetExceeded))
                entry.deadline = time.monotonic() + self._REPEAT
                heapq.heappush(self._heap, entry)


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG.forget)


@contextmanager
def using(limits: Limits | None = None) -> Iterator[Limits]:
    """Make ``limits`` (default :data:`DEFAULT`) the ones in force, and start the clock.
    A block inside one that is open keeps the outer clock and limits unless given its own."""
    outer = _ACTIVE.get()
    if limits is None and outer is not None:
        yield outer.limits
        return
    limits = limits or DEFAULT
    token = _ACTIVE.set(_Active(limits, time.monotonic()))
    armed = _WATCHDOG.arm(limits.time_budget) if limits.time_budget is not None else None
    try:
        yield limits
    finally:
        if armed is not None:
            _WATCHDOG.disarm(armed)
        _ACTIVE.reset(token)


def current() -> Limits:
    """The limits in force (the defaults outside any :func:`using` block)."""
    active = _ACTIVE.get()
    return active.limits if active is not None else DEFAULT


def _mb(n: float) -> str:
    """``n`` bytes in megabytes, to one place, or to a thousandth below one."""
    return f"{n / _MB:.1f}" if n >= _MB else f"{n / _MB:.3f}"


def _refuse(what: str, limit: str, line: int = 1, column: int = 1) -> LimitError:
    name = limit.partition("=")[0]
    return LimitError(f"{what}: refused by the limit {limit} (gixparse.Limits; raise it for input you trust)",
                      limit=name, line=line, column=column)


def checkpoint(stage: str) -> None:
    """Raise when the document has used up its time budget."""
    active = _ACTIVE.get()
    if active is None or active.limits.time_budget is None:
        return
    spent = time.monotonic() - active.started
    if spent > active.limits.time_budget:
        raise _refuse(f"reading took {spent:.1f} s, still at {stage}", f"time_budget={active.limits.time_budget:g} s")


def text(value: str, what: str = "the text") -> str:
    """``value``, when its size is within ``max_text_mb``."""
    limit = current().max_text_mb
    # a character is at most 4 bytes and at least 1: only measure when it may be over
    if limit is not None and len(value) * 4 > limit * _MB:
        size = len(value.encode("utf-8", "surrogatepass")) / _MB
        if size > limit:
            raise _refuse(f"{what} is {size:.1f} MB", f"max_text_mb={limit:g}")
    checkpoint(what)
    return value


def size(n: int, what: str = "the input") -> None:
    """Raise when ``n`` bytes of input are more than ``max_text_mb``."""
    limit = current().max_text_mb
    if limit is not None and n > limit * _MB:
        raise _refuse(f"{what} is {_mb(n)} MB", f"max_text_mb={limit:g}")


def data(value: bytes, what: str = "the input") -> bytes:
    """``value``, when its size is within ``max_text_mb`` (the bytes given to ``parse``)."""
    size(len(value), what)
    return value


_XML_PROLOG = 4096  # a DTD stands in the prolog, before the root element


def zip_parts(value: bytes) -> bytes:
    """A Word file's bytes, when its parts fit ``max_uncompressed_mb`` and ``max_ratio``
    and no XML part declares a DTD (OOXML parts never do; entities are how XML bombs
    expand). Sizes are those the archive declares: ``zipfile`` stops reading a part
    at its declared size, so a part cannot inflate beyond what is checked here."""
    limits = current()
    try:
        with zipfile.ZipFile(io.BytesIO(value)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if limits.max_uncompressed_mb is not None and total > limits.max_uncompressed_mb * _MB:
                raise _refuse(f"the Word file's parts hold {_mb(total)} MB uncompressed",
                              f"max_uncompressed_mb={limits.max_uncompressed_mb:g}")
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if limits.max_ratio is not None and info.file_size > _MB and ratio > limits.max_ratio:
                    raise _refuse(f"the Word file's part {info.filename} inflates {ratio:.0f} times "
                                  f"({info.compress_size} bytes to {_mb(info.file_size)} MB)",
                                  f"max_ratio={limits.max_ratio:g}")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        head = part.read(_XML_PROLOG)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise LimitError(f"the Word file's part {info.filename} declares a DTD, which Word "
                                         "files never do (XML entity expansion): not read", limit="dtd")
    except GixparseError:
        raise
    except Exception as exc:  # damaged: BadZipFile, NotImplementedError (a compression zipfile lacks), ...
        raise GixparseError(f"cannot read this DOCX file: {exc!r}", line=1, column=1) from exc
    checkpoint("opening the Word file")
    return value


def html_tree(root: Any, parser: Any) -> Any:
    """The root of an HTML page parsed by ``parser`` (an lxml ``HTMLParser``), when it
    is no deeper than ``max_nesting``. libxml2 stops at 256 levels on its own and drops
    what lies deeper with only a note in the parser's log: that note is an error here."""
    limit = current().max_nesting
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":  # libxml2 stopped reading: the rest of the page is lost
            deep = "depth" in entry.message
            raise _refuse(f"the HTML parser stopped at a resource limit ({entry.message.strip()}): "
                          + ("elements nest deeper than 256 levels" if deep else "an attribute or text run "
                             "is larger than 10 MB") + ", and what follows would be lost",
                          "max_nesting=256" if deep else "libxml2 buffer=10 MB",
                          line=max(entry.line, 1), column=max(entry.column, 1))
    if limit is not None and limit < 256:
        depth = 0
        for event, _ in _iterwalk(root):
            depth += 1 if event == "start" else -1
            if depth > limit:
                raise _refuse(f"the HTML page nests elements more than {limit} deep", f"max_nesting={limit}")
    checkpoint("reading the HTML page")
    return root


def _iterwalk(root: Any) -> Any:
    from lxml import etree

    return etree.iterwalk(root, events=("start", "end"))


def pdf_data(value: bytes) -> bytes:
    """A PDF's bytes, when it has at most ``max_pages`` pages: counted in its page tree
    (pdfminer) before pdfplumber builds any page, since building them costs time for each
    and pdfplumber builds them all when it closes the file."""
    limit = current().max_pages
    if limit is not None:
        from itertools import islice

        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        document = PDFDocument(PDFParser(io.BytesIO(value)))
        if sum(1 for _ in islice(PDFPage.create_pages(document), limit + 1)) > limit:
            raise _refuse(f"the PDF has more than {limit} pages", f"max_pages={limit}")
    checkpoint("opening the PDF")
    return value


def pdf_pages(pages: list[Any]) -> Iterator[Any]:
    """The pages of a PDF (pdfplumber pages), each when it is within ``max_page_points``
    and the time budget, cropped to the page: what a PDF places outside its page is never
    seen, and a character placed a billion points away makes pdfplumber's layout text
    allocate a line of a billion spaces (found by fuzzing: a MemoryError from 7 KB)."""
    limits = current()
    for number, page in enumerate(pages, 1):
        checkpoint(f"page {number} of the PDF")
        if limits.max_page_points is not None and max(page.width, page.height) > limits.max_page_points:
            raise _refuse(f"page {number} of the PDF is {page.width:.0f} × {page.height:.0f} points "
                          f"({page.width / 72 * 0.0254:.2f} × {page.height / 72 * 0.0254:.2f} m)",
                          f"max_page_points={limits.max_page_points:g}")
        yield page.crop(page.bbox)


def cause(exc: BaseException) -> BaseException:
    """The :class:`LimitError` behind ``exc`` (a reader may wrap it in its own exception: as its
    cause, its context, an argument, or Lark's ``VisitError.orig_exc``), else ``exc``."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, LimitError):
            return e
        behind = (e.__cause__, e.__context__, getattr(e, "orig_exc", None), *e.args)
        todo.extend(x for x in behind if isinstance(x, BaseException))
    return exc
