"""Audit pages in a real headless browser: Debian's chromium driven by Playwright.

No browser build can be downloaded here, so Playwright is pointed at the system
chromium (``.ci/run`` installs it when missing); without it these tests skip.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the view extra (jinja2) is not installed")
pytest.importorskip("matplotlib", reason="the view extra (matplotlib) is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (test extra) is not installed")

import gixparse  # noqa: E402
from gixparse import forms  # noqa: E402
from gixparse.view import index_html, summarize, to_html  # noqa: E402
from gixparse.view._classes import CLASSES  # noqa: E402

from .test_view import HOSTILE, SAMPLE, composed_text  # noqa: E402

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                                "(apt-get install chromium; .ci/run installs it)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, path: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request {r.url}") if not r.url.startswith(("file:", "data:"))
            else None)
    page.goto(path.as_uri())
    return page, problems


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_report_page_shows_the_form_colours_and_text(browser, tmp_path):
    text = composed_text()
    report = gixparse.parse(text)
    path = tmp_path / "report.html"
    path.write_text(to_html(report, text), encoding="utf-8")
    page, problems = _open(browser, path)
    try:
        shown = page.locator("table.form").evaluate_all("ts => ts.map(t => t.dataset.table)")
        assert shown[-2:] == ["applications", "review"] and len(shown) > 2
        assert page.locator("table[data-table=applications] tbody tr").count() >= len(
            forms.application_rows(report.template))
        colours = {c.id: _rgb(c.colour) for c in CLASSES}
        for cls in ("broken", "nan"):
            cell = page.locator(f"td.cell-{cls}").first
            assert cell.is_visible()
            assert cell.evaluate("td => getComputedStyle(td).backgroundColor") == colours[cls]
        plain = page.locator("td.cell:not([class*='cell-'])").first
        assert plain.evaluate("td => getComputedStyle(td).backgroundColor") not in colours.values()
        # markup in the report is shown as text and never runs
        assert page.evaluate("() => window.pwned") is None
        assert page.get_by_text(HOSTILE).count() == 1
        # a cell links to its line, which the browser then shows
        link = page.locator("td[data-key='applications/granted/total'] a")
        line = report.applications.row("granted").values["total"].span.line
        link.click()
        assert page.evaluate("() => location.hash") == f"#L{line}"
        assert page.locator(f"#L{line}").is_visible()
        # and tells, in the bar a touch screen needs, its raw text, line and findings
        bar = page.locator("#cellinfo")
        assert bar.is_visible() and f"第 {line} 行" in bar.text_content()
        # 予以公开 总计 is one of the cells I3 adds up, not in the row I2 breaks
        assert "I3-outcome-total" in bar.text_content() and "I2-row-total" not in bar.text_content()
        page.locator("td[data-key='applications/total_handled/natural_person'] a").click()
        assert "I2-row-total" in bar.text_content() and "I3-outcome-total" not in bar.text_content()
        bar.click()
        assert not bar.is_visible()
        assert problems == []
    finally:
        page.close()


def test_report_page_fits_a_phone(browser, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "report.html"
    path.write_text(to_html(gixparse.parse(text), text), encoding="utf-8")
    page, problems = _open(browser, path, width=375)
    try:
        # the page itself does not scroll sideways: wide tables scroll in their own box
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        assert page.locator("table[data-table=applications]").is_visible()
        assert problems == []
    finally:
        page.close()


def test_index_page_sorts_and_filters(browser, tmp_path):
    report = gixparse.parse(SAMPLE.read_text(encoding="utf-8"))
    records = [
        {"path": "b.txt", "agency": "乙市某局", "year": 2022, "errors": 3, "total_handled": 4, "granted": 1},
        summarize(report, "a.txt", href="a.html"),
        {"path": "c.txt", "agency": "丙县某局", "year": 2020, "status": "failed", "message": "damaged"},
    ]
    out = index_html(records, tmp_path)
    page, problems = _open(browser, out)
    try:
        def order():
            return page.locator("#reports tbody tr:not([hidden]) td.path").evaluate_all(
                "tds => tds.map(td => td.firstChild.textContent.trim())")

        assert order() == ["b.txt", "a.txt", "c.txt"]
        page.locator("#reports th", has_text="报告").locator("button").click()
        assert order() == ["a.txt", "b.txt", "c.txt"]
        page.locator("#reports th", has_text="报告").locator("button").click()
        assert order() == ["c.txt", "b.txt", "a.txt"]
        page.locator("#reports th", has_text="年度").locator("button").click()
        assert order() == ["c.txt", "b.txt", "a.txt"]  # 2020, 2022, 2023
        page.fill("#q", "乙市")
        assert order() == ["b.txt"] and page.locator("#shown").text_content() == "1"
        page.fill("#q", "")
        page.select_option("#status", "failed")
        assert order() == ["c.txt"]
        page.select_option("#status", "")
        page.check("#errors-only")
        assert order() == ["b.txt"]
        assert page.locator("figure img").count() == 4
        assert all(page.locator("figure img").evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)"))
        assert problems == []
    finally:
        page.close()
