"""The metric dictionary as data: what each rate gixparse computes means.

Each metric is a ratio of two sums of canonical cells (``TABLE/ROW/COLUMN``
keys, see ``gixparse.flatten``). :mod:`gixparse.metrics` computes them and
``tools/metrics_doc.py`` writes docs/metrics.md from this table, so the
definition a user reads is the one the code runs. A new metric is a new entry
here and nothing else.
"""

from __future__ import annotations

from typing import NamedTuple

from . import forms

__all__ = ["METRICS", "MetricSpec"]


class MetricSpec(NamedTuple):
    id: str
    name_zh: str
    name_en: str
    numerator: tuple[str, ...]  # canonical keys, summed
    denominator: tuple[str, ...]  # canonical keys, summed
    note: str


def _apps(*rows: str, col: str = "total") -> tuple[str, ...]:
    return tuple(f"applications/{r}/{col}" for r in rows)


def _review(rows: tuple[str, ...], cols: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"review/{r}/{c}" for r in rows for c in cols)


_ROW_IDS = tuple(r.id for r in forms.APPLICATION_ROWS)
_WITHHELD = tuple(r for r in _ROW_IDS if r.startswith("withheld_"))
_UNAVAILABLE = tuple(r for r in _ROW_IDS if r.startswith("unavailable_"))
_NOT_PROCESSED = tuple(r for r in _ROW_IDS if r.startswith("not_processed_"))
_LITIGATION = ("litigation_direct", "litigation_after_reconsideration")
_CLOSED = ("upheld", "corrected", "other")  # 尚未审结 (pending) is not a result

METRICS: tuple[MetricSpec, ...] = (
    MetricSpec(
        "disclosure_rate", "实质公开率", "share disclosed in substance",
        _apps("granted", "partially_granted"), _apps("total_handled"),
        "（一）予以公开 + （二）部分公开, of all applications handled this year （七）总计 (总计 column). "
        "A partial disclosure counts as disclosed, as the form counts it only there.",
    ),
    MetricSpec(
        "withheld_rate", "不予公开率", "share withheld",
        _apps(*_WITHHELD), _apps("total_handled"),
        "The eight reasons of （三）不予公开 together, of （七）总计.",
    ),
    MetricSpec(
        "unavailable_rate", "无法提供率", "share that could not be provided",
        _apps(*_UNAVAILABLE), _apps("total_handled"),
        "The three reasons of （四）无法提供 (not held, would need creating, still unclear after "
        "correction), of （七）总计.",
    ),
    MetricSpec(
        "not_processed_rate", "不予处理率", "share not processed",
        _apps(*_NOT_PROCESSED), _apps("total_handled"),
        "The five reasons of （五）不予处理 (complaints, repeats, publications, excessive, "
        "confirmation), of （七）总计.",
    ),
    MetricSpec(
        "reconsideration_correction_rate", "复议纠错率", "reconsideration correction rate",
        _review(("reconsideration",), ("corrected",)), _review(("reconsideration",), _CLOSED),
        "行政复议 结果纠正, of the closed cases only: 结果维持 + 结果纠正 + 其他结果. Cases 尚未审结 "
        "(pending) have no result yet and are left out of the denominator; dividing by 总计 would "
        "count them as not corrected.",
    ),
    MetricSpec(
        "litigation_correction_rate", "诉讼纠错率", "litigation correction rate",
        _review(_LITIGATION, ("corrected",)), _review(_LITIGATION, _CLOSED),
        "行政诉讼 结果纠正 of both groups (未经复议直接起诉 and 复议后起诉), of their closed cases "
        "only: 结果维持 + 结果纠正 + 其他结果 of both groups; pending cases left out.",
    ),
    MetricSpec(
        "dispute_rate", "争议率", "dispute rate",
        _review(("reconsideration", *_LITIGATION), ("total",)), _apps("new_received"),
        "行政复议 总计 + 行政诉讼 总计 (both groups), per application received this year "
        "(一、本年新收 总计). Cases can concern applications of earlier years, so the rate can "
        "exceed 1.",
    ),
    MetricSpec(
        "carry_forward_rate", "结转率", "carry-forward rate",
        _apps("carried_forward"), _apps("new_received", "carried_over"),
        "四、结转下年度继续办理, of the applications on hand this year: 一、本年新收 + 二、上年结转 "
        "(总计 column).",
    ),
)
