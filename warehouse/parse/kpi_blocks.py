"""Rows of a performance-goal table (one or more consecutive physical tables) -> blocks.

A block is one project (or the unit-wide goal): labelled header fields, then indicator rows.
Two layouts of the genre are read: the grid (一级 | 二级 | 三级 | 运算符 | 指标值 | 度量单位 …,
merged 一级/二级 cells printed once and carried down) and the Sichuan pairs (one row group per
project, 指标内容 | 指标值 pairs side by side under 项目完成指标 / 效益指标 / 满意度指标).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from warehouse.parse.kpi_layout import (
    GridColumns,
    PairedColumns,
    grid_header,
    is_field_label,
    is_project_label,
    is_section_label,
    label_pairs,
    norm,
    paired_header,
    sub_header,
)
from warehouse.parse.kpi_realign import consistent, realign
from warehouse.parse.kpi_values import clean_cell, normalize_operator


@dataclass
class RawIndicator:
    """One 三级指标 line with its cells as printed (line wraps removed)."""

    level1: str | None
    level2: str | None
    level3: str
    cells: dict[str, str]  # role -> printed text (operator, target, unit, actual, …)
    page: int | None
    group: int = 0  # Sichuan: the pair the indicator was printed in


@dataclass
class KpiBlock:
    project: str | None  # the printed project name; None for unit-wide goals
    fields: dict[str, str] = field(default_factory=dict)
    indicators: list[RawIndicator] = field(default_factory=list)
    page: int | None = None
    is_unit_row: bool = False  # Sichuan: the unit's summary line above its projects


Row = tuple[list[str], int | None]  # cells and the page they were printed on
_UNIT_ROW = re.compile(r"^\d{6}\D")
# no indicator name starts with sentence punctuation: such a character is the overflow of the
# neighbouring text cell (a clipped 年度目标) that the PDF still carries
_LEADING_PUNCTUATION = re.compile(r"^[、。，,；;：:]+")


def _name(cell: str) -> str:
    return _LEADING_PUNCTUATION.sub("", cell)


def _alignment(cells: list[str], grid: GridColumns) -> int:
    """How well the cells fit the columns: an operator under 运算符, a name under 三级指标."""
    operator, level3 = grid.column("operator"), grid.column("level3")
    score = 0
    if operator is not None and operator < len(cells):
        score += not cells[operator] or normalize_operator(cells[operator]) is not None
    if level3 is not None and level3 < len(cells):
        score += bool(cells[level3]) and normalize_operator(cells[level3]) is None
    return score


def _realigned(cells: list[str], grid: GridColumns) -> list[str]:
    """A row padded at the end by the front end but missing its leading merged cell (text
    input after a page break) is shifted one column right when that fits the header better."""
    if grid.column("operator") is None or not cells or cells[-1]:
        return cells
    shifted = ["", *cells[:-1]]
    return shifted if _alignment(shifted, grid) > _alignment(cells, grid) else cells


@dataclass
class _Reader:
    unit_wide: bool
    blocks: list[KpiBlock] = field(default_factory=list)
    mode: Literal["fields", "grid", "paired", "other"] = "fields"
    grid: GridColumns | None = None
    paired: PairedColumns | None = None
    level1: str | None = None
    level2: str | None = None
    recent: list[list[str]] = field(default_factory=list)
    unread: list[Row] = field(default_factory=list)

    def block(self, page: int | None) -> KpiBlock:
        if not self.blocks:
            self.blocks.append(KpiBlock(project=None, page=page))
        return self.blocks[-1]

    def start_block(self, name: str | None, page: int | None) -> KpiBlock:
        current = self.blocks[-1] if self.blocks else None
        if (
            current is not None
            and not current.indicators
            and (current.project is None or name is None or norm(current.project) == norm(name))
        ):
            if name and not current.project:
                current.project = name
            return current  # the same block's name printed twice (项目名称 / 项目(政策)名称)
        self.blocks.append(KpiBlock(project=name, page=page))
        self.level1 = self.level2 = None
        return self.blocks[-1]

    def read(self, cells: list[str], page: int | None) -> None:
        if not any(cells):
            return
        self.recent = [*self.recent[-3:], cells]
        paired = paired_header(self.recent) if self.mode != "grid" else None
        if paired is not None:
            self.mode, self.paired = "paired", paired
            self._forget_header_rows()
            return
        if self.mode == "paired" and self.paired is not None and self.paired.is_header_row(cells):
            return
        header = grid_header(cells)
        if header is not None:
            self.mode, self.grid = "grid", header
            return
        if self.mode == "grid" and self.grid is not None and self._is_sub_header(cells):
            return
        first = next((c for c in cells if c), "")
        if is_section_label(first):
            self.mode = "other"
            return
        if self.mode == "paired" and self.paired is not None:
            self._paired_row(cells, page)
            return
        label_cell = cells[0] if self.mode == "grid" else first
        if label_cell and is_field_label(label_cell):
            self._fields(cells, page)
            return
        if self.mode == "grid" and self.grid is not None:
            self._grid_row(cells, page)
        elif self.mode != "other":
            self.unread.append((cells, page))

    def _forget_header_rows(self) -> None:
        """Rows kept as unread before the header stack was complete were its upper rows."""
        stack = [id(row) for row in self.recent]
        self.unread = [(row, page) for row, page in self.unread if id(row) not in stack]

    def _is_sub_header(self, cells: list[str]) -> bool:
        assert self.grid is not None
        merged = sub_header(cells, self.grid)
        if merged is None or len(self.recent) < 2 or grid_header(self.recent[-2]) is None:
            return False
        self.grid = merged
        return True

    def _fields(self, cells: list[str], page: int | None) -> None:
        self.mode = "fields"
        for label, value in label_pairs(cells):
            if is_project_label(label) and not self.unit_wide:
                self.start_block(value or None, page)
            self.block(page).fields.setdefault(label, value)

    def _grid_row(self, cells: list[str], page: int | None) -> None:
        assert self.grid is not None
        if len(cells) < self.grid.width:  # a leading merged column dropped by the front end
            cells = [""] * (self.grid.width - len(cells)) + cells
        cells = _realigned(cells, self.grid)
        if not consistent(cells, self.grid):
            cells = realign(cells, self.grid) or cells
        by_role: dict[str, str] = {}
        deviation: list[str] = []
        for index, role in self.grid.roles.items():
            text = cells[index] if index < len(cells) else ""
            if role == "deviation":
                if text:
                    deviation.append(f"{self.grid.labels[index]}:{text}")
            elif text:
                by_role.setdefault(role, text)
        if deviation:
            by_role["deviation"] = "；".join(deviation)
        level1, level2 = by_role.pop("level1", None), by_role.pop("level2", None)
        if level1:
            self.level1, self.level2 = level1, None
        if level2:
            self.level2 = level2
        level3 = _name(by_role.pop("level3", ""))
        if not level3:
            if by_role.get("target"):
                self.unread.append((cells, page))
            return
        self.block(page).indicators.append(
            RawIndicator(self.level1, self.level2, level3, by_role, page)
        )

    def _paired_row(self, cells: list[str], page: int | None) -> None:
        assert self.paired is not None
        columns = self.paired
        name = cells[columns.name] if columns.name is not None and columns.name < len(cells) else ""
        if name:
            block = KpiBlock(project=name, page=page, is_unit_row=bool(_UNIT_ROW.match(name)))
            self.blocks.append(block)
        block = self.block(page)
        for index, label in columns.fields.items():
            text = cells[index] if index < len(cells) else ""
            if text:  # a 年度目标 continued after a page break is joined to its start
                block.fields[label] = block.fields.get(label, "") + text if not name else text
        for group, (content, value, level1) in enumerate(columns.pairs):
            level3 = _name(cells[content]) if content < len(cells) else ""
            target = cells[value] if value < len(cells) else ""
            if level3 or target:
                block.indicators.append(
                    RawIndicator(level1, None, level3, {"target": target}, page, group)
                )


def read_blocks(rows: list[Row], *, unit_wide: bool) -> tuple[list[KpiBlock], list[Row]]:
    """Blocks in printed order, and the rows that could not be read (for the issue log)."""
    reader = _Reader(unit_wide=unit_wide)
    for cells, page in rows:
        reader.read([clean_cell(c) for c in cells], page)
    for block in reader.blocks:  # Sichuan: group by group, each top to bottom, as printed
        block.indicators.sort(key=lambda indicator: indicator.group)
    return reader.blocks, reader.unread
