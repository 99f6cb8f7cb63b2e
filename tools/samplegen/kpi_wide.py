"""Sichuan 项目绩效目标: one wide ruled grid, a band of rows per project.

Seed 004 prints its KPI table like a figure table: the project and its funds on the left
(merged down the band), then 指标内容/指标值 column pairs under 项目完成指标, 效益指标 and
满意度指标. The transcription keeps the table-level header, so the band is rebuilt from it and
drawn with the grid machinery (repeated header, planned widths).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, TableStyle

from . import layout
from .kpi import FIGURE, key_for
from .model import GridTable, HeaderCell, KpiBlock, KpiTable
from .styles import Ruling


def _leaves(header: tuple[tuple[HeaderCell, ...], ...]) -> list[tuple[str, str]]:
    """(leaf label, parent label) of every leaf column."""
    ncols = sum(c.colspan for c in header[0]) if header else 0
    placed = layout.place_header(header, ncols)
    out: list[tuple[str, str]] = []
    for col in range(ncols):
        covering = sorted((r, cell) for r, c, cell in placed if c <= col < c + cell.colspan)
        leaf = covering[-1][1].text if covering else ""
        parent = covering[-2][1].text if len(covering) > 1 else ""
        out.append((leaf, parent))
    return out


def _group_matches(level1: str, parent: str) -> bool:
    return bool(level1) and (level1 == parent or level1 in parent or parent in level1)


def _band(block: KpiBlock, leaves: list[tuple[str, str]]) -> list[list[str]]:
    """Rows of one block: field cells on the first row, indicators stacked per group."""
    fields = dict(block.fields)
    columns: list[list[str]] = []
    for col, (leaf, parent) in enumerate(leaves):
        key = key_for(leaf)
        if leaf in fields:
            columns.append([fields[leaf]])
        elif col == 0:
            columns.append([block.project or next(iter(fields.values()), "")])
        elif key is not None:
            group = [i for i in block.indicators if _group_matches(i.get("level1", ""), parent)]
            columns.append([i.get(key, "") for i in group])
        else:
            columns.append([""])
    height = max(1, *(len(c) for c in columns))
    return [[c[r] if r < len(c) else "" for c in columns] for r in range(height)]


def wide_flowable(table: KpiTable, font: str, ruling: Ruling) -> tuple[bool, Flowable]:
    """The whole table as one grid; returns (landscape, flowable)."""
    leaves = _leaves(table.header)
    bands = [_band(b, leaves) for b in table.blocks]
    rows = [row for band in bands for row in band]
    keys = []
    for col in range(len(leaves)):
        values = [r[col] for r in rows if r[col]]
        numeric = bool(values) and all(FIGURE.match(v) for v in values)
        keys.append("amount" if numeric else "text")
    grid = GridTable(
        file_id=table.file_id,
        number=table.number,
        title=table.title,
        kind=table.kind,
        unit_line=table.unit_line,
        extra_lines=table.extra_lines,
        landscape=table.landscape,
        empty=False,
        header=table.header,
        column_keys=tuple(keys),
        rows=tuple(tuple(r) for r in rows),
        notes=(),
    )
    plan = layout.plan_grid(grid, font)
    flowable = layout.grid_flowable(grid, font, plan, ruling)
    spans: list[tuple[object, ...]] = []
    top = len(table.header)
    fixed = [col for col, (leaf, _) in enumerate(leaves) if key_for(leaf) is None]
    for band in bands:
        if len(band) > 1:
            spans += [("SPAN", (c, top), (c, top + len(band) - 1)) for c in fixed]
        top += len(band)
    flowable.setStyle(TableStyle(spans))
    return plan.landscape, flowable
