"""Reader for Markdown pipe tables (grammars/markdown.lark).

Blank cells: a Markdown row writes every cell between two bars, so an empty one
(``|  |``) is a real blank cell wherever it stands, the last one included (a tab
row cannot tell a trailing blank from padding; a pipe row can). Cells are
cleaned of the Markdown a converter puts inside them: ``\\|`` is a bar,
``<br>`` joins the lines of a wrapped label, ``**bold**`` marks are dropped.
Lines outside the pipe rows are rows of one text cell (a label a converter
floated out of its row, a page's stray number, a heading), unless they are words
followed by values apart by single spaces: a table row the converter did not
see as one ("行政许可 97").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lark import Token, Transformer

from ._cell_kind import cell_kind
from ._grammar import parser
from .grid import BLANK, NA, RULE, TEXT, VALUE, Cell, Grid, GridRow

__all__ = ["LAYOUT", "PRIORITY", "claims", "read", "render"]

LAYOUT = "markdown-pipe"
PRIORITY = 12

_PIPE_ROW = re.compile(r"^ {0,3}\|[^\n]*\|", re.MULTILINE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")


def claims(block: str) -> bool:
    """A line that opens with a bar and has another: a pipe row of a cell or more."""
    return _PIPE_ROW.search(block) is not None


def _clean(text: str) -> str:
    text = text.strip()
    if "\\" in text:
        text = text.replace("\\|", "|")
    if "<" in text:
        text = _BR.sub("", text)
    m = _EMPHASIS.match(text)
    if m:
        text = m.group(2).strip()
    return text


def _cell(tok: Token, kind: str | None = None) -> Cell:
    raw = str(tok)
    body = raw.lstrip(" ")
    skip = len(raw) - len(body)
    body = body.rstrip(" ")
    text = _clean(body)
    return Cell(kind or cell_kind(text), text, tok.start_pos + skip, tok.start_pos + skip + len(body),
                tok.line, tok.column + skip)


def _blank_after(bar: Token) -> Cell:
    return Cell(BLANK, "", bar.end_pos, bar.end_pos, bar.line, bar.column + 1)


class _ToGrid(Transformer):
    def row(self, tokens: list[Token]) -> GridRow:
        cells: list[Cell] = []
        for prev, tok in zip(tokens, tokens[1:]):
            if tok.type == "CELL":
                cells.append(_cell(tok))
            elif prev.type == "BAR":  # two bars in a row hold a blank cell
                cells.append(_blank_after(prev))
        return GridRow(tuple(cells))

    def delimiter(self, _tokens: list[Token]) -> None:
        return None

    def text_line(self, tokens: list[Token]) -> GridRow:
        return _text_line(tokens[-1])

    def start(self, rows: list[GridRow | None]) -> list[GridRow]:
        return [r for r in rows if r is not None and any(c.text and c.kind != RULE for c in r.cells)]


_WORD = re.compile(r"\S+")


def _text_line(tok: Token) -> GridRow:
    """A line outside the pipe rows: one text cell; or, when it is words followed by
    values apart by single spaces ("行政许可 97", a table row a converter did not see
    as one), the words and then each value. A lone value stays words (a stray page
    number is no row)."""
    line = str(tok)
    words = list(_WORD.finditer(line))
    n = len(words)
    while n > 0 and cell_kind(words[n - 1].group(0)) in (VALUE, NA):
        n -= 1
    if n == 0 or n == len(words) or cell_kind(words[n - 1].group(0)) != TEXT:
        return GridRow((_cell(tok, TEXT),))
    label_end = words[n - 1].end()
    cells = [Cell(TEXT, _clean(line[words[0].start() : label_end]), tok.start_pos + words[0].start(),
                  tok.start_pos + label_end, tok.line, tok.column + words[0].start())]
    for w in words[n:]:
        cells.append(Cell(cell_kind(w.group(0)), w.group(0), tok.start_pos + w.start(), tok.start_pos + w.end(),
                          tok.line, tok.column + w.start()))
    return GridRow(tuple(cells))


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = parser("markdown", _ToGrid).parse(chunk)
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
