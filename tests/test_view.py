"""Audit pages (gixparse.view): what a report page and an index page hold, as HTML.

The pages are parsed back with lxml and looked at: the tables of the form, the
cells the findings colour, the findings list, the numbered source, escaping of
untrusted report text, no external resources. A real browser looks at them in
tests/test_view_browser.py.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import attrs
import pytest

pytest.importorskip("jinja2", reason="the view extra (jinja2) is not installed")
pytest.importorskip("matplotlib", reason="the view extra (matplotlib) is not installed")

from lxml import html as lxml_html

import gixparse
from gixparse import forms
from gixparse.cli import main as cli_main
from gixparse.codes import CODES
from gixparse.documents import document_text
from gixparse.model import Finding
from gixparse.view import _classes, index_html, summarize, to_html

from .conftest import EXAMPLES, ROOT, SHARED, needs_shared

SAMPLE = EXAMPLES / "sample-2023-tab-rows.txt"


@attrs.frozen
class Record:
    """A summary record as a batch run may keep it: attributes, not a dict."""

    path: str
    province: str | None = None
    year: int | None = None
    total_handled: Decimal | None = None
    granted: Decimal | None = None

HOSTILE = "<script>window.pwned=1</script>"


def composed_text() -> str:
    """The composed sample with a word in a number cell, a broken total, and markup in its text."""
    text = SAMPLE.read_text(encoding="utf-8")
    edited = text.replace("规章\t0\t0\t0", "规章\t0\t见附件\t0", 1)
    edited = re.sub(r"(（七）总计(?:\t\d+){6})\t(\d+)", lambda m: f"{m.group(1)}\t{int(m.group(2)) + 5}", edited)
    edited = edited.replace("五、存在的主要问题及改进情况\n",
                            f"五、存在的主要问题及改进情况\n{HOSTILE}<img src=x onerror=\"window.pwned=2\">\n", 1)
    assert edited.count("见附件") == 1 and HOSTILE in edited and edited != text
    return edited


def page(report, source=None):
    return lxml_html.fromstring(to_html(report, source))


def cells(doc, key_prefix: str = ""):
    return [td for td in doc.xpath("//td[@data-key]") if td.get("data-key").startswith(key_prefix)]


def test_sample_page_lays_out_every_table_of_its_form():
    text = SAMPLE.read_text(encoding="utf-8")
    report = gixparse.parse(text)
    doc = page(report, text)
    tables = doc.xpath("//table[contains(@class, 'form')]/@data-table")
    items = [s.id for s in forms.ITEMS if report.template in s.columns]
    assert tables == [*items, "applications", "review"]
    assert doc.xpath("//h1")[0].text_content() == report.agency
    assert str(report.year) in doc.xpath("//dl[@class='facts']")[0].text_content()
    # every value of the report is a cell of the page, with its kind, and its number as printed
    flat = gixparse.flatten(report)
    by_key = {td.get("data-key"): td for td in cells(doc)}
    for key, value in flat.items():
        td = by_key[key]
        if value is not None:
            assert td.text_content().strip().replace(",", "").startswith(str(value)), key
            assert td.get("data-kind") == "number"
    # the application rows in the form's order, labelled in the form's words
    labels = [tr.xpath("td[contains(@class,'label')]")[0].text for tr in
              doc.xpath("//table[@data-table='applications']/tbody/tr")]
    assert labels[:3] == [forms.ROW_LABELS[r] for r in forms.application_rows(report.template)[:3]]
    # a clean report: nothing coloured, no findings
    assert not doc.xpath("//td[contains(@class,'cell-')]")
    assert doc.xpath("//ol[@id='finding-list']") == []


def test_a_table_the_report_lacks_is_laid_out_with_the_forms_column_labels():
    """A 第二十条 table not found in the report is shown empty on the form: its header
    in the form's words and its cells keyed by column id (it once printed
    ``ColumnSpec(id='issued', …)`` for both, and no finding could claim such a cell)."""
    report = gixparse.model.Report(title=None, agency="某市某局", year=2023, template="2021")
    doc = page(report)
    html = to_html(report)
    assert "ColumnSpec" not in html
    for spec in forms.ITEMS:
        columns = spec.columns.get("2021")
        if columns is None:
            continue
        heads = [th.text_content() for th in doc.xpath(f"//table[@data-table='{spec.id}']/thead//th")]
        assert heads == ["信息内容", *(forms.COLUMN_LABELS.get(c.id, c.id) for c in columns)], spec.id
        row = next(r for r in spec.rows if "2021" in r.forms)
        keys = {td.get("data-key") for td in cells(doc, f"{spec.id}/{row.id}/")}
        assert keys == {f"{spec.id}/{row.id}/{c.id}" for c in columns}, spec.id


def test_cells_link_to_their_source_line_and_tell_their_raw_text():
    text = SAMPLE.read_text(encoding="utf-8")
    report = gixparse.parse(text)
    doc = page(report, text)
    lines = doc.xpath("//div[@class='src']/div")
    assert len(lines) == len(text.split("\n"))
    granted = report.applications.row("granted").values["total"]
    td = next(td for td in cells(doc) if td.get("data-key") == "applications/granted/total")
    assert td.xpath("a/@href") == [f"#L{granted.span.line}"]
    assert f"「{granted.raw}」" in td.get("title") and f"第 {granted.span.line} 行" in td.get("title")
    target = doc.get_element_by_id(f"L{granted.span.line}")
    assert granted.raw in target.text_content()
    # without the source, no dangling links
    bare = page(report)
    assert not bare.xpath("//a[starts-with(@href, '#L')]") and not bare.xpath("//*[@id='source']")


def test_source_lines_are_the_lines_positions_count():
    from gixparse.view._page import source_lines

    text = "\ufeff一\r\n二\f三\n\n四"
    assert source_lines(text) == ["一", "二", "三", "", "四"]
    assert source_lines(text.encode("gb18030")) == ["一", "二", "三", "", "四"]
    assert source_lines("<html><body><p>一</p><p>二</p></body></html>") == gixparse.documents.document_text(
        "<html><body><p>一</p><p>二</p></body></html>".encode()).split("\n")


def test_findings_colour_the_cells_they_cover():
    text = composed_text()
    report = gixparse.parse(text)
    codes = {f.code for f in report.findings}
    assert {"value-not-a-number", "I2-row-total", "I3-outcome-total"} <= codes
    doc = page(report, text)
    nan = doc.xpath("//td[contains(@class,'cell-nan')]/@data-key")
    assert nan == ["active.item1/rules/repealed"]
    broken = set(doc.xpath("//td[contains(@class,'cell-broken')]/@data-key"))
    # I2 covers its row; I3 the 总计 column of the outcome rows and （七）总计; I1 the 总计 column of 一, 二, （七）, 四
    assert {f"applications/total_handled/{c}" for c in forms.APPLICATION_COLUMNS} <= broken
    outcome = forms.OUTCOME_ROWS[report.template]
    balance = ("new_received", "carried_over", "total_handled", "carried_forward")
    assert {f"applications/{r}/total" for r in (*outcome, *balance)} <= broken
    assert broken == ({f"applications/total_handled/{c}" for c in forms.APPLICATION_COLUMNS}
                      | {f"applications/{r}/total" for r in (*outcome, *balance)})
    # each finding listed with message and expected/actual
    rows = doc.xpath("//ol[@id='finding-list']/li")
    assert len(rows) == len(report.findings)
    for tr, f in zip(rows, report.findings):
        assert tr.get("data-code") == f.code
        assert f.message in tr.text_content()
        if f.expected is not None:
            assert str(int(f.expected)) in tr.text_content() and str(int(f.actual)) in tr.text_content()
    # the lines of findings are marked in the source
    marked = {int(d.get("id")[1:]) for d in doc.xpath("//div[contains(@class,'mark-')]")}
    assert {f.line for f in report.findings if f.line} == marked


def test_an_identity_colours_only_the_cells_it_adds_up():
    text = SAMPLE.read_text(encoding="utf-8")
    granted = gixparse.parse(text).applications.row("granted")
    printed = "\t".join(v.raw for v in granted.values.values())
    assert text.count(printed) == 1
    bumped = printed[: printed.rindex("\t")] + f"\t{granted.values['total'].number + 3}"
    report = gixparse.parse(text.replace(printed, bumped))
    assert {f.code for f in report.findings} == {"I2-row-total", "I3-outcome-total"}
    broken = set(page(report).xpath("//td[contains(@class,'cell-broken')]/@data-key"))
    outcome = (*forms.OUTCOME_ROWS[report.template], "total_handled")
    assert broken == ({f"applications/granted/{c}" for c in forms.APPLICATION_COLUMNS}
                      | {f"applications/{r}/total" for r in outcome})
    assert "applications/new_received/total" not in broken  # I1 still holds: 一 is not in question


def test_report_text_is_never_markup():
    text = composed_text()
    out = to_html(gixparse.parse(text), text)
    assert HOSTILE not in out and "<img src=x" not in out
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in out
    doc = lxml_html.fromstring(out)
    assert doc.xpath("//img") == []
    scripts = doc.xpath("//script")  # the page's own, and nothing from the report
    assert len(scripts) == 1 and "pwned" not in scripts[0].text
    assert HOSTILE in doc.get_element_by_id("source").text_content()


def test_every_code_has_a_class_and_a_colour():
    seen = set()
    for code, entry in CODES.items():
        cls = _classes.class_of(Finding(code, entry.severity, "", ""))
        assert cls in _classes.CLASSES
        seen.add(cls.id)
    assert seen == {c.id for c in _classes.CLASSES}
    assert set(_classes.CODE_CLASS) <= set(CODES) and set(_classes.SCOPE) <= set(CODES)
    for rows in _classes.SCOPE.values():
        assert set(rows) <= {r.id for r in forms.APPLICATION_ROWS}
    out = to_html(gixparse.parse(SAMPLE.read_text(encoding="utf-8")))
    for c in _classes.CLASSES:
        assert f"td.cell-{c.id} {{ background: {c.colour};" in out


def test_pages_load_nothing_from_outside(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    report = gixparse.parse(text)
    index = index_html([summarize(report, SAMPLE, href="a.html")], tmp_path)
    for out in (to_html(report, text), index.read_text(encoding="utf-8")):
        doc = lxml_html.fromstring(out)
        assert not doc.xpath("//link | //iframe | //object | //embed | //script[@src]")
        for attr in doc.xpath("//@src | //@href"):
            assert attr.startswith(("#", "data:image/svg+xml;base64,", "a.html")), attr


def test_index_sorts_filters_and_charts(tmp_path):
    report = gixparse.parse(SAMPLE.read_text(encoding="utf-8"))
    rec = summarize(report, "a/sample.txt", href="sample.html")
    app = report.applications
    granted = app.row("granted").values["total"].number
    partial = app.row("partially_granted").values["total"].number
    handled = app.row("total_handled").values["total"].number
    records = [
        rec,
        {"path": "b.txt", "status": "failed", "message": "cannot read this PDF file", "href": "javascript:alert(1)"},
        {"path": "c.txt", "agency": "浙江省某厅", "year": 2021, "errors": 2, "warnings": 1, "granted": 3,
         "partially_granted": 1, "total_handled": 0},
        Record("d.txt", province="福建", year=2020, total_handled=Decimal(8), granted=Decimal(2)),
        {"path": "e.txt", "agency": "天津市河北区人民政府"},
        {"path": "f.txt", "agency": "吉林市人民政府"},
    ]
    out = index_html(records, tmp_path / "site")
    doc = lxml_html.parse(str(out)).getroot()
    rows = doc.xpath("//table[@id='reports']/tbody/tr")
    assert [r.xpath("td")[0].text_content().split("cannot")[0] for r in rows] == ["a/sample.txt", "b.txt", "c.txt",
                                                                                 "d.txt", "e.txt", "f.txt"]
    assert rows[0].xpath("td//a/@href") == ["sample.html"]
    assert rows[1].xpath("td//a") == []  # a link that would run script is dropped
    assert rows[0].xpath("td")[-1].text_content() == f"{float((granted + partial) / handled):.1%}"
    assert rows[2].xpath("td")[-1].text_content() == ""  # no rate when nothing was handled
    assert [r.get("data-status") for r in rows] == ["ok", "failed", "error", "ok", "ok", "ok"]
    assert [r.xpath("td")[3].text_content() for r in rows[4:]] == ["天津", "未识别"]  # never guessed
    assert rows[2].xpath("td")[3].text_content() == "浙江" and rows[3].xpath("td")[3].text_content() == "福建"
    assert rows[3].xpath("td")[-1].text_content() == "25.0%"  # an attrs record, Decimal counts
    assert len(doc.xpath("//figure/img[starts-with(@src, 'data:image/svg+xml;base64,')]")) == 4
    assert len(doc.xpath("//script")) == 1 and doc.get_element_by_id("q") is not None


def test_index_of_records_read_back_from_a_table(tmp_path):
    """Records from a pandas table hold NaN (or pandas' NA) where a field is missing:
    each is left out, as None is (int(NaN) in the counts and the rate crashed the index)."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([
        {"path": "a.txt", "agency": "江苏省某局", "year": 2023, "errors": 0, "warnings": 1, "granted": 3.0,
         "total_handled": 10.0, "province": None},
        {"path": "b.txt", "agency": "浙江省某厅", "year": None, "errors": None, "warnings": None, "granted": None,
         "total_handled": None, "province": None},
    ])
    records = frame.to_dict("records")
    assert math.isnan(records[1]["errors"]) and math.isnan(records[1]["granted"])
    nullable = [{k: pd.NA if isinstance(v, float) and math.isnan(v) else v for k, v in r.items()} for r in records]
    assert nullable[1]["errors"] is pd.NA and nullable[1]["year"] is pd.NA
    for recs, folder in ((records, "nan"), (nullable, "na"), ([{"path": "c.txt", "granted": float("inf")}], "inf")):
        out = index_html(recs, tmp_path / folder)
        doc = lxml_html.parse(str(out)).getroot()
        rows = doc.xpath("//table[@id='reports']/tbody/tr")
        text = " ".join(r.text_content() for r in rows).lower()
        assert "nan" not in text and "inf" not in text and "<na>" not in text, folder
        if folder != "inf":
            assert [r.xpath("td")[3].text_content() for r in rows] == ["江苏", "浙江"], folder
            assert rows[0].xpath("td")[-1].text_content() == "30.0%" and rows[1].xpath("td")[-1].text_content() == ""
            assert [r.get("data-status") for r in rows] == ["warning", "ok"], folder


