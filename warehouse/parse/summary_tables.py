"""Two-sided summary tables: 收支(预算)总表, 财政拨款收支总表, 部门预算收支总表 (收入 by fund
source on the left, 支出 by 类 or by economic class on the right).

The sides are read from the header (收入 | 支出, or the repeated 项目 label column), lines by
their printed labels (labels.py): revenue lines name a fund source, expense lines a 类 by name
or an economic 类 under 一、基本支出 / 二、项目支出. Subtotals (本年收入合计, 一、本年收入,
本年支出合计, a 合计 column beside its fund-source columns) become reconciliation checks.
A table printed over two pages repeats its header: the extractor may join the pages (the table
is then cut at each repeated 收入 | 支出 row) or give two tables of the same title; either way
each part is read on its own header, so a continuation needs no state.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table, unmapped_table
from warehouse.parse.labels import squash
from warehouse.parse.numbers import looks_like_amount
from warehouse.parse.staging import Stage, StagedDocument, StagedTable
from warehouse.parse.summary_expense import read_expense_side
from warehouse.parse.summary_revenue import read_revenue_side
from warehouse.parse.table_grid import Grid, Recorder, is_line_number_column, read_grid

KINDS = {"budget_summary", "fiscal_summary"}


@dataclass
class Side:
    """One side of the table: its label column and amount columns."""

    label: int
    amounts: list[int] = field(default_factory=list)


_SIDE_LABEL = re.compile(r"^(收入|支出)(?:[(（].*[)）])?$")


def _is_sides_row(row: list[str]) -> bool:
    """A header row naming the two sides: 收入 | 支出 (按功能科目), and no figures."""
    cells = [squash(c) for c in row]
    sides = {m.group(1) for c in cells if (m := _SIDE_LABEL.match(c))}
    return sides == {"收入", "支出"} and not any(looks_like_amount(c) for c in cells)


def _segments(rows: list[list[str]]) -> list[list[list[str]]]:
    """The table cut at each 收入 | 支出 header row: a page continuation repeats the header
    (and may shift its columns), so each part is read on its own header. Context rows the
    extractor kept above the first header (单位: 医保局 …) are dropped."""
    starts = [i for i, row in enumerate(rows) if _is_sides_row(row)]
    if not starts:
        return [rows]
    bounds = [*starts, len(rows)]
    return [rows[a:b] for a, b in itertools.pairwise(bounds)]


def _side_of(path: tuple[str, ...]) -> str | None:
    for part in path:
        match = _SIDE_LABEL.match(squash(part))
        if match:
            return "in" if match.group(1) == "收入" else "out"
    return None


def _sides(grid: Grid) -> tuple[Side, Side] | None:
    """Left (收入) and right (支出) columns, from the header's 收入/支出 or its 项目 labels."""
    owner = [_side_of(p) for p in grid.paths]
    if "in" not in owner or "out" not in owner:
        labels = [j for j, p in enumerate(grid.paths) if p and p[-1] in ("项目", "经济分类")]
        if len(labels) != 2:
            return None
        owner = ["in" if j < labels[1] else "out" for j in range(grid.width)]
    sides: dict[str, Side] = {}
    for j, side in enumerate(owner):
        if side is None or is_line_number_column(grid.paths[j]):
            continue
        numeric = any(looks_like_amount(row[j]) for row in grid.body)
        textual = any(squash(row[j]) and not looks_like_amount(row[j]) for row in grid.body)
        if side not in sides:
            if numeric and not textual:
                return None  # a side must start with its label column
            sides[side] = Side(label=j)
        else:
            sides[side].amounts.append(j)
    if "in" not in sides or "out" not in sides:
        return None
    return sides["in"], sides["out"]


def _stage(path: tuple[str, ...], ctx: TableContext) -> Stage:
    """A final account's 年初预算数 column is budget; otherwise the document's stage."""
    if any("年初预算" in p or "调整预算" in p for p in path):
        return "budget"
    return ctx.stage


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every figure of a two-sided summary table; record what cannot be mapped."""
    grids = [read_grid(rows) for rows in _segments(table.rows)]
    sides = [_sides(grid) for grid in grids]
    if any(s is None for s in sides):
        return unmapped_table(table, ctx, staged, "no 收入 | 支出 sides recognized in the header")
    rec = Recorder(table, ctx, staged)
    for grid, found in zip(grids, sides, strict=True):
        assert found is not None
        left, right = found
        for j in left.amounts:
            read_revenue_side(grid, left.label, j, rec, _stage(grid.paths[j], ctx))
        stages = {j: _stage(grid.paths[j], ctx) for j in right.amounts}
        read_expense_side(grid, right.label, right.amounts, rec, stages)
    return staged_table(table, ctx, n_figures=rec.n_figures, n_facts=rec.n_facts)
