"""Which year and stage a column's figures belong to, read from its header labels.

三公 tables print the previous and the current year side by side (2022 预算数 | 2023 预算数);
final accounts print 预算数 beside 决算数. The labels say it; the column's position does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warehouse.parse.staging import Stage

_YEAR = re.compile(r"(20[0-9]{2})\s*年?")
# fund-source words that contain 预算 or 上年 without saying anything about the column's time
_FUND_WORDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|上年结转|年初结转")
_NOT_A_FIGURE = ("增减", "增长", "比上年", "变动", "执行率", "完成率", "%", "％", "百分比")


@dataclass(frozen=True)
class ColumnTime:
    fiscal_year: int
    stage: Stage


def column_time(path: tuple[str, ...], fiscal_year: int, stage: Stage) -> ColumnTime | None:
    """Year and stage of a column; None for a change or rate column (not a figure of a year).

    A printed year wins; 上年 is the year before the document's; 决算 is actual, 预算 budget;
    a column that says neither keeps the document's year and stage.
    """
    joined = _FUND_WORDS.sub("", "".join(path))
    if any(token in joined for token in _NOT_A_FIGURE):
        return None
    year = fiscal_year
    found = _YEAR.findall(joined)
    if found:
        year = int(found[-1])
    elif "上年" in joined or "上一年" in joined:
        year = fiscal_year - 1
    if "决算" in joined or "执行数" in joined or "实际" in joined:
        return ColumnTime(year, "actual")
    if "预算" in joined:
        return ColumnTime(year, "budget")
    return ColumnTime(year, stage)
