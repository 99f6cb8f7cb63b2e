"""Logical rows of a 项目支出表: one per project, unit, code or total line as printed.

Extraction gives physical rows. A project name wrapped onto a row of its own (no amounts,
nothing but the name) continues the project above; a row holding only the decimals of the
amounts above ('.00') finishes them. A name fragment before any project starts the next
one, and so does a name printed on a line of its own right above a line of figures without a
name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warehouse.parse.numbers import is_blank
from warehouse.parse.project_columns import ProjectColumn
from warehouse.parse.row_repair import is_fraction_fragment, join_fraction, join_wrapped

_KEY_ROLES = ("unit", "unit_code", "name", "code")


@dataclass
class ProjectRow:
    """A logical row: joined text per role, printed amount cells by column index."""

    keys: dict[str, str]
    texts: list[str]
    amounts: dict[int, str]
    code_parts: list[str] = field(default_factory=list)  # 类/款/项 cells, left to right
    physical: list[int] = field(default_factory=list)

    @property
    def project(self) -> str:
        return self.keys.get("project", "")

    def has_amounts(self) -> bool:
        return any(not is_blank(cell) for cell in self.amounts.values())


def _read(row: list[str], columns: list[ProjectColumn], index: int) -> ProjectRow:
    keys: dict[str, str] = {}
    texts: list[str] = []
    amounts: dict[int, str] = {}
    code_parts: list[str] = []
    for column in columns:
        cell = row[column.index] if column.index < len(row) else ""
        if column.role == "amount":
            amounts[column.index] = cell
        elif column.role in ("code_lei", "code_kuan", "code_xiang"):
            if cell.strip():
                code_parts.append(re.sub(r"\s+", "", cell))
        elif column.role == "text":
            if cell.strip():
                texts.append(join_wrapped(cell))
        elif cell.strip():
            role = "project" if column.role == "project_or_unit" else column.role
            keys.setdefault(role, join_wrapped(cell))
    return ProjectRow(
        keys=keys, texts=texts, amounts=amounts, code_parts=code_parts, physical=[index]
    )


def _only_fractions(row: ProjectRow) -> bool:
    printed = [cell for cell in row.amounts.values() if not is_blank(cell)]
    return bool(printed) and all(is_fraction_fragment(cell) for cell in printed)


def logical_rows(body: list[list[str]], columns: list[ProjectColumn]) -> list[ProjectRow]:
    rows: list[ProjectRow] = []
    prefix = ""
    for i, physical in enumerate(body):
        row = _read(physical, columns, i)
        other_keys = bool(row.code_parts) or any(row.keys.get(role) for role in _KEY_ROLES)
        if is_total_label(row.project):  # 合计 printed in the project column
            row.keys["name"] = row.keys.pop("project")
            other_keys = True
        previous = rows[-1] if rows else None
        if not row.has_amounts() and row.project and not other_keys:
            if _names_the_next_row(body, columns, i):
                prefix += row.project  # the name printed on its own line above its figures
                continue
            if previous is not None and previous.project:
                previous.keys["project"] = join_wrapped(previous.project + "\n" + row.project)
                previous.physical.append(i)
            else:
                prefix += row.project
            continue
        if previous is not None and _only_fractions(row) and not other_keys:
            for j, cell in row.amounts.items():
                if not is_blank(cell):
                    previous.amounts[j] = join_fraction(previous.amounts.get(j, ""), cell)
            if row.project:
                previous.keys["project"] = join_wrapped(previous.project + "\n" + row.project)
            previous.physical.append(i)
            continue
        if not row.has_amounts() and not other_keys and not row.project:
            continue  # text that a page break cut off its row: nothing to stage
        if prefix:
            row.keys["project"] = join_wrapped(prefix + "\n" + row.project)
            prefix = ""
        rows.append(row)
    return rows


def _names_the_next_row(body: list[list[str]], columns: list[ProjectColumn], i: int) -> bool:
    """A name-only line followed by a figures-only line is one project split in two."""
    if i + 1 >= len(body):
        return False
    following = _read(body[i + 1], columns, i + 1)
    keyed = bool(following.code_parts) or any(following.keys.get(r) for r in _KEY_ROLES)
    return following.has_amounts() and not following.project and not keyed


def is_total_label(text: str) -> bool:
    """合计, 总计, 部门合计 and template leftovers like **部门合计."""
    cleaned = re.sub(r"[\s*＊]", "", text)
    return cleaned in ("合计", "总计") or cleaned.endswith("合计")
