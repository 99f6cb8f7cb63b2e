"""Which unit a by-unit row of a table names: the publisher, or one of its units.

Tables name their own unit above the grid ('单位:医保局', '医保局 单位：万元',
'单位：辽宁省沈阳市医疗保障局（本级） 2024 年度 金额单位：万元'). A row naming that unit, or
carrying the publisher's code, is the publisher under a short name; other rows are units
registered with the code printed beside them.
"""

from __future__ import annotations

import re

from warehouse.extract.model import RawTable
from warehouse.parse.staging import StagedDocument

_MONEY = r"(?:万元|千元|元)"
_LABELLED = re.compile(r"(?<!金额)单位(?:名称)?\s*[:：]\s*(?P<name>[^\s:：]+)")
_LEADING = re.compile(rf"^(?P<name>[^\s:：0-9]{{2,40}})\s+(?:金额)?单位\s*[:：]\s*{_MONEY}")
_BARE = re.compile(r"^[^\s:：0-9（(]{2,40}(?:[（(][^）)]{1,10}[）)])?$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_unit_names(table: RawTable) -> set[str]:
    """Unit names printed above the grid of a table (not money units, not notes)."""
    names: set[str] = set()
    for line in [table.unit_line or "", *table.context_lines]:
        text = line.strip()
        if not text or text.startswith(("注", "备注", "数据来源")):
            continue
        for match in _LABELLED.finditer(text):
            name = match.group("name")
            if not re.fullmatch(_MONEY, name):
                names.add(name)
        leading = _LEADING.match(text)
        if leading:
            names.add(leading.group("name"))
        elif _BARE.match(text) and not re.search(r"表|年|单位|万元", text):
            names.add(text)
    return {_squash(n) for n in names}


class UnitResolver:
    """Unit keys for the rows of one table; remembers codes so a code alone names a unit."""

    def __init__(self, table: RawTable, staged: StagedDocument) -> None:
        self._staged = staged
        self._own_names = table_unit_names(table)
        self._codes: dict[str, str] = {}
        code = staged.meta.unit_code
        if code:
            self._codes[code] = ""

    def known_names(self) -> set[str]:
        """Names this table or the document already uses for a unit (the publisher's too)."""
        names = set(self._own_names)
        for ref in self._staged.units.values():
            names.add(_squash(ref.name))
        names.add(_squash(self._staged.meta.publisher or ""))
        return names - {""}

    def resolve(self, name: str, code: str | None = None) -> str:
        """The unit key of a row printing `name` (and `code` beside it)."""
        name = _squash(name)
        code = _squash(code) if code else None
        if code and code in self._codes and not name:
            return self._codes[code]
        if name in self._own_names or (code is not None and self._codes.get(code) == ""):
            key = ""
        elif name:
            key = self._staged.add_unit(name, code)
        elif code:
            key = self._staged.add_unit(code)
        else:
            return ""
        if code:
            self._codes.setdefault(code, key)
        return key
