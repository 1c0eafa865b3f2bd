"""A layout's ``claims`` written for speed answers as the plain pattern it stands for."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gixparse.readers import boxes, html_table, markdown, tab_rows

_TEXT = st.lists(st.sampled_from(["\t", "\n", " ", "a", "0", "|", "│", "┤", "<table>", "</table>", "<"]),
                 max_size=30).map("".join)


@given(_TEXT)
def test_tab_rows_claims_a_line_of_two_cells(block: str) -> None:
    assert tab_rows.claims(block) == (re.search(r"[^\t\n]\t|\t\t", block) is not None)


@given(_TEXT)
def test_claims_without_the_layouts_character(block: str) -> None:
    """A block without a box opener, a ``<`` or a ``|`` is never claimed by that layout
    (the quick refusals stand before each claims' own test)."""
    if not any(c in block for c in boxes._OPENERS):
        assert not boxes.claims(block)
    if "<" not in block:
        assert not html_table.claims(block)
    if "|" not in block:
        assert not markdown.claims(block)
