"""Reader for tables drawn with box-drawing characters (grammars/boxes.lark).

The grammar cuts each line into junctions, rule runs and text runs; this module
puts the pieces together by geometry, on display columns (a CJK character is two
columns wide, as the text browser drew it):

* A *cell* is a stack of text runs between the same two junction columns on
  consecutive lines, up to a rule run under it. Its text is the runs' text
  joined (a label wrapped inside its cell reads whole); a cell of spaces only is
  a blank cell.
* A *table row* starts at every line that draws a rule. A cell belongs to the
  row in which it starts: a cell spanning rows (no rule under it where the rows
  part) is read once, in its first row, and the rows below it simply have no
  cell there; a cell spanning columns (a junction missing) is one cell.
  Cells of a row are in the order of their columns.
* Lines outside the drawing are rows of one text cell.

Full-width digits and spaces are one column wide in the normalised text but two
in the drawing; a junction that lands off the columns the rule lines drew is
moved to the next drawn column to the right.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, cast

from lark import Lark, Token, Transformer

from ._cell_kind import cell_kind
from ._grammar import grammar_dir, parse
from .grid import BLANK, RULE, TEXT, Cell, Grid, GridRow, make_cell, make_row, token_start

__all__ = ["LAYOUT", "PRIORITY", "claims", "might_claim", "read", "render"]

LAYOUT = "box-drawing"
PRIORITY = 10

_OPENERS = frozenset("│├┌└┃┣┏┗║╠╔╚╞╟╒╘╓╙")
_OPENER_LIST = "".join(sorted(_OPENERS))
_ANY_OPENER = re.compile(f"[{_OPENER_LIST}]")
_SNAP = 8  # how far right a junction may be moved onto a drawn column


def might_claim(region: str) -> bool:
    """A block claimed holds a junction that opens a line (each junction looked for by ``in``,
    a fast scan in C: three times cheaper over a region of thousands of characters with none
    than the character class's search, which claims keeps for a block's few)."""
    return any(ch in region for ch in _OPENER_LIST)


def claims(block: str) -> bool:
    """A line opened by a box-drawing junction (after spaces) and closed by one."""
    if _ANY_OPENER.search(block) is None:
        return False  # most blocks hold no box drawing: one scan in C, not a loop over lines
    for line in block.split("\n"):
        s = line.strip(" ")
        if len(s) > 1 and s[0] in _OPENERS and s[-1] in "│┤┐┘┃┫┓┛║╣╗╝╡╢╕╖╛╜":
            return True
    return False


def width(text: str) -> int:
    """Display columns of ``text``: East Asian wide and full-width characters
    take two."""
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=16384)
def _wide_width(text: str) -> int:
    """Cached: cell texts (labels) repeat across lines and reports."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@cache
def _terminals() -> dict[str, str]:
    """The regular expressions of the grammar's JUNCTION, RULE_RUN and CONTENT terminals."""
    lark = Lark.open(str(grammar_dir() / "boxes.lark"), parser="lalr", start="pieces")
    return {t.name: t.pattern.to_regexp() for t in lark.terminals}


@cache
def _junctions() -> re.Pattern[str]:
    return re.compile(_terminals()["JUNCTION"])


@cache
def _content() -> re.Pattern[str]:
    return re.compile(_terminals()["CONTENT"])


_RULE_CHARS = "─━═"  # RULE_RUN's characters: one display column each


_Run = tuple[str, int, int, int]  # a text run of a line: its text, start offset, line and column
# a run between two junctions of a line, by the junctions' indices: (left, right, its text and
# offset in the line or None, is rule)
_Piece = tuple[int, int, "tuple[str, int] | None", bool]


