"""Reader for Markdown pipe tables (grammars/markdown.lark).

Blank cells: a Markdown row writes every cell between two bars, so an empty one
(``|  |``) is a real blank cell wherever it stands, the last one included (a tab
row cannot tell a trailing blank from padding; a pipe row can). Cells are
cleaned of the Markdown a converter puts inside them: ``\\|`` is a bar,
``<br>`` joins the lines of a wrapped label, any other HTML tag is dropped (its
numbers, ``width: 149px``, are markup), ``**bold**`` marks are dropped.

Rows are lined up on the header's value columns: a converter writes a merged
label's columns as empty cells, and those are no value cells (see
:func:`_label_area`). Rows left short of cells a PDF converter floated above the
table keep only what is certain (see :func:`_short_rows`).

Lines outside the pipe rows are rows of one text cell (a label a converter
floated out of its row, a page's stray number, a heading), unless they are words
followed by values apart by single spaces: a table row the converter did not
see as one ("行政许可 97").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, cast

from lark import Lark, Token, Transformer

from ._cell_kind import cell_kind
from ._grammar import grammar_dir, line_so_far, parse
from .grid import BLANK, LOST, NA, RULE, TEXT, VALUE, Cell, Grid, GridRow, make_cell, make_row, token_start

__all__ = ["LAYOUT", "PRIORITY", "claims", "might_claim", "read", "render"]

LAYOUT = "markdown-pipe"
PRIORITY = 12

_PIPE_ROW = re.compile(r"^ {0,3}\|[^\n]*\|", re.MULTILINE)
# an HTML tag a converter leaves inside a cell (<br> between a label's lines, <span style=…>,
# <p>): markup, never the cell's text, so its numbers ("width: 149px") are never read
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")


def might_claim(region: str) -> bool:
    """A block claimed holds a bar."""
    return "|" in region


def claims(block: str) -> bool:
    """A line that opens with a bar and has another: a pipe row of a cell or more."""
    return "|" in block and _PIPE_ROW.search(block) is not None


def _clean(text: str) -> str:
    text = text.strip()
    if "\\" in text:
        text = text.replace("\\|", "|")
    if "<" in text:
        text = _TAG.sub("", text).strip()
    m = _EMPHASIS.match(text)
    if m:
        text = m.group(2).strip()
    return text



def _cell(tok: Token, kind: str | None = None) -> Cell:
    pos, line, col = token_start(tok)
    return _cell_at(tok.value, pos, line, col, kind)


@lru_cache(maxsize=8192)
def _piece(raw: str) -> tuple[str, str, int, int]:
    """A cell's raw text read: its clean text and kind, where its text starts in the raw
    text and how long it is there. Cached: cells repeat across rows and reports."""
    body = raw.lstrip(" ")
    skip = len(raw) - len(body)
    body = body.rstrip(" ")
    text = _clean(body)
    return text, cell_kind(text), skip, len(body)


def _cell_at(raw: str, pos: int, line: int, col: int, kind: str | None = None) -> Cell:
    """The cell of ``raw``, a cell's text with the spaces around it, found at offset
    ``pos`` on ``line`` at column ``col``."""
    text, its_kind, skip, size = _piece(raw)
    return make_cell(kind or its_kind, text, pos + skip, pos + skip + size, line, col + skip)


@cache
def _pieces() -> re.Pattern[str]:
    """The grammar's BAR and CELL terminals as one pattern (a cell is group 2)."""
    lark = Lark.open(str(grammar_dir() / "markdown.lark"), parser="lalr", start="pieces")
    pattern = {t.name: t.pattern.to_regexp() for t in lark.terminals}
    return re.compile(f"({pattern['BAR']})|({pattern['CELL']})")


