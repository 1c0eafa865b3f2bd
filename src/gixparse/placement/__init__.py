"""Stage 4: place the cells of the grids on the official form.

Rows are placed by their labels (forms.py), never by counting rows; values are
placed on the form's columns in order (fit.py says how a ragged row is read). A row
whose label names no form row is placed by aligning the printed rows with the
form's ordered rows (align.py) when its numbering, group, neighbours and the
likeness of its label leave one form row for it, with a warning; otherwise it is
reported, never guessed at.

One module per job: ``lines`` (the line model, the form a report uses), ``fit``
(values to columns), ``items`` (section 二), ``applications`` (三), ``review`` (四),
``align`` (rows whose label names no form row), ``open_rows`` and ``split`` (rows
whose cells' places were lost).
"""

from __future__ import annotations

from .applications import place_applications
from .items import place_items
from .lines import detect_template
from .review import place_review

__all__ = ["detect_template", "place_applications", "place_items", "place_review"]
