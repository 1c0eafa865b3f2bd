"""The dataset API and formats: parse_many, to_frame, the table registry, CSV /
JSONL / DuckDB writers and their resume, the JSON Schema against every seed."""

from __future__ import annotations

import json
import sys

import pytest

import gixparse
from gixparse.dataset import STATUSES, TABLES, Column, batch, summary
from gixparse.dataset import tables as tables_mod
from gixparse.dataset.api import run
from gixparse.dataset.result import Result
from gixparse.dataset.worker import Task, WorkerConfig, parse_one

from .conftest import SHARED
from .test_batch import SAMPLE, compose

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("dataset")
    files = compose(root, 4)
    (root / "twin.txt").write_bytes(files[0].read_bytes())
    (root / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def outputs(folder, tmp_path_factory):
    """The same folder written in every format (one pool of workers each)."""
    base = tmp_path_factory.mktemp("outputs")
    outs = {"parquet": base / "pq", "csv": base / "csv", "jsonl": base / "all.jsonl", "duckdb": base / "db.duckdb"}
    for fmt, out in outs.items():
        batch([str(folder)], str(out), format=fmt, workers=1, bom=fmt == "csv")
    return outs


def test_parse_many_yields_every_file_once(folder):
    paths = sorted(folder.iterdir())
    results = list(gixparse.parse_many(paths, workers=2, timeout=60))
    assert sorted(r.path for r in results) == sorted(map(str, paths))
    by = {r.path: r for r in results}
    twin = by[str(folder / "twin.txt")]
    assert twin.status == "duplicate" and twin.duplicate_of == str(folder / "composed-000.txt")
    assert twin.report is None and by[twin.duplicate_of].report is not None
    assert results.index(twin) > results.index(by[twin.duplicate_of])
    assert by[str(folder / "empty.txt")].status == "no-report"
    for r in results:
        assert r.status in STATUSES
        if r.status == "ok":
            assert r.report == gixparse.parse_file(r.path)


def test_to_frame_every_kind():
    report = gixparse.parse_file(SAMPLE)
    result = parse_one(Task(str(SAMPLE), "x" * 64, SAMPLE.stat().st_size), WorkerConfig())
    cells = gixparse.to_frame([result], kind="cells")
    assert list(cells.columns) == [c.name for c in TABLES["cells"].columns]
    assert len(cells) == sum(len(r.values) for t in report.tables.values() for r in t.rows)
    assert len(gixparse.to_frame([result], "findings")) == len(report.findings)
    reports = gixparse.to_frame([result, report], "reports")
    assert list(reports["status"]) == ["ok", "ok"] and reports["sha256"].notna().all()
    wide = gixparse.to_frame([report, result], kind="wide")
    assert len(wide) == 2
    for key, value in gixparse.flatten(report).items():
        assert list(wide[key].where(wide[key].notna(), None)) == [value, value]
    with pytest.raises(ValueError, match="kind"):
        gixparse.to_frame([report], kind="long")


def _read(fmt, out):
    if fmt == "parquet":
        return {t: pd.read_parquet(out / t) for t in TABLES}
    if fmt == "csv":
        # round_trip: pandas before 3.0 parses a float to within a unit in the last place by default;
        # 3.0 parses exactly and deprecates the argument
        exact = {"float_precision": "round_trip"} if int(pd.__version__.split(".")[0]) < 3 else {}
        return {t: pd.read_csv(out / f"{t}.csv", encoding="utf-8-sig", keep_default_na=False, **exact)
                for t in TABLES}
    if fmt == "duckdb":
        con = duckdb.connect(str(out), read_only=True)
        try:
            return {t: con.execute(f'SELECT * FROM "{t}"').df() for t in TABLES}
        finally:
            con.close()
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    return {"reports": pd.DataFrame([{k: v for k, v in x.items() if k != "report"} for x in lines])}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "duckdb"])
def test_every_format_holds_the_same_rows(outputs, fmt):
    ref = _read("parquet", outputs["parquet"])
    got = _read(fmt, outputs[fmt])
    for table, frame in got.items():
        assert list(frame.columns) == [c.name for c in TABLES[table].columns]
        assert len(frame) == len(ref[table])
        cols = {"reports": ["sha256", "status", "path"], "cells": ["sha256", "key"],
                "findings": ["sha256", "code", "path"], "metrics": ["sha256", "metric", "value"]}[table]
        assert _as_set(frame, cols) == _as_set(ref[table], cols)


def _as_set(frame, cols: list[str]) -> list[tuple[str, ...]]:
    return sorted(map(tuple, frame[cols].astype(str).itertuples(index=False)))


