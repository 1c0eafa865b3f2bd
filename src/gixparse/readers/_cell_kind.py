"""The kind of one cell's text, by the terminals of grammars/cells.lark.

Layouts whose cells are not opened by tabs (Markdown pipes, box drawing, space-
aligned columns) cut a cell out with their own grammar and then ask here what
the cell holds. The answer comes from the very terminals the tab layouts lex
with (VALUE, NA, RULE, TEXT, tried in their priority order, each required to
fill the whole cell), so a value cell reads the same in every layout.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from lark import Lark

from ._grammar import grammar_dir
from .grid import BLANK, NA, RULE, TEXT, VALUE

__all__ = ["cell_kind", "value_or_na"]

_KIND = {"VALUE": VALUE, "NA": NA, "RULE": RULE, "TEXT": TEXT}


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for a whole cell: the terminals as named alternatives in their
    priority order (the first that fills the cell wins, as in the lexer)."""
    lark = Lark(
        "%import cells (VALUE, NA, RULE, TEXT)\nstart: VALUE | NA | RULE | TEXT\n",
        parser="lalr",
        import_paths=[str(grammar_dir())],
    )
    defs = sorted((t for t in lark.terminals if t.name in _KIND), key=lambda t: -t.priority)
    return re.compile("|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in defs))


@lru_cache(maxsize=16384)
def cell_kind(text: str) -> str:
    """VALUE, NA, RULE or TEXT for a cell's text (already stripped of the spaces
    around it), BLANK for an empty cell. Cached: cell texts repeat across reports."""
    if not text:
        return BLANK
    m = _pattern().fullmatch(text)
    return _KIND[m.lastgroup] if m is not None and m.lastgroup is not None else TEXT


@cache
def value_or_na() -> str:
    """The regular expression of a value or a not-applicable mark (VALUE_BODY | NA_BODY
    of cells.lark), without the end of the cell, for layouts that end cells otherwise."""
    lark = Lark(
        "%import cells (VALUE_BODY, NA_BODY)\nstart: VALUE_BODY | NA_BODY\n",
        parser="lalr",
        import_paths=[str(grammar_dir())],
    )
    bodies = {t.name: t.pattern.to_regexp() for t in lark.terminals}
    return f"(?:{bodies['VALUE_BODY']}|{bodies['NA_BODY']})"
