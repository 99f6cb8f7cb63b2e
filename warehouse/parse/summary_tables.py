"""Two-sided summary tables: 收支(预算)总表, 财政拨款收支总表, 部门预算收支总表 (收入 by fund
source on the left, 支出 by 类 or by economic class on the right)."""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

KINDS = {"budget_summary", "fiscal_summary"}


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    return unmapped_table(
        table, ctx, staged, f"table kind {ctx.kind!r} is recognized but not mapped to facts yet"
    )
