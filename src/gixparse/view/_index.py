"""The batch index: one summary record per report, as the index template lays it out.

A summary record is a plain ``dict`` (or any object with these attributes, such
as an attrs record); every field but ``path`` may be left out:

=====================  ==============================================================
``path``               the report's file, as shown (str or path)
``href``               link to its audit page, relative to the index's folder
``status``             ``ok`` / ``warning`` / ``error`` / anything a batch run records
                       (``failed``, ``timeout``…); by default from the counts below
``message``            why a report failed, when it did
``agency``, ``year``, ``template``
``province``           shown and counted as given; when absent, the province whose full
                       name (浙江省, 广西壮族自治区…) the agency's name starts with, else 未识别
``errors``, ``warnings``  numbers of findings of each severity
``new_received``, ``total_handled``, ``granted``, ``partially_granted``
                       totals (总计 column) of those rows of table 三
``disclosure_rate``    实质公开率; when absent, (granted + partially_granted) /
                       total_handled, or none when total_handled is 0 or missing
``disclosure_rate_na`` why the record's 实质公开率 is NA (:func:`gixparse.metrics`, as
                       ``gixparse batch --html`` records carry it): no rate is shown,
                       and none is computed from the counts
=====================  ==============================================================

:func:`summarize` makes one from a parsed report. A field that is ``None``, NaN or
pandas' ``NA`` (as records read back from a table have them) is left out; a number
that is not finite is no number.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from decimal import Decimal
from os import PathLike
from typing import Any
from urllib.parse import urlsplit

from ..model import Kind, Report, Severity
from . import _charts

__all__ = ["FIELDS", "PROVINCES", "index_context", "summarize"]

FIELDS: tuple[str, ...] = (
    "path", "href", "status", "message", "agency", "year", "template", "province", "errors", "warnings",
    "new_received", "total_handled", "granted", "partially_granted", "disclosure_rate", "disclosure_rate_na",
)
_COUNTS = ("new_received", "total_handled", "granted", "partially_granted")

# Provincial-level divisions: the full name an agency's name may start with, and the short name shown.
# Only the full name counts (天津市河北区 is not 河北省; 吉林市 alone stays unresolved, never guessed).
PROVINCES: dict[str, str] = {
    "北京市": "北京", "天津市": "天津", "河北省": "河北", "山西省": "山西", "内蒙古自治区": "内蒙古", "辽宁省": "辽宁",
    "吉林省": "吉林", "黑龙江省": "黑龙江", "上海市": "上海", "江苏省": "江苏", "浙江省": "浙江", "安徽省": "安徽",
    "福建省": "福建", "江西省": "江西", "山东省": "山东", "河南省": "河南", "湖北省": "湖北", "湖南省": "湖南",
    "广东省": "广东", "广西壮族自治区": "广西", "海南省": "海南", "重庆市": "重庆", "四川省": "四川", "贵州省": "贵州",
    "云南省": "云南", "西藏自治区": "西藏", "陕西省": "陕西", "甘肃省": "甘肃", "青海省": "青海",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆", "香港特别行政区": "香港", "澳门特别行政区": "澳门",
    "台湾省": "台湾",
}
UNKNOWN = "未识别"
_SCHEMES = ("", "http", "https", "file")
STATUS_LABELS: dict[str, str] = {"ok": "通过", "warning": "有警告", "error": "有错误", "failed": "未能读取",
                                 "timeout": "超时", "no-report": "不是年报", "duplicate": "重复文件"}


def _total(report: Report, row: str) -> float | None:
    table = report.applications
    r = table.row(row) if table is not None else None
    v = r.values.get("total") if r is not None else None
    if v is None or v.kind != Kind.NUMBER:
        return None
    return v.as_python()


def summarize(report: Report, path: str | PathLike[str], href: str | None = None) -> dict[str, Any]:
    """A summary record of one parsed report for :func:`gixparse.view.index_html`."""
    errors = sum(1 for f in report.findings if f.severity == Severity.ERROR)
    warnings = sum(1 for f in report.findings if f.severity == Severity.WARNING)
    rec: dict[str, Any] = {
        "path": str(path), "href": href, "agency": report.agency, "year": report.year,
        "template": report.template, "errors": errors, "warnings": warnings,
    }
    rec.update({k: _total(report, k) for k in _COUNTS})
    from ..metrics import metrics

    rate = metrics(report)["disclosure_rate"]  # the official metric: NA when a cell it needs is uncertain
    rec["disclosure_rate"], rec["disclosure_rate_na"] = rate.value, rate.na
    return rec


def _missing(x: object) -> bool:
    """None, NaN, or pandas' NA (whose truth value raises): a field left out."""
    if x is None:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    if isinstance(x, Decimal):
        return x.is_nan()
    return type(x).__name__ == "NAType" and type(x).__module__.startswith("pandas")


