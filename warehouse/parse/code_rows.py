"""What a body row of a code-keyed table is: a code line, the table total, a unit, or a label.

The code is printed whole (科目编码 2080505), split into 类/款/项 columns (208 | 05 | 05), both
(Sichuan prints the combined code beside the split one, sometimes under 单位代码), or inside the
name cell. Sichuan tables also carry rows naming units (社保科, 医保局) with no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from warehouse.parse.economic_labels import resolve_name
from warehouse.parse.header import Column
from warehouse.parse.unit_names import reads_as_unit
from warehouse.reference.classifications import (
    EconomicScheme,
    economic_codes_by_code,
    function_codes_by_code,
)

Classification = Literal["function", "economic_department", "economic_government"]
RowKind = Literal["code", "total", "unit", "bad_code", "label"]

TOTAL_LABELS = {"合计", "总计", "本年支出合计", "支出合计"}
# 2080505 行政运行 / [201]一般公共服务支出 / 2050803-培训支出 / 【30101】基本工资
_CODE_IN_NAME = re.compile(
    r"^[\[【［(（]?(\d{3}(?:\d{2}){0,2})[\]】］)）]?(?:\s*[-－—:：]\s*|\s+|(?=\D))(.+)$"
)


@dataclass(frozen=True)
class RowKey:
    kind: RowKind
    code: str  # the classification code ('' for totals, units and labels)
    name: str  # the printed name, spaces removed
    conflict: str | None = None  # the split and whole codes disagree: what was printed

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


def _cell(row: list[str], column: Column) -> str:
    return re.sub(r"\s+", "", row[column.index]) if column.index < len(row) else ""


def valid_code(code: str, classification: Classification) -> bool:
    if classification == "function":
        return bool(re.fullmatch(r"2\d{2}(\d{2}){0,2}", code))
    if classification == "economic_department":
        return bool(re.fullmatch(r"3\d{2}(\d{2})?", code))
    return bool(re.fullmatch(r"5\d{2}(\d{2})?", code))


def known_code(code: str, classification: Classification) -> bool:
    """Whether the reference classification lists the code."""
    if classification == "function":
        return code in function_codes_by_code()
    scheme = "department" if classification == "economic_department" else "government"
    return code in economic_codes_by_code(scheme)


def _split_code(row: list[str], columns: list[Column]) -> str:
    """类 | 款 | 项 joined: 款 and 项 are two digits, sometimes printed without the leading 0.

    The parts are read in column order from every 类/款/项 column: extraction may shift a part
    one column off its label (a merged 类 cell spread over two columns), never out of order.
    """
    parts = [
        cell
        for column in columns
        if column.role in ("code_lei", "code_kuan", "code_xiang") and (cell := _cell(row, column))
    ]
    if not parts or not re.fullmatch(r"\d{3}", parts[0]):
        return "".join(parts)
    return parts[0] + "".join(p.zfill(2) if p.isdigit() else p for p in parts[1:3])


_SPLIT_ROLES = ("code_lei", "code_kuan", "code_xiang")


def fill_split_codes(rows: list[list[str]], columns: list[Column]) -> list[list[str]]:
    """Rows of a 类 | 款 | 项 table with the blank higher parts filled from the rows above.

    Many templates print the 类 only on its own line and then 款 and 项 alone
    (205 | | / | 01 | / | | 01): read row by row, '01' is no code at all. A reader takes the
    类 and 款 from the lines above, and so does this pass; a row that prints its 类 starts a
    new context, and a row without any code part (合计, a unit) leaves the context as is.
    """
    split = [c.index for c in columns if c.role in _SPLIT_ROLES]
    if len(split) != 3:
        return rows
    lei_j, kuan_j, _ = split
    lei = kuan = ""
    filled: list[list[str]] = []
    for row in rows:
        cells = [re.sub(r"\s+", "", row[j]) if j < len(row) else "" for j in split]
        if not any(cells) or not all(re.fullmatch(r"\d*", c) for c in cells):
            filled.append(row)
            continue
        new = list(row) + [""] * (max(split) + 1 - len(row))
        if cells[0]:
            lei, kuan = cells[0], cells[1]
        elif lei:
            new[lei_j] = lei
            if cells[1]:
                kuan = cells[1]
            elif kuan and cells[2]:
                new[kuan_j] = kuan
        filled.append(new)
    return filled


def read_row(row: list[str], columns: list[Column], classification: Classification) -> RowKey:
    cells: dict[str, str] = {}
    for column in columns:
        if column.role != "amount":
            cells.setdefault(column.role, _cell(row, column))
    name = cells.get("name", "") or cells.get("unit", "")
    whole = cells.get("code", "")
    unit_code = cells.get("unit_code", "")
    if not whole and valid_code(unit_code, classification):
        whole = unit_code  # Sichuan prints the combined code under 单位代码
    split = _split_code(row, columns)
    if not whole and not split and name:
        match = _CODE_IN_NAME.match(name)
        if match and valid_code(match.group(1), classification):
            whole, name = match.group(1), match.group(2)
    code = whole or split
    conflict = f"{whole} vs {split}" if whole and split and whole != split else None
    if code:
        if not re.fullmatch(r"\d+", code):
            return RowKey("label", "", name or code)
        kind: RowKind = "code" if valid_code(code, classification) else "bad_code"
        return RowKey(kind, code, name, conflict)
    if name in TOTAL_LABELS:
        return RowKey("total", "", name)
    if classification != "function":
        scheme: EconomicScheme = (
            "department" if classification == "economic_department" else "government"
        )
        resolved = resolve_name(name, scheme) if name else None
        if resolved is not None:
            return RowKey("code", resolved, name)
    if name and reads_as_unit(name):
        return RowKey("unit", "", name)
    return RowKey("label", "", name)
