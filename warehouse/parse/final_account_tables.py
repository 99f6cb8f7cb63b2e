"""The standard final-account tables (收入支出决算总表 … 政府采购情况表): 年初预算数 /
调整预算数 columns are stage budget, 决算数 stage actual, of the same year.

This module only dispatches by kind to the fa_* modules, one per table layout.
"""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse import fa_code_tables, fa_label_tables, fa_three_public
from warehouse.parse.context import TableContext, TableParser, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

_LAYOUTS: dict[str, TableParser] = {
    **{kind: fa_code_tables.parse_table for kind in fa_code_tables.KINDS},
    **{kind: fa_code_tables.parse_table for kind in fa_code_tables.ECONOMIC_KINDS},
    **{kind: fa_label_tables.parse_table for kind in fa_label_tables.KINDS},
    **{kind: fa_three_public.parse_table for kind in fa_three_public.KINDS},
}

KINDS = {*_LAYOUTS, "fa_operating_cost"}


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    parser = _LAYOUTS.get(ctx.kind)
    if parser is None:
        return unmapped_table(
            table, ctx, staged, f"table kind {ctx.kind!r} is recognized but not mapped to facts"
        )
    return parser(table, ctx, staged)