def _get(rec: Any, name: str) -> Any:
    x = rec.get(name) if isinstance(rec, Mapping) else getattr(rec, name, None)
    return None if _missing(x) else x


def _number(x: Any) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    if isinstance(x, (int, float, Decimal)):
        f = float(x)
    else:
        try:
            f = float(str(x))
        except ValueError:
            return None
    return f if math.isfinite(f) else None


def _province(rec: Any) -> str:
    given = _get(rec, "province")
    if given:
        return str(given)
    agency = _get(rec, "agency") or ""
    return next((short for full, short in PROVINCES.items() if str(agency).startswith(full)), UNKNOWN)


def _row(rec: Any) -> dict[str, Any]:
    row = {k: _get(rec, k) for k in FIELDS}
    if not row["path"]:
        raise ValueError(f"a summary record needs a path: {rec!r}")
    row["path"] = str(row["path"])
    if row["href"] is not None and urlsplit(str(row["href"])).scheme.lower() not in _SCHEMES:
        row["href"] = None  # a link runs no script (javascript:, data:)
    row["errors"] = int(_number(row["errors"]) or 0)
    row["warnings"] = int(_number(row["warnings"]) or 0)
    for k in _COUNTS:
        row[k] = _number(row[k])
    rate = _number(row["disclosure_rate"])
    if rate is None and not row["disclosure_rate_na"] and row["total_handled"] and row["granted"] is not None:
        rate = (row["granted"] + (row["partially_granted"] or 0)) / row["total_handled"]
    row["disclosure_rate"] = rate
    if not row["status"]:
        row["status"] = "error" if row["errors"] else "warning" if row["warnings"] else "ok"
    row["status"] = str(row["status"])
    row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
    row["province"] = _province(rec)
    year = _number(row["year"])
    row["year"] = int(year) if year is not None else None
    row["findings"] = row["errors"] + row["warnings"]
    row["search"] = " ".join(str(x) for x in (row["path"], row["agency"] or "", row["province"], row["year"] or "",
                                              row["status"], row["status_label"])).lower()
    return row


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if x == int(x) else f"{x:g}"


def index_context(summaries: Iterable[Any], title: str) -> dict[str, Any]:
    rows = [_row(rec) for rec in summaries]
    for r in rows:
        r["rate_text"] = "" if r["disclosure_rate"] is None else f"{r['disclosure_rate']:.1%}"
        for k in _COUNTS:
            r[k + "_text"] = _fmt(r[k])
    rates = [r["disclosure_rate"] for r in rows if r["disclosure_rate"] is not None]
    per_report = [r["findings"] for r in rows]
    charts = [
        ("实质公开率", _charts.histogram(rates, "实质公开率的分布", "(予以公开 + 部分公开) / 办理总计",
                                          bins=[i / 10 for i in range(11)], percent=True)),
        ("每份报告的发现", _charts.histogram(per_report, "每份报告的错误与警告数", "错误 + 警告", counts=True)),
        ("按省份", _charts.bar_counts([r["province"] for r in rows], "按省份统计报告数")),
        ("按年度", _charts.bar_counts([str(r["year"]) if r["year"] else UNKNOWN for r in rows], "按年度统计报告数",
                                     by_label=True)),
    ]
    statuses = sorted({r["status"] for r in rows})
    years = sorted({r["year"] for r in rows if r["year"]})
    return {
        "title": title, "rows": rows, "charts": [(name, uri) for name, uri in charts if uri],
        "statuses": [(s, STATUS_LABELS.get(s, s)) for s in statuses], "years": years,
        "total": len(rows), "with_errors": sum(1 for r in rows if r["errors"]),
        "rate_median": statistics.median(rates) if rates else None,
    }
