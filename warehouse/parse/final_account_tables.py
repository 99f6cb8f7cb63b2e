"""The standard final-account tables (收入支出决算总表 … 政府采购情况表): 年初预算数 /
调整预算数 columns are stage budget, 决算数 stage actual, of the same year."""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

KINDS = {
    "fa_summary",
    "fa_revenue",
    "fa_expenditure",
    "fa_fiscal_summary",
    "fa_gp_expenditure",
    "fa_gp_basic",
    "fa_three_public",
    "fa_gov_fund",
    "fa_state_capital",
    "fa_operating_cost",
}


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    return unmapped_table(
        table, ctx, staged, f"table kind {ctx.kind!r} is recognized but not mapped to facts yet"
    )
