"""What the pipeline does with an error from a stage: a limit is raised as itself (never a
``layout-unreadable`` or ``internal-error`` finding), a layout's own refusal is a finding with
its place, and every ``GixparseError`` stands at a 1-based line and column."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Tree
from lark.exceptions import UnexpectedEOF, VisitError

import gixparse
from gixparse import pipeline, readers
from gixparse.pipeline import parse_text

from .conftest import EXAMPLES

SAMPLE = (EXAMPLES / "sample-2023-tab-rows.txt").read_text(encoding="utf-8")
TABLES = ("active", "applications", "review")


def _limit() -> gixparse.LimitError:
    return gixparse.LimitError("the table is too big: refused by the limit max_text_mb=1", limit="max_text_mb")


def _raising(exc_factory):
    def read_region(*args, **kwargs):
        raise exc_factory()
    return read_region


def _wrapped_by_lark() -> VisitError:  # what Lark makes of an exception raised in a transformer's callback
    return VisitError("row", Tree("row", []), _limit())


def _wrapped_by_a_reader() -> RuntimeError:
    """A reader's own exception raised while handling the limit: the limit is its context."""
    wrapped = RuntimeError("the reader failed")
    wrapped.__context__ = _limit()
    return wrapped


@pytest.mark.parametrize("make", [_limit, _wrapped_by_lark, _wrapped_by_a_reader],
                         ids=["raised", "in-lark-visit-error", "in-a-reader-exception"])
def test_a_limit_while_reading_a_layout_is_raised_not_a_finding(monkeypatch, make):
    monkeypatch.setattr(pipeline, "read_region", _raising(make))
    with pytest.raises(gixparse.LimitError) as err:
        parse_text(SAMPLE)
    assert err.value.limit == "max_text_mb" and (err.value.line, err.value.column) == (1, 1)
    with pytest.raises(gixparse.LimitError):
        gixparse.parse(SAMPLE.encode())  # bytes: a limit raises
    with pytest.raises(gixparse.LimitError):
        gixparse.parse(SAMPLE, strict=True)
    report = gixparse.parse(SAMPLE)  # a str never raises: every table says why it was not read
    assert {(f.code, f.path) for f in report.findings} == {("limit-exceeded", t) for t in TABLES}
    assert all("max_text_mb=1" in f.message for f in report.findings)


def test_the_time_budget_running_out_inside_a_layout_is_raised(monkeypatch):
    """The watchdog raises TimeBudgetExceeded into the reading thread wherever it is: inside a
    layout's reader it must end the parse, not become that table's ``layout-unreadable``."""
    real = readers.read_region

    def slow(*args, **kwargs):
        end = time.monotonic() + 5
        while time.monotonic() < end:  # Python code, so the async exception lands here
            time.sleep(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "read_region", slow)
    started = time.monotonic()
    with pytest.raises(gixparse.LimitError) as err:
        gixparse.parse(SAMPLE.encode(), limits=gixparse.Limits(time_budget=0.2))
    assert err.value.limit == "time_budget" and time.monotonic() - started < 4
    report = gixparse.parse(SAMPLE, limits=gixparse.Limits(time_budget=0.2))
    assert {f.code for f in report.findings} == {"limit-exceeded"}


def test_the_time_budget_is_checked_between_stages(monkeypatch):
    """A stage that takes its time in C (no Python instruction for the watchdog to interrupt) is
    stopped at the next stage."""
    real = readers.read_region

    def slow_in_c(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "read_region", slow_in_c)
    monkeypatch.setattr(gixparse.limits, "_WATCHDOG", _NoWatchdog())
    with pytest.raises(gixparse.LimitError) as err:
        gixparse.parse(SAMPLE.encode(), limits=gixparse.Limits(time_budget=0.1))
    assert err.value.limit == "time_budget" and "still at reading the table" in err.value.message


class _NoWatchdog:
    """A watchdog that never fires (the process's one is replaced for a test)."""

    def arm(self, seconds: float) -> None:
        return None

    def disarm(self, armed: None) -> None:
        pass


def test_a_layout_refusing_its_text_is_a_finding_with_its_place(monkeypatch):
    error = gixparse.GixparseError("cannot read table text as tab-rows: UnexpectedCharacters", line=12, column=3)
    monkeypatch.setattr(pipeline, "read_region", _raising(lambda: error))
    report = gixparse.parse(SAMPLE)
    unreadable = [f for f in report.findings if f.code == "layout-unreadable"]
    assert {f.path for f in unreadable} == set(TABLES)
    assert all((f.line, f.column) == (12, 3) and f.message == error.message for f in unreadable)
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(SAMPLE, strict=True)
    assert err.value is error


def test_a_grammar_ending_early_stands_at_its_chunk(monkeypatch):
    """Lark's UnexpectedEOF has no place (line and column -1): the error stands where the
    chunk the layout was given starts, never at line 0 or before the input."""
    def read(chunk: str, offset: int, line: int):
        raise UnexpectedEOF(["VALUE"])

    for module in readers.layouts():
        monkeypatch.setattr(module, "read", read)
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(SAMPLE, strict=True)
    lines = SAMPLE.split("\n")
    assert err.value.line > 1 and err.value.column >= 1
    assert lines[err.value.line - 1].strip(), "the place is a line of the table, not a blank line"


def test_an_internal_error_under_strict_has_a_place(monkeypatch):
    monkeypatch.setattr(pipeline, "read_region", _raising(lambda: KeyError("bug")))
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(SAMPLE, strict=True)
    assert (err.value.line, err.value.column) == (1, 1) and "KeyError" in err.value.message
    assert {f.code for f in gixparse.parse(SAMPLE).findings} == {"internal-error"}


def test_a_place_that_is_not_one_is_the_start():
    assert (gixparse.GixparseError("m", line=0, column=-1).line, gixparse.GixparseError("m", column=-1).column) == (1, 1)
    assert str(gixparse.GixparseError("m", line=-1)).startswith("m (line 1, column 1)")


_TEXT = st.lists(st.sampled_from([*"一二三四（）、\t\n 0123456789/—", "总体情况", "主动公开", "收到和处理",
                                  "行政复议", "本年新收", "政府信息公开", "年度报告", "\n二、", "\n\t"]),
                 max_size=120).map("".join)


@given(_TEXT)
def test_strict_raises_only_gixparse_errors_with_a_place_in_the_text(text):
    try:
        gixparse.parse(text, strict=True)
    except gixparse.GixparseError as exc:
        assert isinstance(exc.line, int) and isinstance(exc.column, int)
        assert 1 <= exc.line <= text.count("\n") + 1 and exc.column >= 1
        assert f"(line {exc.line}, column {exc.column})" in str(exc)