@lru_cache(maxsize=4096)
def _cut(s: str) -> tuple[tuple[int, ...], tuple[_Piece, ...], bool]:
    """Junction columns of a box line ``s`` (its token's text: the line break after it is
    left out), its runs between junctions (:data:`_Piece`), and whether it is drawn with
    rules only. Where a run stands is its offset in the line: the cut is the same wherever
    the line stands, and cached by its text (rule lines and many value lines repeat from
    line to line and report to report); :func:`_table_rows` adds the line's place.

    The line is cut at the grammar's JUNCTION terminal; what stands between two
    junctions is empty, a rule (RULE_RUN only) or holds text, whose first CONTENT
    run becomes a run with its own position."""
    s = s.rstrip("\n")
    indent = len(s) - len(s.lstrip(" "))
    gaps = _junctions().split(s[indent:] if indent else s)
    # gaps[0] is "" (the line is opened by a junction); gaps[k] follows junction k - 1
    junctions: list[int] = []
    runs: list[_Piece] = []
    x = 0
    pos = indent  # where gaps[k] starts in the line
    last = len(gaps) - 1
    for k in range(1, len(gaps)):
        gap = gaps[k]
        junctions.append(x)
        x += 1
        pos += 1
        if k < last:  # between junction k - 1 and junction k
            if not gap:
                runs.append((k - 1, k, None, False))
            elif not gap.strip(_RULE_CHARS):
                runs.append((k - 1, k, None, True))
            else:
                at, piece = pos, gap
                if "─" in gap or "━" in gap or "═" in gap:  # text and rule: the first text run
                    m = _content().search(gap)
                    if m is None:  # nothing but rule and marks: a rule
                        runs.append((k - 1, k, None, True))
                        x += width(gap)
                        pos += len(gap)
                        continue
                    at, piece = pos + m.start(), m.group()
                runs.append((k - 1, k, (piece, at), False))
        x += width(gap)
        pos += len(gap)
    return tuple(junctions), tuple(runs), all(r[3] for r in runs)


def _join(runs: Sequence[_Run]) -> tuple[str, _Run | None, _Run | None]:
    """A cell's text from its runs, and its first and last non-empty run."""
    text = ""
    first = last = None
    for run in runs:
        s = run[0].strip(" ")
        if not s:
            continue
        if text and text[-1].isascii() and text[-1].isalnum() and s[0].isascii() and s[0].isalnum():
            text += " "
        text += s
        first = first or run
        last = run
    return text, first, last


@lru_cache(maxsize=8192)
def _one_run(piece: str) -> tuple[str, str, int, int]:
    """A cell of one text run read: its text and kind, where its text starts in the run and
    where it ends (as :func:`_cell` reads a cell, for the most common cell; cached: cells
    repeat across lines and reports)."""
    text = piece.strip(" ")
    return text, cell_kind(text), len(piece) - len(piece.lstrip(" ")), len(piece.rstrip(" "))


def _cell(runs: list[_Run]) -> Cell | None:
    """The cell of a stack of text runs (None for none)."""
    if len(runs) == 1:
        piece, pos, line, col = runs[0]
        text, kind, skip, end = _one_run(piece)
        if not text:
            return make_cell(BLANK, "", pos, pos, line, col)
        return make_cell(kind, text, pos + skip, pos + end, line, col + skip)
    text, first, last = _join(runs)
    if first is None or last is None:
        if not runs:
            return None
        _, pos, line, col = runs[0]
        return make_cell(BLANK, "", pos, pos, line, col)
    skip = len(first[0]) - len(first[0].lstrip(" "))
    end = last[1] + len(last[0].rstrip(" "))
    _, pos, line, col = first
    return make_cell(cell_kind(text), text, pos + skip, end, line, col + skip)


def _table_rows(lines: list[Token]) -> list[GridRow]:
    """The rows of one drawing, from its lines' BOX_LINE tokens."""
    cut = [_cut(line.value) for line in lines]
    drawn = sorted({x for junctions, _, rules_only in cut if rules_only for x in junctions})

    def snap(x: int) -> int:
        i = bisect_left(drawn, x)
        return drawn[i] if i < len(drawn) and drawn[i] - x <= _SNAP else x

    # lines of a drawing repeat their junctions: their columns snapped, and whether any is
    # off the columns the rule lines drew
    snapped: dict[tuple[int, ...], tuple[list[int], bool]] = {}

    on_rule = set(drawn)
    # a cell being read, by its columns (x0, x1): its x0, its row (band) and its text runs so far
    open_cells: dict[tuple[int, int], tuple[int, int, list[_Run]]] = {}
    done: list[tuple[int, int, list[_Run]]] = []
    band = 0
    rule_xs: list[int] = []  # the junctions of the last line drawn with rules only
    for line, (junctions, runs, rules_only) in zip(lines, cut, strict=True):
        got = snapped.get(junctions)
        if got is None:
            xs = [snap(x) for x in junctions]
            got = snapped[junctions] = xs, any(x not in on_rule for x in xs)
        xs, off_rule = got
        if rules_only:
            rule_xs = xs  # a line of rules only closes every cell open, and parts the rows
            done.extend(open_cells.values())
            open_cells.clear()
            if runs:
                band += 1
            continue
        if off_rule and len(xs) == len(rule_xs):
            # as many junctions as the rule above, some off its columns: a cell wider than its
            # column pushed the bars after it right (a drawing that measured a character
            # otherwise): the bars stand for the rule's, in order
            xs = rule_xs
        start, row, col = token_start(line)
        seen: set[tuple[int, int]] = set()
        ruled = False
        for a, b, piece, rule in runs:
            if rule:
                ruled = True
                continue
            key = (xs[a], xs[b])
            seen.add(key)
            cell = open_cells.get(key)
            if cell is None:
                cell = open_cells[key] = (key[0], band, [])
            if piece is not None:
                text, at = piece
                cell[2].append((text, start + at, row, col + at))
        if len(open_cells) > len(seen):  # some cells open are not on this line: they end
            for key in [k for k in open_cells if k not in seen]:
                done.append(open_cells.pop(key))
        if ruled:
            band += 1
    done.extend(open_cells.values())
    # a row's cells (those of one band) in the order of their columns; a row of blank and
    # rule cells only is no row
    done.sort(key=_BAND_X)  # stable: cells of one band and column keep the order they ended in
    out: list[GridRow] = []
    cells: list[Cell] = []
    keep = False
    band = -1
    for _, b, stack in done:
        if b != band:
            if keep:
                out.append(make_row(tuple(cells)))
            cells = []
            keep = False
            band = b
        made = _cell(stack)
        if made is not None:
            cells.append(made)
            keep = keep or made.kind not in (BLANK, RULE)
    if keep:
        out.append(make_row(tuple(cells)))
    return out


