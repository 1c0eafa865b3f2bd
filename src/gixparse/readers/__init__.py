"""Stage 3: read the tables of a region of text into grids.

Each layout is a module in this package with a Lark grammar in ``grammars/``.
A layout module provides

``LAYOUT``    its name, reported as ``table.layout``;
``PRIORITY``  the order in which layouts are asked to claim a block (lower first);
``claims(block: str) -> bool``  whether a block of lines is in its layout;
``read(chunk: str, offset: int, line: int) -> Grid``  the grid of a chunk;

and may provide ``might_claim(region: str) -> bool``: False when no block of the region can be
claimed (a scan of the whole region in C, so that its blocks are not asked one by one); and may
declare how placement must read its grids: ``DROPS_BLANKS = True`` (blank
cells are left out, so a short row's values are placed by the form's identities),
``ALIGNED_BY_DISPLAY = True`` (cells stand in display columns lined up from row to
row, so a table's header places the values under it).

Modules are found by looking in this package, so adding a layout is adding a
module (and its grammar); nothing here changes. A region is cut into blocks at
blank lines (an HTML ``<table>`` element is one block, whole); each block goes to the first layout that claims it; blocks nobody
claims (prose, headings) go with their neighbours; runs of blocks of one layout
are read together.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from functools import cache
from types import ModuleType

import attrs
from lark.exceptions import UnexpectedInput

from ..errors import GixparseError
from .grid import Grid
from .html_table import table_spans

__all__ = ["declaring", "layouts", "read_region"]

_BLOCK_SPLIT = re.compile(r"\n(?: *\n)+")
_BLANK_LINES = re.compile(r"(?: *\n)*")


@cache
def layouts() -> tuple[ModuleType, ...]:
    """The layout modules, in the order they are asked to claim blocks."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "grid":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "LAYOUT") and hasattr(module, "claims") and hasattr(module, "read"):
            found.append(module)
    return tuple(sorted(found, key=lambda m: (m.PRIORITY, m.LAYOUT)))


@cache
def declaring(flag: str) -> frozenset[str]:
    """The names of the layouts whose module sets ``flag`` (``DROPS_BLANKS``, ``ALIGNED_BY_DISPLAY``)
    to True: what placement must know of a layout's grids, read from the layout, never its name."""
    return frozenset(m.LAYOUT for m in layouts() if getattr(m, flag, False))


@cache
def _prefilters() -> tuple[tuple[ModuleType, Callable[[str], bool], Callable[[str], bool] | None], ...]:
    """Each layout module with its ``claims`` and its ``might_claim`` (None where it has none),
    in claiming order."""
    return tuple((m, m.claims, getattr(m, "might_claim", None)) for m in layouts())


def _candidates(region: str) -> tuple[tuple[ModuleType, Callable[[str], bool]], ...]:
    """The layouts that might claim a block of ``region``, with their ``claims``, in claiming order."""
    return tuple((m, claims) for m, claims, might in _prefilters() if might is None or might(region))


def _blocks(region: str) -> list[tuple[int, int]]:
    """The region's blocks as (start, end): text cut at blank lines, except that an
    HTML ``<table>`` element is one block of its own, blank lines inside it included."""
    tables = table_spans(region) if "<" in region else []
    out: list[tuple[int, int]] = []
    pos = 0
    for t_start, t_end in [*tables, (len(region), None)]:
        part = region[pos:t_start]
        at = 0
        for m in _BLOCK_SPLIT.finditer(part):
            out.append((pos + at, pos + m.start()))
            at = m.end()
        out.append((pos + at, t_start))
        if t_end is not None:
            out.append((t_start, t_end))
            pos = t_end
    return out


def read_region(folded: str, start: int, end: int, first_line: int) -> list[Grid]:
    """Grids for ``folded[start:end]``, a region that starts on line ``first_line``
    (at a line start, or inside a line after a heading)."""
    region = folded[start:end]
    runs: list[tuple[ModuleType, int, int]] = []  # (module, start, end): offsets within region
    plain_start: int | None = None  # unclaimed blocks before the first run
    current: ModuleType | None = None  # the layout of the run being gathered (None before the first)
    run_start = run_end = 0
    candidates = _candidates(region)
    for pos, b_end in _blocks(region):
        block = region[pos:b_end]
        if not block or block.isspace():  # not block.strip(), without the copy
            continue
        for module, claims in candidates:  # noqa: B007 (module: the first layout that claims the block)
            if claims(block):
                break
        else:  # nobody's: the block goes with the run before it
            if current is not None:
                run_end = b_end
            elif plain_start is None:
                plain_start = pos
            continue
        if module is current:
            run_end = b_end
        else:
            if current is not None:
                runs.append((current, run_start, run_end))
            run_start = plain_start if current is None and plain_start is not None else pos
            run_end = b_end
            current = module
    if current is not None:
        runs.append((current, run_start, run_end))
    grids = []
    for module, r_start, r_end in runs:
        raw = region[r_start:r_end]
        blank = _BLANK_LINES.match(raw)  # lines of nothing or spaces before the first (always matches)
        lead = blank.end() if blank is not None else 0
        chunk = raw[lead:].rstrip(" \n")
        offset = start + r_start + lead
        line = first_line + folded.count("\n", start, offset)
        column = offset - folded.rfind("\n", 0, offset)
        try:
            grid = module.read(chunk, offset, line)
            grids.append(grid if column == 1 else attrs.evolve(grid, column=column))
        except UnexpectedInput as exc:  # the grammars accept any text; this guards against a bug
            at_line, at_column = getattr(exc, "line", -1), getattr(exc, "column", -1)
            if not (isinstance(at_line, int) and at_line >= 1 and isinstance(at_column, int) and at_column >= 1):
                at_line, at_column = 1, 1  # Lark knows no place (the text ended): the chunk's start
            raise GixparseError(
                f"cannot read table text as {module.LAYOUT}: {exc.__class__.__name__}",
                line=line + at_line - 1,
                column=at_column + column - 1 if at_line == 1 else at_column,
                context=exc.get_context(chunk) if hasattr(exc, "get_context") else None,
            ) from exc
    return grids
