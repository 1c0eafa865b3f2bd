"""Loading the Lark grammars, once per process.

The ``.lark`` files live in the repository's top-level ``grammars/`` folder. A
wheel carries them inside the package (``gixparse/grammars``, see
pyproject.toml); an editable install or a plain checkout reads them from the
repository. Both are tried, package first.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Transformer

__all__ = ["grammar_dir", "parser"]

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


@cache
def parser(name: str, transformer: type[Transformer[Any, Any]]) -> Lark:
    """The LALR parser for ``grammars/<name>.lark`` with ``transformer`` applied
    while parsing (no parse tree is built). Built on first use, then reused."""
    return Lark.open(
        str(grammar_dir() / f"{name}.lark"),
        parser="lalr",
        lexer="contextual",
        transformer=transformer(),
        propagate_positions=False,
        maybe_placeholders=False,
    )
