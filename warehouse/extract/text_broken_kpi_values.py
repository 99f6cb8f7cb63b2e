"""The value side of a broken 绩效自评表 row: what anchors an indicator in the fragment stream.

A quantitative row prints its values on one line after the name's last fragment
(`>= 5 起 3 60.0% 12.5 7.5 √`: operator, 指标值, 度量单位, 全年完成值, 完成程度, 分值, 得分 and a
√ per deviation cause). A qualitative row prints 指标值, 度量单位 and 全年完成值 as broken text
(管理/规范, 全部/或基/…, 100%-/80%) and then `完成程度 分值 得分` on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_OPERATOR = r">=|<=|=>|=<|≥|≤|=|>|<"
QUANTITATIVE = re.compile(
    rf"^(?P<name>.*?)\s*(?P<operator>{_OPERATOR})\s*(?P<target>{_NUMBER})"
    rf"(?:\s+(?P<unit>[^\d\s]\S*))?\s+(?P<actual>{_NUMBER}%?)\s+(?P<completion>{_NUMBER}%?)"
    rf"\s+(?P<weight>{_NUMBER})\s+(?P<score>{_NUMBER})(?P<marks>(?:\s*√)*)\s*$"
)
COMPLETION = re.compile(
    rf"^(?P<completion>{_NUMBER}%?)\s+(?P<weight>{_NUMBER})\s+(?P<score>{_NUMBER})"
    r"(?P<marks>(?:\s*√)*)\s*$"
)
# a line that opens a quantitative value run whose end wrapped onto the next line
OPENS_VALUES = re.compile(rf"(?:^|\s)(?:{_OPERATOR})\s*{_NUMBER}(?:\s|$)")
# the broken pieces of a qualitative 全年完成值: 100%-, 80%, 100%-80%, （含）
_ACTUAL_PIECE = re.compile(r"^(?:[\d.%\-~－—]+|[（(][^）)\s]{1,3}[）)])$")
# the templates' unit of a qualitative indicator, printed in the 度量单位 column
QUALITATIVE_UNITS = ("全部或基本达成预期指标",)


@dataclass
class Values:
    operator: str = ""
    target: str = ""
    unit: str = ""
    actual: str = ""
    completion: str = ""
    weight: str = ""
    score: str = ""
    marked: bool = False  # a √ under a deviation cause: the cause text follows


def quantitative(match: re.Match[str]) -> Values:
    return Values(
        operator=match["operator"],
        target=match["target"],
        unit=match["unit"] or "",
        actual=match["actual"],
        completion=match["completion"],
        weight=match["weight"],
        score=match["score"],
        marked="√" in match["marks"],
    )


def qualitative(match: re.Match[str], frags: list[str]) -> tuple[Values, list[str], bool]:
    """Values of a qualitative row from its completion line and the fragments before it; the
    fragments left are the names and the 指标值; False when no known unit ends them."""
    values = Values(
        completion=match["completion"],
        weight=match["weight"],
        score=match["score"],
        marked="√" in match["marks"],
    )
    rest = list(frags)
    actual: list[str] = []
    while rest and _ACTUAL_PIECE.match(rest[-1]):
        actual.insert(0, rest.pop())
    if not re.search(r"\d", "".join(actual)):  # no figure: those pieces were name text
        rest, actual = rest + actual, []
    values.actual = "".join(actual)
    for unit in QUALITATIVE_UNITS:
        for start in range(len(rest) - 1, -1, -1):
            tail = "".join(rest[start:])
            if tail == unit:
                values.unit = unit
                return values, rest[:start], True
            if len(tail) > len(unit):
                break
    return values, rest, False
