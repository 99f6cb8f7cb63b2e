"""项目支出预算表 and its relatives (政府采购, 政府购买服务, 债务支出): projects become
core.dim_project rows, their amounts facts with expense_type project."""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

KINDS = {"project_expenditure", "procurement", "purchased_services", "debt_expenditure"}


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    return unmapped_table(
        table, ctx, staged, f"table kind {ctx.kind!r} is recognized but not mapped to facts yet"
    )
