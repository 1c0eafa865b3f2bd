"""Optional dependencies, and the error that names the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import GixparseError

__all__ = ["require"]


def require(module: str, extra: str, what: str) -> ModuleType:
    """Import ``module``, or raise :class:`GixparseError` saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise GixparseError(
            f"reading {what} needs the optional dependency {module.split('.')[0]!r}: "
            f"pip install 'gixparse[{extra}]'"
        ) from exc
