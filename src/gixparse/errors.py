"""The errors gixparse raises. All derive from :class:`GixparseError`."""

from __future__ import annotations

__all__ = ["GixparseError", "LimitError", "ReportError"]


class GixparseError(Exception):
    """Something in the input that gixparse cannot read, with where it stands.

    ``line`` and ``column`` are 1-based positions in the input text, always
    given: a problem with no place of its own (nothing could be read at all, a
    section or table that is missing, a file that cannot be opened) stands at
    line 1, column 1, the start of the input. ``code`` is the finding code when
    the error comes from a finding (``parse(strict=True)``).
    """

    line: int
    column: int

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 code: str | None = None, context: str | None = None) -> None:
        self.message = message
        # 1-based: a place not given, or not a place (a library's -1 for "unknown"), is the start
        self.line = line if line is not None and line >= 1 else 1
        self.column = column if column is not None and column >= 1 else 1
        self.code = code
        self.context = context
        where = f" (line {self.line}, column {self.column})"
        text = f"{message}{where}"
        if context:
            text += f"\n    {context}"
        super().__init__(text)


class ReportError(GixparseError):
    """A report that ``parse(strict=True)`` refuses: the first error-level finding."""


class LimitError(GixparseError):
    """A document refused because reading it would pass one of the :class:`gixparse.Limits`
    (pages, size, decompressed bytes, nesting, time); ``limit`` names it."""

    def __init__(self, message: str, *, limit: str, line: int | None = None, column: int | None = None) -> None:
        self.limit = limit
        super().__init__(message, line=line, column=column)
