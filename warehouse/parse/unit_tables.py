"""By-unit expenditure tables of a department (支出预算按单位分类汇总表): the units become
core.dim_unit rows under the department, their figures facts of those units."""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

KINDS = {"expenditure_by_unit"}


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    return unmapped_table(
        table, ctx, staged, f"table kind {ctx.kind!r} is recognized but not mapped to facts yet"
    )
