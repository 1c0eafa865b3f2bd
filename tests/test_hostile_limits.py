"""gixparse.Limits as an API: defaults, where each limit applies, what a refusal looks like;
GixparseError always has a place; the hangs fuzzing and the size benchmark found."""

from __future__ import annotations

import importlib.resources
import threading
import time

import attrs
import pytest

import gixparse
from gixparse import limits
from gixparse.text import normalise

from .conftest import EXAMPLES
from .test_hostile_documents import run_limited

SAMPLE = (EXAMPLES / "sample-2023-tab-rows.txt").read_text(encoding="utf-8")
TABLES = ("active", "applications", "review")


def test_defaults_are_data_and_documented():
    fields = {a.name: a.default for a in attrs.fields(gixparse.Limits)}
    assert fields == {"max_pages": 300, "max_text_mb": 64.0, "max_uncompressed_mb": 256.0, "max_ratio": 200.0,
                      "max_nesting": 256, "max_page_points": 14_400.0, "time_budget": 30.0}
    doc = gixparse.Limits.__doc__ or ""
    assert all(f"``{name}``" in doc for name in fields)
    assert limits.current() == limits.DEFAULT == gixparse.Limits()
    assert attrs.asdict(gixparse.Limits.unlimited()) == dict.fromkeys(fields)


def test_limits_in_force_inside_a_block_only():
    small = gixparse.Limits(max_pages=3)
    with limits.using(small):
        assert limits.current() is small
        with limits.using():  # a block inside keeps the outer limits
            assert limits.current() is small
    assert limits.current() == limits.DEFAULT


def test_text_over_the_limit_str_bytes_and_strict():
    tight = gixparse.Limits(max_text_mb=0.001)  # 1000 bytes; the sample is ~3.5 KB
    report = gixparse.parse(SAMPLE, limits=tight)  # a str never raises
    assert {(f.code, f.path) for f in report.findings} == {("limit-exceeded", t) for t in TABLES}
    assert all((f.line, f.column) == (1, 1) and "max_text_mb=0.001" in f.message for f in report.findings)
    with pytest.raises(gixparse.LimitError) as err:
        gixparse.parse(SAMPLE.encode(), limits=tight)
    assert err.value.limit == "max_text_mb" and (err.value.line, err.value.column) == (1, 1)
    with pytest.raises(gixparse.LimitError):
        gixparse.parse(SAMPLE, limits=tight, strict=True)
    assert gixparse.flatten(gixparse.parse(SAMPLE, limits=gixparse.Limits(max_text_mb=1)))  # within: read


def test_parse_file_refuses_a_big_file_before_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.encode() * 10)
    with pytest.raises(gixparse.LimitError) as err:
        gixparse.parse_file(path, limits=gixparse.Limits(max_text_mb=0.01))
    assert err.value.limit == "max_text_mb"
    assert f"the file is {path.stat().st_size / 1e6:.3f} MB" in err.value.message
    assert gixparse.flatten(gixparse.parse_file(path)) == gixparse.flatten(gixparse.parse(SAMPLE))


def test_time_budget_stops_a_loop_inside_a_reader():
    """The watchdog raises into the thread that loops (as pdfminer does on objects that refer to
    each other), and nothing is left pending after the block."""
    start = time.monotonic()
    with pytest.raises(limits.TimeBudgetExceeded) as err, limits.using(gixparse.Limits(time_budget=0.2)):
        while True:
            pass
    assert 0.2 <= time.monotonic() - start < 5 and err.value.limit == "time_budget"
    with limits.using(gixparse.Limits(time_budget=0.2)):
        pass
    time.sleep(0.5)  # a disarmed watchdog never fires after its block


def test_time_budget_of_one_thread_does_not_touch_another():
    caught: list[BaseException] = []

    def worker() -> None:
        try:
            with limits.using(gixparse.Limits(time_budget=0.1)):
                while True:
                    pass
        except limits.TimeBudgetExceeded as exc:
            caught.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    t.join(10)
    assert not t.is_alive() and len(caught) == 1
    assert gixparse.flatten(gixparse.parse(SAMPLE))  # this thread went on undisturbed


def test_a_limit_wrapped_by_a_reader_is_raised_as_itself():
    wrapped = gixparse.GixparseError("cannot read this PDF file")
    limit = gixparse.LimitError("too slow", limit="time_budget")
    wrapped.__cause__ = RuntimeError(limit)
    assert limits.cause(wrapped) is limit
    assert limits.cause(gixparse.GixparseError("x")).message == "x"


def test_gixparse_error_always_has_a_place():
    for junk in ("", "x", "\x00\x01", "一、总体情况\n" * 3):
        with pytest.raises(gixparse.GixparseError) as err:
            gixparse.parse(junk, strict=True)
        assert (err.value.line, err.value.column) >= (1, 1) and "(line " in str(err.value)
    with pytest.raises(gixparse.GixparseError) as err:
        gixparse.parse(b"PK\x03\x04 not a zip")
    assert (err.value.line, err.value.column) == (1, 1)
    assert gixparse.GixparseError("m").line == 1 and gixparse.GixparseError("m", line=7, column=3).column == 3


def test_package_ships_its_types():
    assert importlib.resources.files("gixparse").joinpath("py.typed").is_file()


# --- hangs found by fuzzing and by bench/bench_sizes.py


def test_long_line_next_to_a_box_drawn_line_is_linear():
    """Found by bench/bench_sizes.py: text.normalise kept box-drawn lines' full-width digits with
    the pattern [^\\n]*[│┃║][^\\n]*, which rescans a line without a box character from each of its
    positions: a 20 KB line took 10 s, a 2 MB one would never end. Now each box character's line is
    found by the line breaks around it."""
    line = "本机关坚持以人民为中心。" * 2_000  # 24 000 characters, no line break
    text = "│１２│３│\n" + line
    src = normalise(text)
    assert src.folded.startswith("│１２│３│\n") and len(src.folded) == len(text)
    assert src.folded.endswith(line)


def test_two_megabyte_line_next_to_a_box_parses_within_limits(tmp_path):
    data = ("│１２│３│\n" + "本机关坚持以人民为中心。" * 200_000).encode()  # one line of 7 MB
    out = run_limited(tmp_path, data)
    assert "error" not in out and "missing-table" in out["findings"], out
