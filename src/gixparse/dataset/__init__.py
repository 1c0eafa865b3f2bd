"""Datasets from many reports: ``gixparse batch`` and its Python API.

* :func:`parse_many` parses files in worker processes (a time limit per file,
  fault isolation, each distinct content once) and yields a :class:`Result` per
  file as it finishes.
* :func:`to_frame` turns results or reports into pandas DataFrames.
* :mod:`~gixparse.dataset.tables` is the registry of dataset tables (name →
  columns + row function); :func:`summary` is the per-report summary record
  (the ``reports`` row).
* :func:`batch` is the ``gixparse batch`` command as a function.

pandas, pyarrow, duckdb and rich are in the optional extra ``gixparse[dataset]``;
:func:`parse_many` needs none of them.
"""

from __future__ import annotations

from .api import parse_many, to_frame
from .batch import batch
from .result import STATUSES, Result
from .tables import TABLES, Column, TableSpec, arrow_schema, register, summary

__all__ = [
    "STATUSES",
    "TABLES",
    "Column",
    "Result",
    "TableSpec",
    "arrow_schema",
    "batch",
    "parse_many",
    "register",
    "summary",
    "to_frame",
]
