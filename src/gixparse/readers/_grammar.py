"""Loading the Lark grammars, once per process.

The ``.lark`` files live in the repository's top-level ``grammars/`` folder. A
wheel carries them inside the package (``gixparse/grammars``, see
pyproject.toml); an editable install or a plain checkout reads them from the
repository. Both are tried, package first.

With the optional ``lark-cython`` installed (``pip install 'gixparse[fast]'``) the
grammars whose readers take nothing from a token but its text and place (all of them:
tab rows, cell per line, dropped blanks, box drawing, Markdown pipes, space-aligned,
glued) are run by its compiled lexer and LALR parser: the same parse, a third cheaper
per token.
``GIXPARSE_PURE_LARK=1`` in the environment turns it off.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput
from lark.grammar import Rule

from .grid import GridRow

__all__ = ["accelerated", "grammar_dir", "line_so_far", "parse", "parser"]

_HERE = Path(__file__).resolve().parent.parent  # src/gixparse


@cache
def grammar_dir() -> Path:
    for candidate in (_HERE / "grammars", _HERE.parent.parent / "grammars"):
        if (candidate / "cells.lark").is_file():
            return candidate
    raise FileNotFoundError(
        "gixparse cannot find its grammars: looked in "
        f"{_HERE / 'grammars'} (installed package) and {_HERE.parent.parent / 'grammars'} (checkout)"
    )


# The grammars whose transformers read a token only by ``.value``, ``.type``, ``.start_pos``,
# ``.line`` and ``.column``: lark-cython's tokens are not ``str`` (nor ``lark.Token``).
_PLAIN_TOKENS = frozenset({"tab_rows", "cell_lines", "lines", "boxes", "markdown", "spaced", "glued"})


@cache
def _plugins() -> dict[str, Any] | None:
    """lark-cython's classes for Lark's ``_plugins`` when it is installed and not turned off."""
    if os.environ.get("GIXPARSE_PURE_LARK"):
        return None
    try:
        import lark_cython  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    plugins: dict[str, Any] = lark_cython.plugins
    return plugins


def accelerated() -> bool:
    """Whether lark-cython runs the grammars that can use it."""
    return _plugins() is not None


@cache
def parser(name: str, transformer: type[Transformer[Any, Any]], pure: bool = False) -> Lark:
    """The LALR parser for ``grammars/<name>.lark`` with ``transformer`` applied
    while parsing (no parse tree is built). Built on first use, then reused.
    ``pure``: Lark's own, even where lark-cython could run the grammar."""
    options: dict[str, Any] = {
        "parser": "lalr",
        "lexer": "contextual",
        "transformer": transformer(),
        "propagate_positions": False,
        "maybe_placeholders": False,
    }
    plugins = _plugins() if name in _PLAIN_TOKENS and not pure else None
    if plugins is not None:
        options["_plugins"] = plugins
    lark = Lark.open(str(grammar_dir() / f"{name}.lark"), **options)
    for rule in lark.rules:
        # Each reduction looks up the rule's name in the parse table, whose keys are plain
        # strings; the name is a lark Token (a str subclass), so every lookup called
        # Token.__eq__ in Python. The same text as a plain str compares in C.
        rule.origin.name = str.__str__(rule.origin.name)
    _rules_by_identity(lark)
    return lark


class _Rule(Rule):
    """A rule of a built parser, compared and hashed by identity: a parser holds each rule
    once (Lark refuses a grammar with a rule twice), so that is the same equality. Each
    reduction looks its rule's callback up by the rule (Rule.__hash__, in Python) and
    lark-cython's also compares it with the end state (Rule.__eq__, in Python); as
    object's, both run in C."""

    __slots__ = ()
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__


def _rules_by_identity(lark: Lark) -> None:
    """The rules of ``lark``'s parser made :class:`_Rule` (the same objects in its parse table
    and as keys of its callbacks, which are put in again under their new hashes)."""
    lalr = lark.parser.parser
    callbacks: dict[Any, Any] | None = getattr(getattr(lalr, "parser_conf", None), "callbacks", None)
    table = getattr(getattr(lalr, "_parse_table", None), "states", None)
    if not isinstance(callbacks, dict) or not isinstance(table, dict):
        return  # not the parser this was written for: left as it is
    keys = {id(key) for key in callbacks if type(key) is Rule}
    if any(type(arg) is Rule and id(arg) not in keys for actions in table.values() for _, arg in actions.values()):
        return  # a rule of the table that is not the callbacks' own object: left as it is
    entries = list(callbacks.items())
    for key, _ in entries:
        if type(key) is Rule:
            key.__class__ = _Rule
    callbacks.clear()
    callbacks.update(entries)


def parse(name: str, transformer: type[Transformer[Any, Any]], text: str) -> Any:
    """``parser(name, transformer).parse(text)``; where lark-cython runs the grammar and
    fails on the text, Lark's own parser parses it again, so a failure raises Lark's own
    exception (lark-cython's cannot describe itself) and the text is never read differently."""
    try:
        return parser(name, transformer).parse(text)
    except UnexpectedInput:
        if name not in _PLAIN_TOKENS or not accelerated():
            raise
    return parser(name, transformer, pure=True).parse(text)


class RowsTransformer(Transformer[Token, list[GridRow]]):
    """The transformer of a grammar whose rows are tokens gathered by ``rows: ROW | rows
    ROW`` under ``start``: each row is made (:meth:`make_row`, None for none) as the
    parser reduces it, into one list (no tree per row). A reader sets ``make_row`` to its
    row function as a staticmethod (no bound call in between)."""

    @staticmethod
    def make_row(tok: Token) -> GridRow | None:
        raise NotImplementedError

    def start(self, children: list[list[GridRow]]) -> list[GridRow]:
        return children[0] if children else []

    def rows(self, children: list[Any]) -> list[GridRow]:
        if len(children) == 1:
            rows: list[GridRow] = []
            tok = children[0]
        else:
            rows, tok = children
        row = self.make_row(tok)
        if row is not None:
            rows.append(row)
        return rows


def line_so_far(children: list[Any]) -> tuple[list[Any], Any]:
    """For a rule ``rows: X? | rows _NL X?`` reduced with a method: the list built so far
    (a new one on the first line) and the line's token, None when the line adds none
    (a blank line)."""
    if not children:
        return [], None
    first = children[0]
    if isinstance(first, list):
        return first, children[1] if len(children) > 1 else None
    return [], first
