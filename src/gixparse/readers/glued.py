"""Reader for table text whose cells were glued together (grammars/glued.lark).

Crawlers that take a page's text with no separator between elements turn

    规章 | 0 | 0 | 0
    行政规范性文件 | 69 | 3 | 665

into ``规章000行政规范性文件693665``. Labels and digits still alternate, so a row
is a label and the digit runs after it; how a run divides into the row's cells
only the form's identities can say. The reader leaves each run whole, as a
:data:`~gixparse.readers.grid.RUN` cell; placement splits it.

:func:`render` writes rows the same way (the inverse, for tests and examples).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from lark import Token, Transformer

from ._grammar import parse
from .grid import NA, RUN, TEXT, Cell, Grid, GridRow, make_cell, make_row

__all__ = ["LAYOUT", "PRIORITY", "claims", "read", "render"]

LAYOUT = "glued"
PRIORITY = 90  # last: only text no other layout can read

# A glue point: words, then digits with no unit or measure word after them, then
# words again ("规章000行政规范性文件", "数量640020470二、", "收费12.5 三、"). Prose
# numbers nearly always carry a unit or a date word ("70件", "2021年", "12月");
# table cells never do. A space may follow the digits (&nbsp; in a cell).
_GLUE = re.compile(
    r"[\u4e00-\u9fff）)”\"](?: ?\d)+(?:[.．]\d+)?(?:[-−+＋]\d+(?:[.．]\d+)?)*[ \u3000]*"
    r"(?=[（(“\"]|[\u4e00-\u9fff](?<![年月日号件条项个次家人名万元亿份篇期批余多天届周位倍])|\s*\Z)"
)
# the title of a 第二十条 table (as grammars/glued.lark's TITLE)
_TITLE = re.compile(r"第 ?[一二三四五六七八九十]+ ?条 ?第? ?[（(] ?[一二三四五六七八九十]+ ?[)）] ?项?")
_MIN_GLUE = 4
_LONG_RUN = 10


def claims(block: str) -> bool:
    """Text with no tabs or pipes in which words and bare digit runs alternate
    at least four times, or words run into ten digits or more (a whole table's
    cells: no count in prose is that long without a unit), or a 第二十条 table's
    title is followed by words run into bare digits (one small table on its own,
    set apart by blank lines: 第二十条第（八）项…行政事业性收费12.5)."""
    if "\t" in block or "|" in block:
        return False
    glue: list[re.Match[str]] = []
    for g in _GLUE.finditer(block):  # the block looked at only as far as its fourth glue point
        glue.append(g)
        if len(glue) >= _MIN_GLUE:
            return True
    if any(sum(ch.isdigit() for ch in g.group(0)) >= _LONG_RUN for g in glue):
        return True
    title = _TITLE.search(block)
    return title is not None and any(g.start() > title.end() for g in glue)


_Group = list[Token]  # the tokens of one cell
_Part = tuple[str, list[_Group]]  # ("label" or "runs", its cells)


def _by_line(tokens: list[Token]) -> list[_Group]:
    """Tokens in groups of one line each (words on a line of their own are a cell of their own)."""
    groups: list[_Group] = []
    for t in tokens:
        if groups and groups[-1][-1].end_line == t.line:
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


def _label_cells(tokens: list[Token]) -> list[_Group]:
    """A label's tokens (PLAIN, NUMBERING, TITLE) in cells: the words before its first
    NUMBERING or TITLE, then a cell opened by each NUMBERING or TITLE with the words after
    it (a TITLE is a cell of its own); words on the next line are a cell of their own
    (read() opens a row)."""
    cells: list[_Group] = []
    plain: list[Token] = []
    n = len(tokens)
    i = 0
    while i < n and tokens[i].type == "PLAIN":
        part = tokens[i]
        if plain and part.line != plain[-1].end_line:
            cells.append(plain)  # words on the next line: a cell of their own
            plain = []
        # words a space apart stay one cell: a space in glued text is as often a
        # label broken where its cell wrapped (其他对外管理服务 事项行政 奖励) as a
        # cell's padding (其他对外管理服务事项 行政检查); placement reads the words
        # without their spaces either way
        plain.append(part)
        i += 1
    if plain:
        cells.append(plain)
    while i < n:  # a NUMBERING or TITLE and the words after it
        j = i + 1
        while j < n and tokens[j].type == "PLAIN":
            j += 1
        if tokens[i].type == "TITLE":
            cells.append([tokens[i]])
            cells.extend(_by_line(tokens[i + 1 : j]))
        else:
            cells.extend(_by_line(tokens[i:j]))
        i = j
    return cells


class _ToGrid(Transformer[Token, list[_Part]]):
    """Labels and runs as the grammar alternates them; :func:`read` makes the cells."""

    def label(self, children: list[Any]) -> list[Token]:
        if len(children) == 1:
            return [children[0]]
        tokens: list[Token] = children[0]
        tokens.append(children[1])
        return tokens

    runs = label  # runs: (RUN | MARK) | runs (RUN | MARK): the tokens in one list

    def parts(self, children: list[Any]) -> list[_Part]:
        if not children:
            return []
        if len(children) == 1:  # the runs before the first label
            return [("runs", [[t] for t in children[0]])]
        parts: list[_Part] = children[0]
        parts.append(("label", _label_cells(children[1])))
        parts.append(("runs", [[t] for t in children[2]]))
        return parts

    def start(self, children: list[Any]) -> list[_Part]:
        parts: list[_Part] = children[0]
        if len(children) == 2:  # a label after the last runs
            parts.append(("label", _label_cells(children[1])))
        return parts


def _at(position: int | None) -> int:
    """A token's position (the lexer sets every one; lark types them optional)."""
    if position is None:
        raise ValueError("a glued token without a position")
    return position