@lru_cache(maxsize=4096)
def _row_cut(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """The cells of a ROW's text: each as its kind, clean text, offset in the row and
    length there (a blank cell between two bars stands at the end of the bar before, of
    length 0). The same wherever the row stands: cached by its text (rows repeat across
    reports); :func:`_pipe_row` adds the row's place."""
    cells: list[tuple[str, str, int, int]] = []
    bar_before = False  # the piece before is a bar
    for m in _pieces().finditer(text):
        at = m.start()
        if m.lastindex == 2:
            clean, kind, skip, size = _piece(m.group())
            cells.append((kind, clean, at + skip, size))
            bar_before = False
        else:
            if bar_before:  # two bars in a row hold a blank cell
                cells.append((BLANK, "", at, 0))  # at the end of the bar before
            bar_before = True
    return tuple(cells)


def _pipe_row(row: Token) -> GridRow:
    """A ROW token's row, cut into its BAR and CELL pieces."""
    pos, line, col = token_start(row)
    return make_row(tuple([make_cell(kind, text, pos + at, pos + at + size, line, col + at)
                          for kind, text, at, size in _row_cut(row.value)]))


_Line = tuple[bool, GridRow] | None  # (is a pipe row, its row), None for the delimiter row


class _ToGrid(Transformer[Token, list[GridRow]]):
    def rows(self, children: list[Any]) -> list[_Line]:
        """``rows: X? | rows _NL X?``: each line read as the parser reduces it (a pipe row,
        None for the delimiter row, a text line), into one list (a blank line adds none)."""
        lines: list[_Line]
        lines, tok = line_so_far(children)
        if tok is None:
            return lines
        kind = tok.type
        lines.append((True, _pipe_row(tok)) if kind == "ROW" else None if kind == "DELIMITER_ROW"
                     else (False, _text_line(tok)))
        return lines

    def start(self, children: list[list[_Line]]) -> list[GridRow]:
        rows: list[GridRow] = []
        table: list[GridRow] = []  # the pipe rows of the table being read
        floated: list[Cell] = []  # loose lines of a value or a note right above it
        end: list[tuple[bool, GridRow | None]] = [(False, None)]
        for line in [*children[0], *end]:
            if line is None:
                continue
            pipe, row = line
            if pipe and row is not None:
                table.append(row)
                continue
            if table:
                rows.extend(_short_rows(_label_area(table), floated))
                floated = []
            table = []
            if row is not None:
                rows.append(row)
                floated = [*floated, row.cells[0]] if _floated_piece(row) else []
        return [r for r in rows if any(c.text and c.kind != RULE for c in r.cells)]


_NOTE = re.compile(r"^[（(].*[）)]$")


def _floated_piece(row: GridRow) -> bool:
    """A loose line that holds a lone value or a bracketed note (``5``, ``（含修订 2 件）``):
    what a PDF-to-Markdown converter leaves above a table when it floats a cell
    holding a line break out of its row."""
    if len(row.cells) != 1:
        return False
    text = row.cells[0].text
    return cell_kind(text) in (VALUE, NA) or _NOTE.match(text) is not None


def _short_rows(table: list[GridRow], floated: Sequence[Cell]) -> list[GridRow]:
    """Rows of a table whose cells a converter floated out of them, read as far as is certain.

    When loose values stand right above a table, a row with fewer value cells than
    its header has columns lost some: which ones the layout cannot tell, so its
    values cannot be placed by position. Its last cell still closes the row under the
    header's last column; the others are unknown (LOST cells, flagged by placement),
    never shifted into a neighbour's column. A LOST cell's text in the input is the
    floated lines, where its value went."""
    if not floated:
        return table
    header = next((r for r in table if len(r.cells) >= 2 and all(c.kind == TEXT for c in r.cells)), None)
    if header is None:
        return table
    width = len(header.cells)
    out = []
    for row in table:
        cells = row.cells
        if (2 <= len(cells) < width and cells[0].kind == TEXT
                and all(c.kind in (VALUE, NA, BLANK) for c in cells[1:]) and cells[-1].kind != BLANK):
            top, end = floated[0], floated[-1]
            lost = [make_cell(LOST, "", top.start, end.end, top.line, top.column)] * (width - 2)
            row = make_row((cells[0], *lost, cells[-1]), row.padded)
        out.append(row)
    return out


def _value_start(table: Sequence[GridRow]) -> tuple[int, int] | None:
    """Where the value columns of a pipe table start, by its header: the rows of column
    headings that leave the label columns empty (``|  |  |  | 自然人 | 商业企业 |``; a
    heading spanning down leaves its column empty in the rows below it, so the
    leftmost start counts), with the number of cells of that row. None when the
    table has no such row above its first row of values."""
    best: tuple[int, int] | None = None
    for row in table:
        kinds = [c.kind for c in row.cells]
        if VALUE in kinds or NA in kinds:
            break  # the header is above the values (below, labels over blank cells look alike)
        lead = next((i for i, k in enumerate(kinds) if k != BLANK), len(kinds))
        heads = lead > 0 and kinds[lead:].count(TEXT) >= 2 and all(k in (TEXT, BLANK) for k in kinds[lead:])
        if heads and (best is None or lead < best[0]):
            best = lead, len(kinds)
    return best


def _label_area(table: list[GridRow]) -> list[GridRow]:
    """The rows of a pipe table with the empty cells of their label columns left out.

    A converter writes a merged label's columns as empty cells, so a row whose label
    fills fewer label columns than the table has opens or goes on with empty cells
    (``|  | （二）部分公开 |  | 5 |``). Which of its cells are values is told by the
    header's value columns, not by trimming blanks from one end (its 总计 may be blank
    too): in a row of the header's width with a label and no value in the label
    columns, the empty label-column cells are no cells of the row."""
    found = _value_start(table)
    if found is None:
        return table
    start, width = found
    out = []
    for row in table:
        cells = row.cells
        head = [c.kind for c in cells[:start]]
        if len(cells) == width and TEXT in head and all(k in (TEXT, BLANK) for k in head) and any(
                c.kind != TEXT for c in cells[start:]):
            row = make_row(tuple(c for i, c in enumerate(cells) if i >= start or c.kind != BLANK), row.padded)
        out.append(row)
    return out


_WORD = re.compile(r"\S+")


def _text_line(tok: Token) -> GridRow:
    """A line outside the pipe rows: one text cell; or, when it is words followed by
    values apart by single spaces ("行政许可 97", a table row a converter did not see
    as one), the words and then each value. A lone value stays words (a stray page
    number is no row)."""
    line = tok.value
    words = list(_WORD.finditer(line))
    n = len(words)
    while n > 0 and cell_kind(words[n - 1].group(0)) in (VALUE, NA):
        n -= 1
    if n == 0 or n == len(words) or cell_kind(words[n - 1].group(0)) != TEXT:
        return make_row((_cell(tok, TEXT),))
    label_end = words[n - 1].end()
    pos, row, col = token_start(tok)
    cells = [make_cell(TEXT, _clean(line[words[0].start() : label_end]), pos + words[0].start(), pos + label_end, row,
                  col + words[0].start())]
    for w in words[n:]:
        cells.append(make_cell(cell_kind(w.group(0)), w.group(0), pos + w.start(), pos + w.end(), row, col + w.start()))
    return make_row(tuple(cells))


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = cast(list[GridRow], parse("markdown", _ToGrid, chunk))  # the transformer's result
    return Grid(tuple(rows), LAYOUT, offset, line)


# --- writing ------------------------------------------------------------------------------------


def _write_cell(text: str, wrap: bool) -> str:
    text = text.replace("|", "\\|")
    if wrap and len(text) > 8 and cell_kind(text.strip()) == TEXT:
        text = text[:6] + "<br>" + text[6:]
    return text


def render(rows: Iterable[Sequence[str]], quirks: object = None) -> str:
    """Rows of cell strings as a Markdown pipe table, "" a blank cell; the first
    row is the header, followed by the delimiter row (the calling convention of
    gixparse.render). Of the quirks, ``split_labels`` breaks long labels with
    ``<br>`` and ``blank_lines`` cuts the table every few rows into pieces with
    a delimiter row of their own, as pdf-to-markdown tools cut it at pages."""
    wrap = bool(getattr(quirks, "split_labels", False))
    breaks = bool(getattr(quirks, "blank_lines", False))
    lines: list[str] = []
    for i, row in enumerate(rows):
        cells = [_write_cell(str(c), wrap) for c in row]
        if breaks and i and i % 5 == 0:
            lines.append("")
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0 or (breaks and i % 5 == 0):
            lines.append("|" + "---|" * max(len(cells), 1))
    return "\n".join(lines) + "\n"