def test_csv_has_a_bom_when_asked(outputs):
    raw = (outputs["csv"] / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpath,")


def test_csv_and_jsonl_resume_drop_what_an_interrupted_chunk_left(folder, outputs, tmp_path):
    import shutil

    for fmt in ("csv", "jsonl"):
        src = outputs[fmt]
        out = tmp_path / src.name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, out)
        if fmt == "jsonl":
            shutil.copy(str(src) + ".committed.json", str(out) + ".committed.json")
        before = _read(fmt, out)
        torn = out / "cells.csv" if fmt == "csv" else out
        with open(torn, "ab") as fh:
            fh.write(b'deadbeef,"half a row')
        summary_ = batch([str(folder)], str(out), format=fmt, resume=True, workers=1)
        assert summary_.skipped == summary_.inputs and summary_.statuses == {}
        after = _read(fmt, out)
        for t in before:
            assert after[t].equals(before[t]), (fmt, t)


def test_the_registry_takes_a_new_table_and_new_columns():
    result = parse_one(Task(str(SAMPLE), "s" * 64, 1), WorkerConfig())
    spec = tables_mod.register("sections", [Column("sha256", "string", "the report"),
                                            Column("section", "string", "its id")],
                               lambda r: ({"sha256": r.sha256, "section": s} for s in r.report.sections))
    try:
        spec.extend([Column("chars", "int64", "its length")],
                    lambda r, row: {"chars": len(r.report.sections[row["section"]].text)})
        rows = tables_mod.columnar(result)
        assert rows["sections"]["section"] == list(result.report.sections)
        assert all(n > 0 for n in rows["sections"]["chars"])
        assert tables_mod.arrow_schema("sections").names == ["sha256", "section", "chars"]
        assert 'CREATE TABLE IF NOT EXISTS "sections"' in tables_mod.duckdb_ddl("sections")
        with pytest.raises(ValueError):
            spec.extend([Column("chars", "int64", "again")], lambda r, row: {})
    finally:
        del TABLES["sections"]


def test_packed_cells_give_the_same_tables(folder):
    """The workers' packed cells (no per-report columns, keys made by Arrow) give the
    tables that full columns give, in order, whatever the freezes and a mix of both."""
    import pyarrow as pa

    from gixparse.dataset.writers import ChunkBuffer

    results = [parse_one(Task(str(p), f"{i:064d}", 1), WorkerConfig()) for i, p in enumerate(sorted(folder.iterdir()))]
    results.append(Result("gone.txt", None, None, "failed", "cannot read"))
    full = [tables_mod.columnar(r) for r in results]
    packed = [tables_mod.columnar(r, packed=True) for r in results]
    assert any(tables_mod.PACKED in p["cells"] for p in packed)
    for f, p in zip(full, packed):
        assert tables_mod.unpack_cells(p["cells"]) == f["cells"]
        assert {t: c for t, c in p.items() if t != "cells"} == {t: c for t, c in f.items() if t != "cells"}

    def keyed(p):  # a report whose keys cannot be made again sends them
        cells = dict(p["cells"])
        if tables_mod.PACKED in cells:
            cells["key"] = tables_mod.unpack_cells(p["cells"])["key"]
        return {**p, "cells": cells}

    mixed = [[f, p, keyed(p)][i % 3] for i, (f, p) in enumerate(zip(full, packed))]
    for freeze in (20_000, 150):
        expected = None
        for rows in (full, packed, mixed):
            buffer = ChunkBuffer(arrow=True, freeze_rows=freeze)
            for r in rows:
                buffer.add(r, None)
            chunk = buffer.take()[0]
            assert all(isinstance(t, pa.Table) for t in chunk.values())
            if expected is None:
                expected = chunk
            for name, table in chunk.items():
                assert table.equals(expected[name]) and table.schema.equals(expected[name].schema, check_metadata=True)
    plain = ChunkBuffer(arrow=False)
    for r in packed:
        plain.add(r, None)
    reference = ChunkBuffer(arrow=False)
    for r in full:
        reference.add(r, None)
    assert plain.take()[0] == reference.take()[0]


def test_the_summary_record_is_the_reports_row():
    result = parse_one(Task(str(SAMPLE), "s" * 64, 1), WorkerConfig())
    row = summary(result)
    assert [c.name for c in TABLES["reports"].columns] == list({c.name: 0 for c in TABLES["reports"].columns})
    assert set(row) <= {c.name for c in TABLES["reports"].columns}
    assert row["agency"] == "示例市生态环境局" and row["status"] == "ok"
    failed = summary(Result("x.pdf", 3, "s" * 64, "failed", "cannot read"))
    assert failed["error"] == "cannot read" and "agency" not in failed


