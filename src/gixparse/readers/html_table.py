"""Reader for raw HTML ``<table>`` blocks inside text or Markdown.

Converters write a table they cannot draw with pipes as HTML (pandoc does so for
every table with a merged cell), and pages copied as source keep theirs. Such a
block is read as an HTML table, with the HTML reader of :mod:`gixparse.documents`
(lxml's parser, the HTML table model for ``rowspan``/``colspan``, value cells lined
up on the header's columns), so that only the text of the cells is ever read:
numbers in the markup (``colspan="3"``, ``style="width: 107px"``) never are. The
table's rows are written one cell per line and read by the cell-per-line reader
(``readers/cell_lines.py``), exactly as a document's tables are; then each cell
is given its place in the input: the text inside its ``<td>``.

:func:`claims` takes a block that opens with ``<table`` and closes with
``</table>``; ``read_region`` (``readers/__init__.py``) cuts such a block out of
the region whole, blank lines inside it included.
"""

from __future__ import annotations

import re

from .grid import Grid, GridRow, make_cell, make_row

__all__ = ["LAYOUT", "PRIORITY", "claims", "might_claim", "read", "table_spans"]

LAYOUT = "html-table"
PRIORITY = 5  # before every text layout: the markup would read as words or pipes

_TABLE_TAG = re.compile(r"<(/?)table\b[^<>]*>", re.IGNORECASE)


def table_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost ``<table>…</table>`` element in ``text``, in
    one pass over its table tags (nested tables belong to the outer one; a table
    never closed is no element)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for m in _TABLE_TAG.finditer(text):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    return spans


_OPEN_CELL = re.compile(r"<t[dh]\b[^<>]*>", re.IGNORECASE)


def might_claim(region: str) -> bool:
    """A block claimed holds a tag."""
    return "<" in region


def claims(block: str) -> bool:
    """A block that is one HTML table element."""
    if "<" not in block:
        return False
    body = block.strip()
    return body[:6].lower() == "<table" and table_spans(body) == [(0, len(body))]


def _where(chunk: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``chunk``."""
    return chunk.count("\n", 0, offset) + 1, offset - chunk.rfind("\n", 0, offset)


def _find_outside_tags(chunk: str, text: str, start: int, end: int) -> int:
    """Where ``text`` next stands in ``chunk[start:end]`` outside a tag, or -1."""
    at = chunk.find(text, start, end)
    while at >= 0 and chunk.rfind("<", start, at) > chunk.rfind(">", start, at):
        at = chunk.find(text, at + 1, end)
    return at


def _text_span(chunk: str, start: int, end: int, text: str) -> tuple[int, int]:
    """Where a cell's text stands in its element's source ``chunk[start:end]`` (from
    its start tag on): from its first word to its last outside tags (an empty span
    when it is not found, as a word joined across a line break)."""
    if not text:
        return start, start
    words = text.split(" ")
    a = _find_outside_tags(chunk, words[0], start, end)
    if a < 0:
        return start, start
    b = _find_outside_tags(chunk, words[-1], a + len(words[0]), end) if len(words) > 1 else a
    return a, (b if b >= 0 else a) + len(words[-1] if b >= 0 else words[0])


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    from ..documents._layout import Paragraph, TableBlock, squeeze, table_rows
    from ..documents.html import blocks
    from . import cell_lines

    tags = list(_OPEN_CELL.finditer(chunk))
    opens = [m.end() for m in tags]
    limits = [m.start() for m in tags[1:]] + [len(chunk)]
    found = blocks(chunk)
    tables = [b for b in found if isinstance(b, TableBlock)]
    cells = [c for t in tables for c in t.cells]
    by_index = len(opens) == len(cells)
    source: dict[int, tuple[int, int]] = {}  # id(cell) -> its text's span in the chunk
    cursor = 0
    for i, cell in enumerate(cells):
        start, end = (opens[i], limits[i]) if by_index else (cursor, len(chunk))
        span = _text_span(chunk, start, end, squeeze(cell.text))
        source[id(cell)] = span
        cursor = max(cursor, span[1])

    lines: list[str] = []
    origin: list[tuple[int, int] | None] = []  # per rendered line: the span it stands for
    at = 0
    for block in found:
        if isinstance(block, Paragraph):
            text = squeeze(block.text)
            if text:
                where = chunk.find(text, at)
                span = (where, where + len(text)) if where >= 0 else (at, at)
                at = max(at, span[1])
                lines += ["", "\t" + text]
                origin += [None, span]
            continue
        for row in table_rows(block):
            lines.append("")
            origin.append(None)
            for w in row:
                lines.append("\t" + w.text)
                if w.cell is None:
                    origin.append(None)
                else:
                    a, b = source[id(w.cell)]
                    origin.append((a, b) if w.text else (b, b))
    rendered = "\n".join(lines[1:]) if lines else ""
    origin = origin[1:]
    grid_rows: list[GridRow] = []
    last = (0, 0)
    if rendered.strip():
        for grid_row in cell_lines.read(rendered).rows:
            out = []
            for c in grid_row.cells:
                here = origin[c.line - 1] if c.line - 1 < len(origin) else None
                if here is None:
                    here = (last[1], last[1])
                last = here
                ln, col = _where(chunk, here[0])
                out.append(make_cell(c.kind, c.text, here[0], here[1], ln, col))
            grid_rows.append(make_row(tuple(out)))
    return Grid(tuple(grid_rows), LAYOUT, offset, line)
