"""Performance-goal tables (绩效目标表, 绩效自评表) -> StagedKpi rows and projects."""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

KINDS = {"kpi_unit", "kpi_project", "kpi_self_eval_unit", "kpi_self_eval_project"}


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    return unmapped_table(
        table, ctx, staged, f"performance-goal table ({ctx.kind}) is not mapped yet"
    )