def test_the_command_names_the_extra_when_one_is_missing(monkeypatch, tmp_path):
    from gixparse.dataset.batch import main

    monkeypatch.setitem(sys.modules, "duckdb", None)
    assert main([str(SAMPLE), "-o", str(tmp_path / "x.duckdb"), "-q"]) == 2
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(gixparse.GixparseError, match=r"gixparse\[dataset\]"):
        batch([str(SAMPLE)], str(tmp_path / "out"))


def test_a_path_that_cannot_be_read_is_a_failed_row(tmp_path):
    missing = tmp_path / "gone.txt"
    (result,) = run([missing], config=WorkerConfig(rows=True))
    assert result.status == "failed" and "cannot read" in result.error
    assert result.rows["reports"]["path"] == [str(missing)] and result.rows["cells"]["key"] == []


# --- the JSON Schema of to_json ---------------------------------------------------------------------


def _every_input():
    paths = [SAMPLE]
    for sub in ("seeds", "corpus/reports"):
        if (SHARED / sub).is_dir():
            paths += sorted(p for p in (SHARED / sub).iterdir() if p.is_file() and not p.name.endswith(".md5"))
    return paths


def test_every_seed_and_corpus_report_matches_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from gixparse.schema import json_schema

    schema = json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    paths = _every_input()
    if len(paths) == 1:
        pytest.skip(f"no seeds at {SHARED}")
    for path in paths:
        doc = json.loads(gixparse.to_json(gixparse.parse_file(path)))
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, (path.name, errors[0].message)
    bad = json.loads(gixparse.to_json(gixparse.parse_file(SAMPLE)))
    bad["findings"].append({"code": "x"})
    assert not validator.is_valid(bad)


def test_the_docs_hold_the_schemas_of_the_registry():
    from gixparse.dataset.tables import schema_markdown

    from .conftest import ROOT

    doc = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    assert schema_markdown() in doc, "regenerate the Schemas section of docs/dataset.md from schema_markdown()"


def test_files_queued_behind_a_hang_or_a_crash_go_to_another_worker(folder, tmp_path, monkeypatch):
    """A worker holds more than one file; when it is stopped (a hang) or dies (a crash),
    the file it was reading gets its status and the files waiting behind it are read
    by its successor, each exactly once."""
    from gixparse.dataset.worker import run_pool

    monkeypatch.setenv("GIXPARSE_TEST_HOOKS", "1")
    (tmp_path / "hang.txt").write_bytes(b"GIXPARSE-TEST-HANG")
    (tmp_path / "crash.txt").write_bytes(b"GIXPARSE-TEST-CRASH")
    good = sorted(str(p) for p in folder.glob("composed-*.txt"))
    paths = [str(tmp_path / "hang.txt"), *good[:2], str(tmp_path / "crash.txt"), *good[2:]]
    results = list(run_pool([Task(p) for p in paths], workers=1, timeout=3, queue=3,
                            config=WorkerConfig(keep_report=True)))
    assert sorted(r.path for r in results) == sorted(paths)
    by = {r.path: r for r in results}
    assert by[str(tmp_path / "hang.txt")].status == "timeout"
    assert by[str(tmp_path / "crash.txt")].status == "failed"
    for p in good:
        assert by[p].status == "ok" and by[p].report == gixparse.parse_file(p)


def test_workers_dying_while_handed_files_lose_none(tmp_path, monkeypatch):
    """A worker that dies while the parent is handing it more files (its pipe broken
    before its death is seen) costs no file and stops nothing: every file has one
    result (a BrokenPipeError once escaped the pool under load)."""
    from gixparse.dataset.worker import run_pool

    monkeypatch.setenv("GIXPARSE_TEST_HOOKS", "1")
    paths = []
    for i in range(30):
        p = tmp_path / f"f{i:02}.txt"
        p.write_bytes(b"GIXPARSE-TEST-CRASH" if i % 3 == 0 else "规章\t1".encode())
        paths.append(str(p))
    results = list(run_pool([Task(p) for p in paths], workers=2, timeout=10, queue=3,
                            config=WorkerConfig(keep_report=False)))
    assert sorted(r.path for r in results) == sorted(paths)
    assert {r.path for r in results if r.status == "failed"} == {p for i, p in enumerate(paths) if i % 3 == 0}