def _cell(kind: str, tokens: _Group, chunk: str) -> Cell:
    first, last = tokens[0], tokens[-1]
    start, end, line, column = first.start_pos, last.end_pos, first.line, first.column
    if start is None or end is None or line is None or column is None:
        raise ValueError("a glued token without a position")  # the lexer sets every one; lark types them optional
    return make_cell(kind, chunk[start:end], start, end, line, column)


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    # the transformer runs while parsing: parse() gives start()'s list, not a tree
    parts = cast(list[_Part], parse("glued", _ToGrid, chunk))
    rows: list[GridRow] = []
    cells: list[Cell] = []
    end_line = 0  # the line the last cell ends on
    for kind, groups in parts:
        if kind == "label" and cells:
            rows.append(make_row(tuple(cells)))
            cells = []
        for g in groups:
            if kind == "label" and cells and (g[0].type == "TITLE" or g[0].line != end_line):
                # a table's title opens a row of its own: the words before it are a row
                # printed with every cell blank (行政许可第二十条第（六）项…), never its label;
                # so do words on a line of their own among the rows of values (行政许可 on
                # its line, then 其他对外管理服务事项000): a row with every cell blank
                rows.append(make_row(tuple(cells)))
                cells = []
            cells.append(_cell(TEXT if kind == "label" else NA if g[0].type == "MARK" else RUN, g, chunk))
            end_line = _at(g[-1].end_line)
    if cells:
        rows.append(make_row(tuple(cells)))
    return Grid(tuple(rows), LAYOUT, offset, line)


def render(rows: Iterable[Sequence[str]], quirks: object = None) -> str:
    """Rows of cell strings glued into one line, as a crawler takes a page's text.
    With the ``padding`` quirk on (a :class:`gixparse.render.Quirks`, or
    ``"padding"`` in an iterable of quirk names) some cells are followed by a
    single space, as ``&nbsp;`` in a cell leaves one."""
    rnd: random.Random | None = None
    if quirks is not None and hasattr(quirks, "random_for"):
        if getattr(quirks, "padding", False):
            rnd = cast(random.Random, quirks.random_for("glued"))
    elif isinstance(quirks, Iterable) and "padding" in set(quirks):
        rnd = random.Random(0)
    rate = float(getattr(quirks, "rate", 0.3))
    out: list[str] = []
    for row in rows:
        for cell in row:
            text = str(cell).strip()
            if not text:
                continue
            out.append(text)
            if rnd is not None and rnd.random() < rate:
                out.append(" ")
    return "".join(out).strip() + "\n"
