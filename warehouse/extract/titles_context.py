"""Recognizing the short printed lines that sit above a table: number, unit, year."""

from __future__ import annotations

import re

TABLE_NUMBER = re.compile(
    r"^(?:(?:部门公开表|公开表|附表|表)\s*[0-9０-９]+(?:\s*[-－—]\s*[0-9０-９]+)?"
    r"|(?:部门)?公开\s*[0-9０-９]+\s*表)$"  # 公开01表 (final-account numbering)
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
