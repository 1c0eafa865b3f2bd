"""Which files a batch reads: files, folders (recursively), glob patterns, or
paths on standard input, in a stable order, each once."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator

__all__ = ["discover", "read_path_list"]


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def discover(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[str]]:
    """The files named by ``inputs`` and the inputs that named nothing.

    A folder gives every file under it (hidden ones excepted, sorted); a path that
    does not exist is tried as a glob pattern (``reports/**/*.pdf``; ``**``
    crosses folders). Which reader a file needs is decided later by its content,
    so no file is left out by its name. Each file comes once, in the order given.
    """
    out: list[str] = []
    seen: set[str] = set()
    missing: list[str] = []

    def add(p: str) -> None:
        key = os.path.normpath(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in inputs:
        s = os.fspath(item)
        if os.path.isdir(s):
            for p in _walk(s):
                add(p)
        elif os.path.exists(s):
            add(s)
        else:
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                missing.append(s)
            for m in matches:
                if os.path.isdir(m):
                    for p in _walk(m):
                        add(p)
                else:
                    add(m)
    return out, missing


def read_path_list(stream: Iterable[str]) -> list[str]:
    """Paths one per line (blank lines skipped), as ``find … | gixparse batch -`` gives them."""
    return [line.rstrip("\r\n") for line in stream if line.strip()]