def test_view_extra_missing_names_it(monkeypatch):
    import gixparse.view as view

    monkeypatch.setattr(view, "_ENV", None)
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(gixparse.GixparseError, match=r"gixparse\[view\]"):
        to_html(gixparse.parse("x"))


def test_cli_one_page_and_a_folder(tmp_path, capsys):
    out = tmp_path / "one.html"
    assert cli_main(["view", str(SAMPLE), "-o", str(out)]) == 0
    assert lxml_html.parse(str(out)).getroot().xpath("//table[@data-table='applications']")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n broken")
    site = tmp_path / "site"
    assert cli_main(["view", str(SAMPLE), str(bad), "-o", str(site)]) == 2
    assert "bad.pdf" in capsys.readouterr().err
    doc = lxml_html.parse(str(site / "index.html")).getroot()
    assert [r.get("data-status") for r in doc.xpath("//tbody/tr")] == ["ok", "failed"]
    href = doc.xpath("//tbody/tr[1]//a/@href")[0]
    assert (site / href).is_file()


@needs_shared
def test_seeds_and_corpus_render(tmp_path):
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "reports").iterdir())
    summaries = []
    for i, path in enumerate(files):
        text = document_text(path.read_bytes())
        report = gixparse.parse(text)
        doc = page(report, text)
        assert doc.xpath("//table[@data-table='applications']"), path
        listed = doc.xpath("//ol[@id='finding-list']/li/@data-code")
        assert listed == [f.code for f in report.findings], path
        # every finding about a table's cells colours some; a clean table is not coloured
        for t in report.tables:
            about = [f for f in report.findings if f.path.split("/")[0] == t or (f.path == "active" and "." in t)]
            coloured = doc.xpath(f"//table[@data-table='{t}']//td[contains(@class,'cell-')]")
            assert bool(coloured) == bool(about), (path, t)
        # every line a cell or a finding names is a line of the source shown
        shown = len(doc.xpath("//div[@class='src']/div"))
        assert all(f.line <= shown for f in report.findings if f.line), path
        assert all(int(h[2:]) <= shown for h in doc.xpath("//td[@data-key]/a/@href")), path
        (tmp_path / f"{i}.html").write_text(lxml_html.tostring(doc, encoding="unicode"), encoding="utf-8")
        summaries.append(summarize(report, path.name, href=f"{i}.html"))
    doc = lxml_html.parse(str(index_html(summaries, tmp_path))).getroot()
    assert doc.xpath("//table[@id='reports']/tbody/tr//a/@href") == [f"{i}.html" for i in range(len(files))]


def test_wheel_carries_the_templates(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here (no build backend reachable): {build.stderr.strip()[-300:]}")
    wheel = next(tmp_path.glob("gixparse-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"gixparse/view/templates/{p.name}" for p in (ROOT / "src/gixparse/view/templates").iterdir()}
    assert templates and templates <= names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = ("import sys, gixparse; r = gixparse.parse(open(sys.argv[1], encoding='utf-8').read()); "
             "print(gixparse.__file__); print(len(gixparse.to_html(r)))")
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", probe, str(SAMPLE)], cwd=tmp_path, env=env, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert out[0].startswith(str(site)) and int(out[1]) > 10000
