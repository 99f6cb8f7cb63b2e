"""Tables the genre prints that have no grain in the fact contract: recognized, logged.

机关运行经费 (the operating cost of administrative bodies) restates basic expenditure of the
administrative units by economic class; storing it as facts would count those figures twice.
Its figures are recorded as unmapped with that reason, never dropped silently.
"""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, unmapped_table
from warehouse.parse.staging import StagedDocument, StagedTable

_WHY = {
    "operating_cost": "机关运行经费 restates basic expenditure of administrative units by "
    "economic class; no grain of its own in the fact contract",
}
KINDS = set(_WHY)


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    return unmapped_table(table, ctx, staged, _WHY[ctx.kind])
