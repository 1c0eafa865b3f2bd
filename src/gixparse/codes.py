"""Every finding code gixparse emits, defined once: its severity and meaning.

Stages create findings through :func:`finding`, so a code cannot be used without
being listed here, and docs/findings.md is checked against this table by the tests.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .model import Finding, Severity, Span

__all__ = ["CODES", "Code", "finding"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


class Code(NamedTuple):
    severity: Severity
    stage: str  # "read" (sections, layout, placement) or "check"
    meaning: str
    example: str


CODES: dict[str, Code] = {
    # --- finding the sections and the title
    "missing-section": Code(W, "read", "no heading was found for one of the six sections",
                            "no 四、…行政复议、行政诉讼情况 heading"),
    "duplicate-section": Code(W, "read", "a section's official heading appears twice; the first is used",
                              "two 三、收到和处理政府信息公开申请情况 headings"),
    "agency-unknown": Code(W, "read", "no agency name found in the title", "a title of just 2020年政府信息公开工作年度报告"),
    "year-unknown": Code(W, "read", "no report year found", "no 20xx年 in the title or the text"),
    # --- sections found in spite of their headings (issue 12, part 2)
    "section-heading-inexact": Code(I, "read", "a section's heading differs from the form's by a typo or an inserted "
                                    "character; it is read as that section's heading (its number and place agree)",
                                    "四、政府信息公开行政复义、行政诉讼情况"),
    "section-found-by-table": Code(W, "read", "no heading was found for a table section; its table was found by the "
                                   "table's own header words and the section is read from there",
                                   "结果维持 … 未经复议直接起诉 … 复议后起诉 with no 四、 heading before it"),
    # --- placing cells on the form
    "missing-table": Code(E, "read", "a table of the form was not found: none of its numbers are read",
                          "section 三 has no table"),
    "missing-row": Code(W, "read", "a row of the form was not found in its table", "table 三 has no 8.属于行政查询事项 row"),
    "unknown-item": Code(I, "read", "a 第二十条 item that is not one of the form's tables", "第二十条第（十）项"),
    "unplaced-row": Code(W, "read", "a row with values whose label matches no row of the form; its values are not used",
                         "行政给付 | 3 | 0 | 12 under 第二十条第（五）项"),
    "label-wrapped": Code(W, "read", "a row's label is wrapped over the lines around its values (pdftotext -layout); "
                          "the row is placed by the words of its label, pieced together where needed",
                          "1、申请人无正当理由逾期不补 / 正、行政机关不再处理其政府信 67 3 0 0 1 0 71 / 息公开申请"),
    "row-by-position": Code(W, "read", "a row of values with no label, placed as the form's next row",
                            "a bare row of 7 numbers after 二、上年结转…"),
    # placement by alignment (placement/align.py)
    "row-aligned": Code(W, "read", "a row whose label names no row of the form, taken for the one free row its place "
                        "between placed rows, its numbering, its group and the likeness of its words leave; the "
                        "message names the printed label and the form row", "2.其他法律行政公开 read as （三）2.其他"
                        "法律行政法规禁止公开"),
    "review-rows-mixed": Code(E, "read", "table 四 mixes rows labelled with their group and rows that are not; its "
                              "values are read in the order printed and may stand in the wrong group",
                              "行政复议 | 1 | 0 | 0 | 1 | 2 then a bare row of 10 values"),
    "row-from-other-form": Code(W, "read", "a row that only the other form has is printed in place of the rows this "
                                "form splits it into, and it is 0 in every column: each of those rows is read as 0 "
                                "(counts are never negative); the message names the printed row and the rows derived",
                                "（六）其他处理 0000000 in a 2021-form report: （六）1.、2.、3. read as 0"),
    "duplicate-row": Code(W, "read", "a row of the form appears twice; the first is kept", "two （七）总计 rows"),
    "subtotal-row": Code(I, "read", "a subtotal row the form does not have; not placed", "（三）不予公开 | 3 | 0 | … | 3"),
    "header-missing-columns": Code(W, "read", "a 第二十条 table's header names fewer columns than the form has: the "
                                   "cells of the others are not read, and values stand in the columns it names",
                                   "信息内容 | 采购总金额 (no 采购项目数量)"),
    "row-too-few-values": Code(W, "read", "a row printed fewer values than the form has columns; values read from "
                               "the left, the last as 总计; the message names the cells that may be shifted",
                               "(一) 予以公开 | 15 | 0 | 0 | 0 | 0 | 15 (6 values for 7 columns)"),
    "row-edge-blanks": Code(W, "read", "a row's values open with a blank cell and its last cells were dropped as "
                            "padding (tab rows): the blank may belong to the label and the values be one column off",
                            "规章 | · | 2 | 0 | ·"),
    "row-too-many-values": Code(W, "read", "a row printed more values than the form has columns; error level when the "
                                "identities do not settle which are extra", "（七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 3"),
    "words-or-sub-row": Code(W, "read", "words after the label of a row that admits sub-rows stand where a value "
                             "of its first column would, and the text does not say which they are (space-aligned "
                             "text with no value under them); read as a sub-row's label",
                             "其他对外管理服务事项   见附件        2    3"),
    "cell-unread": Code(E, "read", "a row's line holds words or digits between its cells that no cell holds (the "
                        "reader lost a cell there): the row's values may stand in the wrong columns",
                        "规范性文件   0   见附件   0 read as 0, blank, 0"),
    "cell-floated": Code(E, "read", "value cells of a row that a converter floated out of it (their number and note "
                         "stand on lines above the table): they are not read; the row's last value is read under "
                         "the header's last column and no value is shifted into their columns",
                         "5 / （含修订 2 件） above | 规章 | 40 | (two of three value cells floated)"),
    "value-not-a-number": Code(E, "read", "a cell where the form has a number holds words", "规章 | 见附件"),
    "glued-ambiguous": Code(E, "read", "a glued digit run splits into the row's values in more than one way that "
                            "keeps the form's identities; the cells the splits disagree on are not read (the message "
                            "lists the candidate splits)", "一、本年新收政府信息公开申请数量 713000074"),
    "glued-unsplit": Code(E, "read", "no split of a glued digit run into the row's values keeps the form's identities "
                          "(or too many do to list); the row is not read", ""),
    "glued-blanks-unchecked": Code(W, "read", "a glued digit run was split the one way that keeps the identities "
                                   "with every cell printed; a blank cell leaves no trace in glued text and would "
                                   "split the digits otherwise, so the reading holds only if no cell was blank",
                                   "行政规范性文件312 read as 3 | 1 | 2 (or 3 | · | 12?)"),
    # glued text and dropped blanks whose printed numbers break an identity (a report's own arithmetic error)
    "read-as-printed": Code(W, "read", "a row whose cells are not placed by position (glued digits, dropped blank "
                            "cells) can be read only one way, and its values break the row's own 总计: read as "
                            "printed (the break is the report's; the check reports it)",
                            "（一）予以公开3000000 read as 3 | 0 | 0 | 0 | 0 | 0 | 0, 总计 0"),
    "table-identities-broken": Code(W, "read", "no reading of a table's rows that are not placed by position (glued "
                                    "digits, dropped blank cells) keeps one of the table's identities: the printed "
                                    "numbers break it; the rows were read by their own 总计 and the identities that "
                                    "still hold, so a row whose own 总计 is also misprinted may be misread",
                                    "outcome rows sum to 53 against （七）总计 50 in glued table 三"),
    "table-identities-unchecked": Code(W, "read", "a table's rows that are not placed by position have too many "
                                       "readings together to check the table's identities on them: a row read "
                                       "the one way its own 总计 allows is not checked against the other rows", ""),
    "blanks-dropped-unchecked": Code(W, "read", "blank cells were dropped from the text and a row's values fill its "
                                     "columns, but a mark stands in each of its identities and the table's "
                                     "identities cannot be used on it: nothing checks that every value is its own",
                                     "6.属于四类过程性信息 / 0 / 0 / 0 / 0 / / / 0 / 7"),
    "blanks-dropped-ambiguous": Code(E, "read", "blank cells were dropped from the row (scraper text) and its values "
                                     "fit more than one choice of columns that keeps the identities; the cells the "
                                     "choices disagree on are not read", "（一）予以公开 / 3 / 3"),
    "blanks-dropped-unplaced": Code(E, "read", "blank cells were dropped from the row and no choice of columns for its "
                                    "values keeps the identities (or too many do to list); the row is not read", ""),
    "layout-unreadable": Code(E, "read", "a table region's layout grammar could not read its text; the table's "
                              "numbers are not read (a gap in a grammar: please report it with the text)",
                              "第二十条第（ 六）项 in glued text"),
    "internal-error": Code(E, "read", "gixparse failed on this input (a bug: please report it with the text)", ""),
    # --- hostile input (gixparse.limits)
    "limit-exceeded": Code(E, "read", "reading the input would pass one of its limits (gixparse.Limits: pages, size, "
                           "decompressed bytes, nesting, time); nothing of it is read (parse(bytes) and strict raise "
                           "LimitError instead)", "an HTML page nested 100000 elements deep"),
    # --- the form's identities (勾稽关系)
    "I1-balance": Code(E, "check", "一 + 二 ≠ （七）总计 + 四 in a column of table 三", "自然人: 189 + 5 ≠ 178 + 17"),
    "I1-balance-blanks": Code(W, "check", "I1 holds only if blank cells hold a number (the message says how much)",
                              "blank cells would have to hold 2"),
    "I2-row-total": Code(E, "check", "a row's 总计 ≠ the sum of its six applicant columns", "62 + 1 ≠ 78"),
    "I2-row-total-blanks": Code(W, "check", "I2 holds only if blank cells hold a number", "blank cells would have to hold 3"),
    "I3-outcome-total": Code(E, "check", "（七）总计 ≠ the sum of the outcome rows （一）–（六） in a column",
                             "总计: 195 ≠ 181"),
    "I3-outcome-total-blanks": Code(W, "check", "I3 holds only if blank cells hold a number", ""),
    "R1-review-total": Code(E, "check", "行政复议: 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结", "7 + 0 + 2 + 0 ≠ 10"),
    "R1-review-total-blanks": Code(W, "check", "R1 holds only if blank cells hold a number", ""),
    "R2-review-total": Code(E, "check", "行政诉讼·未经复议直接起诉: 总计 ≠ the sum of its four results", ""),
    "R2-review-total-blanks": Code(W, "check", "R2 holds only if blank cells hold a number", ""),
    "R3-review-total": Code(E, "check", "行政诉讼·复议后起诉: 总计 ≠ the sum of its four results", ""),
    "R3-review-total-blanks": Code(W, "check", "R3 holds only if blank cells hold a number",
                                   "(blank) (blank) (blank) 2 4: blank cells would have to hold 2"),
    "count-negative": Code(E, "check", "a count of table 三 or 四 below zero", "-1"),
    "count-not-whole": Code(E, "check", "a count of table 三 or 四 with a fractional part", "2.5"),
    # --- soft checks: text against tables, years, forms
    "text-applications-mismatch": Code(W, "check", "a number of applications quoted in the text differs from table 三",
                                       "共收到政府信息公开申请36件 but 一、本年新收 总计 is 38"),
    "text-review-mismatch": Code(W, "check", "a count of 行政复议 or 行政诉讼 quoted in the text differs from table 四",
                                 "行政复议9件 but 行政复议 总计 is 8"),
    "year-mismatch": Code(W, "check", "the report year disagrees with the statistics period its text states",
                          "title 2021, 统计期限自2020年1月1日至2020年12月31日"),
    "form-year-mismatch": Code(I, "check", "the form the tables use is not the one for the report's year",
                               "2021 report on the 2019 form (上一年项目数量 columns)"),
    # --- across years (check_series)
    "series-carry-over": Code(W, "check", "this year's 二、上年结转 ≠ last year's 四、结转下年度继续办理 (per column)",
                              "2021 上年结转 3, 2020 结转下年度 1"),
    "series-in-force": Code(W, "check", "现行有效件数 ≠ last year's + 本年制发件数 − 本年废止件数 (2021 form)",
                            "66 ≠ 84 + 8 − 26"),
    "series-duplicate-year": Code(W, "check", "two reports of one agency for the same year; the first is used", ""),
    # --- what the numbers mean: soft checks, across years, agency, peers (metrics issue)
    "text-carry-mismatch": Code(W, "check", "a count of applications carried over from last year (上年结转) or to next "
                                "year (结转下年度) quoted in the text differs from table 三",
                                "上年结转申请2件 but 二、上年结转 总计 is 4"),
    "problems-empty": Code(W, "check", "section 五 (problems and improvements) is empty or says only 无",
                           "五、存在的主要问题及改进情况 / 无。"),
    "tables-blank-cells": Code(I, "check", "how many cells of tables 三 and 四 are blank or marked \"/\" (the form asks "
                               "for a number, 0 included, in each); from checks.completeness, not run by parse",
                               "table 三: 12 blank, 3 \"/\" of 182 cells"),
    "series-jump": Code(W, "check", "a key count changed by the stated factor or more from last year (×5 or ÷5; the "
                        "larger of the two at least 10)", "一、本年新收 总计 3 in 2022, 48 in 2023"),
    "series-text-reused": Code(W, "check", "section 五 or 一 is nearly the same text as last year's (similarity at or "
                               "above the threshold, digits ignored; sections of 100 characters or more)",
                               "五、存在的主要问题及改进情况 96% the same as 2022's"),
    "region-unresolved": Code(W, "check", "no administrative region could be read from the agency name: region, code "
                              "and level are left empty", "卫生健康委员会 (no place name)"),
    "region-ambiguous": Code(W, "check", "the agency name's place name fits more than one administrative region; none "
                             "is chosen (the message lists the candidates)", "鼓楼区卫生健康局"),
    "region-short-name": Code(I, "check", "the region was read from a place name without its suffix (平潭 for 平潭县), "
                              "the only region of that name", "平潭综合实验区经济发展局"),
    "agency-kind-unknown": Code(I, "check", "the kind of agency (人民政府, a department …) is not in the list of kinds",
                                "…片区管理局"),
    "peer-outlier": Code(W, "check", "a metric far outside its peer group: below P10 − (P90 − P10) or above "
                         "P90 + (P90 − P10), the spread at least 0.05, in a group of 5 or more", ""),
    "peer-zero": Code(W, "check", "a count or metric of 0 where at least 90% of the other reports of its peer group "
                      "(5 or more) have a number above 0", "一、本年新收 0 where 19 of 20 peers report some"),
}


def finding(code: str, message: str, path: str, span: Span | None = None, *, severity: Severity | None = None,
            expected: Decimal | None = None, actual: Decimal | None = None) -> Finding:
    """A finding of a registered code (its severity unless one is given)."""
    entry = CODES[code]
    return Finding(code, severity or entry.severity, message, path, span.line if span else None,
                   span.column if span else None, expected=expected, actual=actual)