_BAND_X = itemgetter(1, 0)  # an open cell's row (band), then its column


def _text_row(tok: Token) -> GridRow | None:
    """A line outside the drawing: a row of one text cell (None for a line of spaces)."""
    raw = tok.value.rstrip("\n")  # the line, without the line break its token holds
    text = raw.strip(" ")
    if not text:
        return None
    skip = len(raw) - len(raw.lstrip(" "))
    pos, line, col = token_start(tok)
    return make_row((make_cell(TEXT, text, pos + skip, pos + skip + len(text), line, col + skip),))


class _ToGrid(Transformer[Token, list[GridRow]]):
    def lines(self, children: list[Any]) -> list[Token]:
        """``lines: X | lines X``: the BOX_LINE and LINE tokens in one list (a blank line adds none)."""
        if not children:
            return []
        first = children[0]
        if isinstance(first, list):
            if len(children) > 1:
                first.append(children[1])
            return first
        return [first]

    def start(self, children: list[list[Token]]) -> list[GridRow]:
        rows: list[GridRow] = []
        drawing: list[Token] = []  # the box lines of a drawing (blank lines do not part it)
        for tok in children[0] if children else []:
            if tok.type == "BOX_LINE":
                drawing.append(tok)
                continue
            if drawing:
                rows.extend(_table_rows(drawing))
                drawing = []
            row = _text_row(tok)
            if row is not None:
                rows.append(row)
        if drawing:
            rows.extend(_table_rows(drawing))
        return rows


def read(chunk: str, offset: int = 0, line: int = 1) -> Grid:
    rows = cast(list[GridRow], parse("boxes", _ToGrid, chunk))  # the transformer's result
    return Grid(tuple(rows), LAYOUT, offset, line)


# --- writing ------------------------------------------------------------------------------------

_LABEL_WIDTH = 24


def _wrap(text: str, cols: int) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and width(cur + ch) > cols:
            lines.append(cur)
            cur = ""
        cur += ch
    return [*lines, cur]


def _pad(text: str, cols: int) -> str:
    return " " + text + " " * (cols - width(text) + 1)


def render(rows: Iterable[Sequence[str]], quirks: object = None) -> str:
    """Rows of cell strings drawn as a box table, as ``w3m -dump`` draws one; ""
    is a blank cell (the calling convention of gixparse.render). Rows shorter
    than the widest get blank cells on the left, so that the values of every
    row stand in the same columns. Of the quirks, ``split_labels`` wraps labels
    longer than their column inside the cell over several lines."""
    table = [[str(c) for c in r] for r in rows]
    if not table:
        return ""
    n = max(len(r) for r in table)
    table = [[""] * (n - len(r)) + r for r in table]
    wrap = bool(getattr(quirks, "split_labels", False))
    widths = []
    for j in range(n):
        w = max(max(width(r[j]) for r in table), 1)
        widths.append(min(w, _LABEL_WIDTH) if wrap else w)

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    out = [rule("┌", "┬", "┐")]
    for i, row in enumerate(table):
        if i:
            out.append(rule("├", "┼", "┤"))
        cells = [_wrap(c, widths[j]) if wrap else [c] for j, c in enumerate(row)]
        height = max(len(c) for c in cells)
        for k in range(height):
            out.append("│" + "│".join(_pad(c[k] if k < len(c) else "", widths[j]) for j, c in enumerate(cells)) + "│")
    out.append(rule("└", "┴", "┘"))
    return "\n".join(out) + "\n"
