"""The errors gixparse raises. All derive from :class:`GixparseError`."""

from __future__ import annotations

__all__ = ["GixparseError", "ReportError"]


class GixparseError(Exception):
    """Something in the input that gixparse cannot read, with where it stands.

    ``line`` and ``column`` are 1-based positions in the input text (``None``
    when the problem has no place, such as a missing section); ``code`` is the
    finding code when the error comes from a finding (``parse(strict=True)``).
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 code: str | None = None, context: str | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.code = code
        self.context = context
        where = f" (line {line}, column {column})" if line is not None else ""
        text = f"{message}{where}"
        if context:
            text += f"\n    {context}"
        super().__init__(text)


class ReportError(GixparseError):
    """A report that ``parse(strict=True)`` refuses: the first error-level finding."""
