"""基本支出决算表 lines: three code | name | amount groups side by side, any of them blank.

A line prints the groups that have a code; which group a code belongs to follows from the
economic classification: codes run upward down each group, and a code of the same class
(the same 3-digit 类) continues the group that printed that class last.
"""

from __future__ import annotations

import re

from warehouse.extract.text_broken_rows import is_amount

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_TOTAL = re.compile(r"^(\S+)合计$")
Segment = tuple[str, str, str]  # code, name, amount


def _segments(line: str) -> list[Segment]:
    segments: list[list[str]] = []
    for token in line.split():
        starts = _CODE.match(token) or _TOTAL.match(token)
        if starts or not segments:
            segments.append([token if _CODE.match(token) else "", "", ""])
            if not _CODE.match(token):
                segments[-1][1] = token
            continue
        current = segments[-1]
        if is_amount(token) and not current[2]:
            current[2] = token
        elif not current[2]:
            current[1] = f"{current[1]} {token}".strip()
    return [(s[0], s[1], s[2]) for s in segments]


def _sort_key(code: str) -> tuple[str, str]:
    return code[:3], code[3:]


class GroupPlacer:
    """Remembers the last code of each group to place the next line's segments."""

    def __init__(self, groups: int) -> None:
        self.groups = groups
        self.last: list[str | None] = [None] * groups

    def _group_of(self, code: str, first_free: int) -> int:
        free = range(first_free, self.groups)
        same = [g for g in free if self.last[g] and self.last[g][:3] == code[:3]]  # type: ignore[index]
        if same:
            return same[0]
        before = [
            g for g in free if self.last[g] and _sort_key(self.last[g] or "") < _sort_key(code)
        ]
        if before:
            return max(before, key=lambda g: _sort_key(self.last[g] or ""))
        return first_free

    def cells(self, line: str, labels: tuple[str, ...]) -> list[str]:
        """The line as 3×(code, name, amount) cells; totals by their printed label."""
        out = [""] * (3 * self.groups)
        segments = _segments(line)
        if len(segments) == self.groups:
            chosen = list(range(self.groups))
        else:
            chosen = []
            first_free = 0
            for code, name, _ in segments:
                if code:
                    group = self._group_of(code, first_free)
                else:
                    group = _label_group(name, labels, first_free, self.groups)
                group = max(group, first_free)
                chosen.append(min(group, self.groups - 1))
                first_free = chosen[-1] + 1
        for group, (code, name, amount) in zip(chosen, segments, strict=True):
            out[3 * group : 3 * group + 3] = [code, name, amount]
            if code:
                self.last[group] = code
        return out


def _label_group(name: str, labels: tuple[str, ...], first_free: int, groups: int) -> int:
    """人员经费合计 under the 人员经费 group, 公用经费合计 under the first 公用经费 group."""
    stem = _TOTAL.match(name)
    if stem:
        for index, label in enumerate(labels):
            if label and label == stem.group(1) and index >= first_free:
                return index
    return first_free
