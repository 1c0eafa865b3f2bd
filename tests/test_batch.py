"""`gixparse batch` end to end: a folder mixing real and composed reports and broken
inputs; every input one `reports` row with the right status; the Parquet read back
with pandas and DuckDB under the documented schema; kill and resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gixparse
from gixparse.dataset import batch
from gixparse.dataset.tables import TABLES, arrow_schema
from gixparse.render import render

from .conftest import EXAMPLES, ROOT, SHARED

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")

SAMPLE = EXAMPLES / "sample-2023-tab-rows.txt"
LAYOUTS = ("tab-rows", "cell-per-line", "markdown-pipe", "space-aligned", "box-drawing")
PLACES = "东西南北青云江城林安"


def compose(folder: Path, n: int, prefix: str = "composed", start: int = 0) -> list[Path]:
    """``n`` reports we compose on the official form, each a different agency and layout."""
    report = gixparse.parse_file(SAMPLE)
    out = []
    for i in range(start, start + n):
        agency = f"示例{PLACES[i % 10]}{PLACES[i // 10 % 10]}市生态环境局"
        text = render(report, LAYOUTS[i % len(LAYOUTS)], agency=agency, year=2021 + i % 4)
        path = folder / f"{prefix}-{i:03d}.txt"
        path.write_text(text, encoding="utf-8" if i % 3 else "gb18030")
        out.append(path)
    return out


def gixparse_cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    full = dict(os.environ, GIXPARSE_TEST_HOOKS="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "gixparse", *args], cwd=ROOT, capture_output=True, text=True,
                          env=full, **kw)


# --- the mixed folder ------------------------------------------------------------------------------

BROKEN = {
    "empty.txt": (b"", "no-report"),
    "noise.bin": (bytes(range(256)) * 40, "no-report"),
    "damaged.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nstartxref\n999999\n%%EOF", "failed"),
    "hangs.txt": (b"GIXPARSE-TEST-HANG: a reader that never returns", "timeout"),
    "crashes.txt": (b"GIXPARSE-TEST-CRASH: a reader that aborts the process", "failed"),
    "blows-up.txt": (b"GIXPARSE-TEST-MEMORY: a reader that eats memory", "failed"),
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    inputs = root / "in"
    (inputs / "nested" / "deeper").mkdir(parents=True)
    expected: dict[str, str] = {}
    for p in compose(inputs, 6) + compose(inputs / "nested" / "deeper", 2, "more", start=50):
        expected[str(p)] = "ok"
    shutil.copy(SAMPLE, inputs / "nested" / "copy-a.txt")
    shutil.copy(SAMPLE, inputs / "nested" / "copy-b.txt")  # same bytes: parsed once
    expected[str(inputs / "nested" / "copy-a.txt")] = "ok"
    expected[str(inputs / "nested" / "copy-b.txt")] = "duplicate"
    for name, (data, status) in BROKEN.items():
        (inputs / name).write_bytes(data)
        expected[str(inputs / name)] = status
    real = []
    if (SHARED / "seeds").is_dir():
        real += sorted((SHARED / "seeds").glob("*.txt"))
    if (SHARED / "corpus" / "reports").is_dir():  # text, Markdown, HTML, Word, PDF
        real += sorted((SHARED / "corpus" / "reports").iterdir())
    (inputs / "real").mkdir()
    for p in real:
        shutil.copy(p, inputs / "real" / p.name)
        expected[str(inputs / "real" / p.name)] = "ok"
    out = root / "out"
    proc = gixparse_cli("batch", str(inputs), "-o", str(out), "--workers", "2", "--timeout", "15",
                        "--max-memory", "1536", timeout=300)
    return {"inputs": inputs, "out": out, "expected": expected, "proc": proc, "real": real}


def test_every_input_has_one_reports_row_with_the_right_status(mixed):
    assert mixed["proc"].returncode == 0, mixed["proc"].stderr
    reports = pd.read_parquet(mixed["out"] / "reports")
    assert sorted(reports["path"]) == sorted(mixed["expected"])
    got = dict(zip(reports["path"], reports["status"]))
    assert got == mixed["expected"]
    errors = dict(zip(reports["path"], reports["error"]))
    inputs = mixed["inputs"]
    assert "longer than 15 s" in errors[str(inputs / "hangs.txt")]
    assert "SIGABRT" in errors[str(inputs / "crashes.txt")]
    assert "MemoryError" in errors[str(inputs / "blows-up.txt")]
    assert "PDF" in errors[str(inputs / "damaged.pdf")]
    assert errors[str(inputs / "empty.txt")] == "empty file"
    dup = reports.set_index("path").loc[str(inputs / "nested" / "copy-b.txt")]
    assert dup["duplicate_of"] == str(inputs / "nested" / "copy-a.txt")
    # the plain log lines (not a terminal) and the closing summary
    assert "files (100%)" in mixed["proc"].stderr and "failed" in mixed["proc"].stderr


def test_cells_and_findings_belong_to_the_reports_that_were_read(mixed):
    out = mixed["out"]
    reports = pd.read_parquet(out / "reports")
    cells = pd.read_parquet(out / "cells")
    findings = pd.read_parquet(out / "findings")
    read = reports[reports["status"].isin(["ok", "no-report"])]
    assert set(cells["sha256"]) <= set(read["sha256"])
    assert set(findings["sha256"]) <= set(read["sha256"])
    # one report's rows equal what the library gives for it
    one = reports[reports["path"] == str(mixed["inputs"] / "nested" / "copy-a.txt")].iloc[0]
    report = gixparse.parse_file(SAMPLE)
    mine = cells[cells["sha256"] == one["sha256"]]
    flat = {k: v for k, v in gixparse.flatten(report).items()}
    assert dict(zip(mine["key"], mine["number"].where(mine["number"].notna(), None))) == pytest.approx(flat)
    assert one["cells"] == len(mine) and one["errors"] == sum(f.severity.value == "error" for f in report.findings)
    assert one["agency"] == report.agency and one["year"] == report.year
    assert one["layout_applications"] == report.applications.layout
    assert len(findings[findings["sha256"] == one["sha256"]]) == len(report.findings)


def test_a_cell_on_a_flagged_row_says_so(mixed):
    cells = pd.read_parquet(mixed["out"] / "cells")
    findings = pd.read_parquet(mixed["out"] / "findings")
    flagged = cells[cells["flagged"]]
    if findings.empty or flagged.empty:
        pytest.skip("no finding on a table row in this folder")
    for _, c in flagged.head(50).iterrows():
        mine = findings[findings["sha256"] == c["sha256"]]
        row = f"{c['table']}/{c['row']}"
        assert any(p == c["table"] or (p.split(".")[0] == c["table"].split(".")[0] and "/" not in p)
                   or p.startswith(row) for p in mine["path"]), (c["key"], list(mine["path"]))


def test_parquet_has_the_documented_schema_in_pandas_and_duckdb(mixed):
    out = mixed["out"]
    con = duckdb.connect()
    for name in TABLES:
        files = sorted((out / name).glob("*.parquet"))
        assert files
        for f in files:
            assert pq.read_schema(f).remove_metadata() == arrow_schema(name).remove_metadata()
        frame = pd.read_parquet(out / name)
        assert list(frame.columns) == [c.name for c in TABLES[name].columns]
        rel = con.execute(f"SELECT * FROM read_parquet('{out / name}/*.parquet')")
        assert [d[0] for d in rel.description] == [c.name for c in TABLES[name].columns]
        assert len(rel.fetchall()) == len(frame)
    n = con.execute(f"""
        SELECT count(*) FROM read_parquet('{out}/cells/*.parquet') c
        JOIN read_parquet('{out}/reports/*.parquet') r USING (sha256) WHERE r.status = 'ok'""").fetchone()[0]
    assert n == len(pd.read_parquet(out / "cells"))


@pytest.mark.skipif(not (SHARED / "corpus" / "reports").is_dir(), reason=f"no corpus at {SHARED}")
def test_the_real_documents_are_read(mixed):
    reports = pd.read_parquet(mixed["out"] / "reports").set_index("path")
    for name in ("huaian-2024.pdf", "shuyang-fgj-2023.docx", "shuyang-fgj-2023.html"):
        row = reports.loc[str(mixed["inputs"] / "real" / name)]
        assert row["status"] == "ok" and row["cells"] > 100 and row["agency"]


# --- kill and resume -------------------------------------------------------------------------------


def _rows(out: Path, name: str) -> list[tuple]:
    frame = pd.read_parquet(out / name)
    if "parse_ms" in frame:
        frame = frame.drop(columns=["parse_ms"])  # a time, not data
    frame = frame.astype(object).where(frame.notna(), None)
    return sorted(map(tuple, frame.itertuples(index=False)), key=repr)


def test_a_killed_batch_resumed_equals_an_uninterrupted_one(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    compose(inputs, 24)
    shutil.copy(SAMPLE, inputs / "dup-1.txt")
    shutil.copy(SAMPLE, inputs / "dup-2.txt")
    (inputs / "empty.txt").write_bytes(b"")
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    batch([str(inputs)], str(whole), workers=2)

    env = dict(os.environ, GIXPARSE_TEST_HOOKS="1", GIXPARSE_TEST_DELAY="0.15")
    proc = subprocess.Popen([sys.executable, "-m", "gixparse", "batch", str(inputs), "-o", str(broken),
                             "--workers", "1", "--chunk-size", "3", "-q"], cwd=ROOT, env=env,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            parts = list((broken / "reports").glob("*.parquet")) if (broken / "reports").is_dir() else []
            if len(parts) >= 2:
                break
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, at once
    finally:
        proc.wait(30)
    partial = pd.read_parquet(broken / "reports")
    assert 0 < len(partial) < 27, "the batch was not stopped midway"

    again = batch([str(inputs)], str(broken), workers=2, resume=True)
    assert again.skipped == len(partial) and sum(again.statuses.values()) == 27 - len(partial)
    for name in TABLES:
        assert _rows(broken, name) == _rows(whole, name), name
    reports = pd.read_parquet(broken / "reports")
    assert reports["path"].is_unique and len(reports) == 27


def test_an_existing_output_is_kept_unless_asked(tmp_path):
    from gixparse.dataset.writers import open_writer

    out = tmp_path / "out"
    open_writer(str(out), "parquet").close()
    with pytest.raises(gixparse.GixparseError, match="--resume"):
        open_writer(str(out), "parquet")
    open_writer(str(out), "parquet", resume=True).close()
    open_writer(str(out), "parquet", overwrite=True).close()


def test_paths_on_standard_input_and_globs(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    files = compose(inputs, 3)
    out = tmp_path / "out.jsonl"
    listed = "\n".join(str(p) for p in files[:2]) + "\n"
    proc = gixparse_cli("batch", "-", str(inputs / "*-002.txt"), str(tmp_path / "nothing-*.txt"), "-o", str(out),
                        "-q", "--workers", "1", input=listed)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["path"] for r in lines) == sorted([*map(str, files), str(tmp_path / "nothing-*.txt")])
    by_path = {r["path"]: r for r in lines}
    assert by_path[str(tmp_path / "nothing-*.txt")]["status"] == "failed"
    # each line's report is the same JSON as to_json
    line = by_path[str(files[0])]
    assert gixparse.from_json(json.dumps(line["report"], ensure_ascii=False)) == gixparse.parse_file(files[0])


def test_the_schema_command_prints_a_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    proc = gixparse_cli("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(gixparse.to_json(gixparse.parse_file(SAMPLE))), schema)
