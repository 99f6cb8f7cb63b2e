"""Recognizing the short printed lines that sit above a table: number, unit, year."""

from __future__ import annotations

import re

_NUMERAL = r"[0-9０-９]+|[一二三四五六七八九十]+"
TABLE_NUMBER = re.compile(
    r"^(?:(?:部门公开表|公开表|附表|预算表|决算表|表)\s*(?:" + _NUMERAL + r")"
    r"(?:\s*[-－—]\s*[0-9０-９]+)?"
    r"|(?:部门)?(?:公开|预算|决算)\s*[0-9０-９]+\s*表)$"  # 公开01表, 预算01表
)
UNIT_LINE = re.compile(r"单位\s*[:：]\s*(万元|元|千元)")
YEAR_LINE = re.compile(r"^[(（]?\s*[0-9]{4}\s*年(度)?\s*[)）]?$")  # 2024 年度, (2024 年度)


def is_table_number(line: str) -> bool:
    return bool(TABLE_NUMBER.match(line.strip()))


def is_unit_line(line: str) -> bool:
    return bool(UNIT_LINE.search(line))


def is_year_line(line: str) -> bool:
    return bool(YEAR_LINE.match(line.strip()))


def normalize_table_number(line: str) -> str:
    """'表 5' -> '表5', '表 1-1' -> '表1-1'."""
    return re.sub(r"\s+", "", line.strip())
