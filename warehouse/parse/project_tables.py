"""项目支出预算表 and its relatives (政府采购, 政府购买服务, 债务支出): projects become
core.dim_project rows, their amounts facts with expense_type project.

Rows: the table total (合计, whichever column prints it), unit rows (a unit's project total,
FORMAT.md convention 6), function-code rows (Sichuan: the code's project total) and project
rows. 政府采购/政府购买服务/债务支出 restate expenditure already counted by project or by
class; their figures are recorded as issues with the reason, never as facts.
"""

from __future__ import annotations

import re
from decimal import Decimal

from warehouse.extract.model import RawTable
from warehouse.parse.column_time import column_time
from warehouse.parse.context import TableContext, TableWork, staged_table
from warehouse.parse.header import split_header
from warehouse.parse.numbers import NotANumber, parse_amount, wan_yuan
from warehouse.parse.project_columns import ProjectColumn, interpret_project_columns
from warehouse.parse.project_rows import ProjectRow, is_total_label, logical_rows
from warehouse.parse.row_repair import header_labels, strip_repeated_header
from warehouse.parse.staging import (
    ExpenditureGrain,
    Provenance,
    StagedDocument,
    StagedFact,
    StagedTable,
)
from warehouse.parse.table_units import UnitResolver
from warehouse.parse.unit_names import reads_as_unit

KINDS = {"project_expenditure", "procurement", "purchased_services", "debt_expenditure"}

_NOT_FACTS = {
    "procurement": "政府采购 amounts are the procured part of expenditure already counted by "
    "project and by economic class; not a grain of fact_expenditure",
    "purchased_services": "政府购买服务 amounts restate expenditure already counted in the "
    "expenditure tables; not a grain of fact_expenditure",
    "debt_expenditure": "债务支出 is a debt-financed view of expenditure; no grain of its own "
    "in the fact contract",
}


def function_code(row: ProjectRow) -> str:
    """The row's function code, whole or from its 类/款/项 cells.

    The split cells are read left to right whatever column they landed in (extraction may
    shift them): 类 first, then 款 and 项, a one-digit 款/项 ('2') meaning '02'.
    """
    whole = re.sub(r"\s+", "", row.keys.get("code", ""))
    if whole or not row.code_parts:
        return whole
    lei, *rest = row.code_parts
    return lei + "".join(p.zfill(2) if p.isdigit() else p for p in rest)


def _row_label(row: ProjectRow, code: str) -> str:
    parts = [code, row.keys.get("unit", ""), row.keys.get("name", ""), row.project]
    label = " ".join(p for p in parts if p)
    return label or (row.texts[0][:20] if row.texts else "")


class _ProjectTable(TableWork):
    """One table's staging: columns, units, and the counts for its StagedTable."""

    def __init__(self, table: RawTable, ctx: TableContext, staged: StagedDocument) -> None:
        super().__init__(table, ctx, staged)
        self.units = UnitResolver(table, staged)
        self.current_unit = ""

    def amounts(
        self, row: ProjectRow, columns: list[ProjectColumn], label: str
    ) -> dict[int, Decimal]:
        """The row's printed amounts by column index; text in an amount cell is an issue."""
        found: dict[int, Decimal] = {}
        for column in columns:
            cell = row.amounts.get(column.index, "")
            try:
                amount = parse_amount(cell)
            except NotANumber:
                self.n_figures += 1
                self.issue("not an amount", label, column.label, cell)
                continue
            if amount is not None:
                self.n_figures += 1
                found[column.index] = wan_yuan(amount, self.ctx.money_unit)
        return found

    def unit_of(self, row: ProjectRow, code: str, total: bool) -> tuple[str, bool]:
        """(unit key, is a unit row) for a row; unit rows set the unit of the rows below."""
        unit = row.keys.get("unit", "")
        unit_code = row.keys.get("unit_code")
        name = row.keys.get("name", "")
        if total:
            return (self.units.resolve(unit) if unit and not is_total_label(unit) else ""), False
        if not code and not row.project and (unit or name):
            self.current_unit = self.units.resolve(unit or name, unit_code)
            return self.current_unit, True
        if unit or unit_code:
            return self.units.resolve(unit, unit_code), False
        return self.current_unit, False

    def subtotal_checks(
        self, columns: list[ProjectColumn], found: dict[int, Decimal], label: str
    ) -> None:
        """A 合计 beside its parts (本年收入, 上年结转结余 by source) is checked against them."""
        for column in columns:
            if column.index not in found:
                continue
            if column.path[-1:] not in (("合计",), ("小计",)) or len(column.path) < 2:
                continue
            parts = [
                found[c.index]
                for c in columns
                if c.path[:-1] == column.path[:-1] and c is not column and c.index in found
            ]
            if not parts:
                continue
            self.check("subtotal", found[column.index], parts, label, column.label)

    def stage_row(self, row: ProjectRow, columns: list[ProjectColumn]) -> None:
        mixed = any(c.role == "project_or_unit" for c in columns)
        if mixed and row.project and reads_as_unit(row.project, self.units.known_names()):
            row.keys["unit"] = row.keys.pop("project")  # the unit's row above its projects
        code = function_code(row)
        total = any(is_total_label(t) for t in [*row.keys.values(), *row.texts]) and not (
            row.project or code
        )
        label = _row_label(row, code)
        amount_columns = [c for c in columns if c.role == "amount"]
        found = self.amounts(row, amount_columns, label)
        unit, unit_row = self.unit_of(row, code, total)
        if not found:
            return
        if self.ctx.kind in _NOT_FACTS:
            self.issue(_NOT_FACTS[self.ctx.kind], label, None, f"{len(found)} printed figures")
            return
        if code and not re.fullmatch(r"2\d{2}(\d{2}){0,2}", code):
            self.issue(f"code {code!r} is not a function code", label, None, code)
            return
        if not (total or code or row.project or unit_row):
            self.issue("project row without a project name", label, None, None)
            return
        project = self.staged.add_project(row.project) if row.project else None
        self.subtotal_checks(amount_columns, found, label)
        for column in amount_columns:
            if column.index not in found or column.fund_source is None:
                continue
            when = column_time(column.path, self.ctx.fiscal_year, self.ctx.stage)
            if when is None:
                continue
            grain = ExpenditureGrain(
                unit=unit,
                fiscal_year=when.fiscal_year,
                stage=when.stage,
                function_code=code or None,
                economic_scheme=None,
                economic_code=None,
                project=project,
                fund_source=column.fund_source,
                expense_type="project",
            )
            source = Provenance(
                table=self.ctx.title,
                page=self.table.page_first,
                lines=self.table.source_lines,
                row=label,
                column=column.label,
            )
            if self.staged.add_fact(StagedFact(grain, found[column.index], source)):
                self.n_facts += 1


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage a project table's figures (or, for its relatives, record them as issues)."""
    n_header = split_header(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    columns = interpret_project_columns(header, width, ctx.default_fund_source)
    body = strip_repeated_header(body, header_labels(header, width))
    state = _ProjectTable(table, ctx, staged)
    if not any(c.role in ("project", "project_or_unit", "unit", "name") for c in columns):
        state.issue("no project or unit column recognized in the header", None, None, None)
    for row in logical_rows(body, columns):
        state.stage_row(row, columns)
    return staged_table(table, ctx, n_figures=state.n_figures, n_facts=state.n_facts)
