"""Performance-goal values: '≥80%', '400.08 万人', '不低于95', '得到保证' -> operator, number, unit.

KPI cells mix a comparison, a number and a unit in one string, or print them in three
columns. The printed text is always kept by the caller; a number is parsed only when the whole
cell is `[operator] number [unit]`, so dates (2020年12月31日前), ranges (100%-80%) and words
stay text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# printed comparison -> canonical operator; longest first so that 不低于 wins over 低于
_OPERATORS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            ">=": ">=",
            "=>": ">=",
            "≥": ">=",
            "≧": ">=",
            "大于等于": ">=",
            "大于或等于": ">=",
            "不低于": ">=",
            "不少于": ">=",
            "不小于": ">=",
            "至少": ">=",
            "<=": "<=",
            "=<": "<=",
            "≤": "<=",
            "≦": "<=",
            "小于等于": "<=",
            "小于或等于": "<=",
            "不高于": "<=",
            "不超过": "<=",
            "不多于": "<=",
            "不大于": "<=",
            "至多": "<=",
            "==": "=",
            "=": "=",
            "等于": "=",
            ">": ">",
            "大于": ">",
            "高于": ">",
            "超过": ">",
            "<": "<",
            "小于": "<",
            "低于": "<",
        }.items(),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)
# full-width digits and signs to ASCII, one character for one, so the unit keeps its print
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．，＞＜＝％", "0123456789.,><=%")
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# a unit is short and holds no digit: %, 万人, 元/人/年, 台(套), 个月
_UNIT = re.compile(r"[^\d\s]{1,12}")


@dataclass(frozen=True)
class KpiValue:
    """A value cell read as [operator] number [unit]; value None when it is text."""

    operator: str | None
    value: Decimal | None
    unit: str | None


def clean_cell(cell: str | None) -> str:
    """Line wraps inside a cell are layout, not text: 'x\\ny' was printed as 'xy'."""
    if cell is None:
        return ""
    return cell.replace("\u3000", " ").replace("\r", "").replace("\n", "").strip()


def normalize_operator(text: str | None) -> str | None:
    """'≥', '>=', '不低于' … -> '>='; None when the text is not a comparison."""
    if not text:
        return None
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for printed, canonical in _OPERATORS:
        if compact == printed:
            return canonical
    return None


def _split_operator(text: str) -> tuple[str | None, str]:
    for printed, canonical in _OPERATORS:
        if text.startswith(printed):
            return canonical, text[len(printed) :]
    return None, text


def parse_kpi_value(cell: str | None) -> KpiValue:
    """Split one printed value cell; a cell that is not `[op] number [unit]` has value None."""
    text = re.sub(r"\s+", "", clean_cell(cell).translate(_HALF_WIDTH))
    if not text:
        return KpiValue(None, None, None)
    operator, rest = _split_operator(text)
    match = _NUMBER.match(rest)
    if match is None:
        return KpiValue(None, None, None)
    unit = rest[match.end() :]
    if unit and not _UNIT.fullmatch(unit):
        return KpiValue(None, None, None)
    try:
        value = Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return KpiValue(None, None, None)
    return KpiValue(operator, value, unit or None)


def parse_score(cell: str | None) -> Decimal | None:
    """A weight (分值) or score (得分): a plain number, else None."""
    parsed = parse_kpi_value(cell)
    if parsed.operator is not None or parsed.unit not in (None, "分"):
        return None
    return parsed.value
