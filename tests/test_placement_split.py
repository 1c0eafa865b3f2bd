"""Splitting glued runs and placing rows with dropped blanks by the form's identities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gixparse.placement import split

APP = (((0, 1, 2, 3, 4, 5), 6),)
REVIEW = (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14))


def _texts(segments, readings):
    return sorted(tuple(segments[s][a:b] for s, a, b in r) for r in readings)


def test_row_total_settles_a_run():
    assert _texts(["640020470"], split.split_runs(["640020470"], 7, APP)) == [("64", "0", "0", "2", "0", "4", "70")]


def test_two_splits_keep_the_row_total():
    got = _texts(["270020130"], split.split_runs(["270020130"], 7, APP))
    assert got == [("2", "7", "0", "0", "20", "1", "30"), ("27", "0", "0", "2", "0", "1", "30")]


def test_spaces_are_hard_boundaries():
    segs = ["230", "000023"]
    assert _texts(segs, split.split_runs(segs, 7, APP)) == [("23", "0", "0", "0", "0", "0", "23")]


def test_no_leading_zeros_and_decimals_only_in_amounts():
    assert _texts(["0050"], split.split_runs(["0050"], 3)) == [("0", "0", "50")]
    assert split.split_runs(["12.5"], 1, (), [False]) == []
    assert _texts(["12.5"], split.split_runs(["12.5"], 1, (), [True])) == [("12.5",)]


def test_review_groups():
    run = "10203120001200000"
    got = _texts([run], split.split_runs([run], 15, REVIEW))
    assert got == [("1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0")]


def test_too_many_readings_raise():
    with pytest.raises(split.TooMany):
        split.split_runs(["1" * 30], 4)


def test_dropped_blanks_choices():
    choices = split.place_sparse([Decimal(26), Decimal(26)], 7, APP)
    assert len(choices) == 6 and all(c[6] == 1 for c in choices)
    assert split.place_sparse([Decimal(3), Decimal(4)], 7, APP) == []


def test_joint_identities_settle_rows():
    fixed = {"a": (Decimal(27), Decimal(0)), "total": (Decimal(29), Decimal(20))}
    open_rows = {"b": [(Decimal(2), Decimal(20)), (Decimal(20), Decimal(2))]}
    kept = split.joint(fixed, open_rows, [(("a", "b"), ("total",))], 2)
    assert kept == {"b": {0}}


def test_a_sign_opens_a_value_in_a_signed_column():
    segs = ["12", "-3"]
    assert _texts(segs, split.split_runs(segs, 2, (), signed=[False, True])) == [("12", "-3")]
    assert split.split_runs(segs, 2, ()) == []  # no column holds a signed number: no reading
    assert split.split_runs(["1", "-2"], 2, (), signed=[True, False]) == []  # the sign falls in a count
    segs = ["0", "+11"]
    assert _texts(segs, split.split_runs(segs, 3, (), signed=[False, True, False])) == [("0", "+1", "1")]
