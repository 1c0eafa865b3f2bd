"""How readers make their grids cheaply, and that what they make is what attrs makes.

Cells and rows are made as drafts (readers.grid: a subclass of the frozen class, filled
in by plain attribute stores, then made the class by ``__class__`` assignment); the
parsers' rules are compared by identity (readers._grammar._Rule). Neither may show.
"""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest
from lark.grammar import Rule

from gixparse.readers import _grammar, cell_lines, glued, lines, tab_rows
from gixparse.readers.grid import Cell, CellDraft, GridRow, GridRowDraft, make_cell, make_row, new_draft


def test_make_cell_is_the_cell_attrs_makes():
    made = make_cell("value", "12", 3, 5, 2, 4)
    plain = Cell("value", "12", 3, 5, 2, 4)
    assert type(made) is Cell
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert attrs.asdict(made) == attrs.asdict(plain)
    assert pickle.loads(pickle.dumps(made)) == plain and copy.deepcopy(made) == plain
    assert attrs.evolve(made, text="13") == Cell("value", "13", 3, 5, 2, 4)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.text = "0"  # type: ignore[misc]


def test_make_row_is_the_row_attrs_makes():
    cell = make_cell("text", "a", 0, 1, 1, 1)
    assert type(make_row((cell,))) is GridRow
    assert make_row((cell,)) == GridRow((cell,)) and make_row((cell,), True) == GridRow((cell,), True)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        make_row((cell,)).padded = True  # type: ignore[misc]


def test_a_draft_is_the_frozen_class_once_switched():
    draft = new_draft(CellDraft)
    draft.kind, draft.text, draft.start, draft.end, draft.line, draft.column = "na", "/", 0, 1, 1, 1
    draft.__class__ = Cell  # type: ignore[assignment]
    assert type(draft) is Cell and draft == Cell("na", "/", 0, 1, 1, 1)
    row = new_draft(GridRowDraft)
    row.cells, row.padded = (draft,), False
    row.__class__ = GridRow  # type: ignore[assignment]
    assert type(row) is GridRow and row == GridRow((draft,))


def test_readers_make_exact_classes():
    texts = {tab_rows: "规章\t0\t0\t\n\t\t其他\t1\n", cell_lines: "\t规章\n\t0\n\n\t结\n果\n\t1",
             lines: "规章\n0\n0\n3\n其他\n1\n2\n3\n行政许可\n4\n5\n6\n"}
    for module, text in texts.items():
        grid = module.read(text)
        assert grid.rows
        for row in grid.rows:
            assert type(row) is GridRow
            assert all(type(cell) is Cell for cell in row.cells)


@pytest.mark.parametrize("pure", [False, True])
def test_parser_rules_compared_by_identity(pure):
    for name, module in (("tab_rows", tab_rows), ("cell_lines", cell_lines), ("lines", lines), ("glued", glued)):
        lark = _grammar.parser(name, module._ToGrid, pure)
        callbacks = lark.parser.parser.parser_conf.callbacks
        rules = [key for key in callbacks if isinstance(key, Rule)]
        assert rules and all(type(rule) is _grammar._Rule for rule in rules)
        assert all(callbacks[rule] is not None for rule in rules)  # found again under their new hashes
    assert tab_rows.read("a\tb\n\nc\td\n").rows[1].cells[1].text == "d"
