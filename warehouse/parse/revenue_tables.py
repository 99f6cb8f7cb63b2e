"""Revenue tables: 收入预算总表 / 部门收入总表 (by unit or by function code, columns by fund
source) and 收入预算按单位分类汇总表 -> core.fact_revenue."""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

KINDS = {"revenue_summary", "revenue_by_unit"}


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    return unmapped_table(
        table, ctx, staged, f"table kind {ctx.kind!r} is recognized but not mapped to facts yet"
    )
