"""By-unit expenditure tables of a department (支出预算按单位分类汇总表): the units become
core.dim_unit rows under the department, their figures facts of those units.

Columns: 合计 (total), 基本支出 / 项目支出 each with a 小计 (basic / project) and economic 类
columns (工资福利支出 -> department 301 …) carrying the parent's expense type. The 合计 row is
the department itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.header import interpret_columns
from warehouse.parse.labels import economic_class_of, is_fund_column_label
from warehouse.parse.revenue_tables import row_key
from warehouse.parse.staging import ExpenditureGrain, StagedDocument, StagedTable
from warehouse.parse.table_grid import Recorder, group_checks, is_line_number_column, read_grid
from warehouse.parse.table_units import UnitResolver

KINDS = {"expenditure_by_unit"}

_TOTAL_LABELS = {"合计", "总计", "部门合计", "**部门合计"}
_KEY_ROLES = ("code", "code_lei", "code_kuan", "code_xiang", "name", "unit", "unit_code")


@dataclass(frozen=True)
class UnitColumn:
    fund_source: str
    expense_type: str
    economic_code: str | None


def _expense_type(path: tuple[str, ...]) -> str:
    joined = "›".join(path)
    for token, kind in (
        ("人员经费", "personnel"),
        ("人员支出", "personnel"),
        ("公用经费", "public"),
        ("公用支出", "public"),
        ("基本支出", "basic"),
        ("项目支出", "project"),
    ):
        if token in joined:
            return kind
    return "total"


def unit_column(path: tuple[str, ...], default_fund_source: str) -> UnitColumn | str:
    """What an amount column of a by-unit table means, or why it cannot be mapped."""
    if not path:
        return "amount column without a header"
    sources = [s for p in path if (s := is_fund_column_label(p)) is not None]
    fund_source = sources[-1] if sources else default_fund_source
    expense_type = _expense_type(path)
    leaf = path[-1]
    if leaf in ("合计", "小计", "总计") or leaf in ("基本支出", "项目支出", "人员经费", "公用经费"):
        return UnitColumn(fund_source, expense_type, None)
    if is_fund_column_label(leaf) is not None:
        return UnitColumn(fund_source, expense_type, None)
    code = economic_class_of(leaf, "department")
    if code is None:
        return f"column {'›'.join(path)} is neither a total nor an economic 类"
    return UnitColumn(fund_source, expense_type, code)


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every figure of a by-unit expenditure table; record what cannot be mapped."""
    grid = read_grid(table.rows)
    units = UnitResolver(table, staged)  # "单位: 医保局" above the table names the publisher
    rec = Recorder(table, ctx, staged)
    columns = interpret_columns(grid.header, grid.width, ctx.default_fund_source)
    roles = {c.index: c.role for c in columns if c.role in _KEY_ROLES}
    amount_cols = [
        c.index for c in columns if c.role == "amount" and not is_line_number_column(c.path)
    ]
    meanings = {j: unit_column(grid.paths[j], ctx.default_fund_source) for j in amount_cols}
    if not any(role == "unit" for role in roles.values()):
        rec.issue("no 单位名称 column recognized in the header", None, None, None)
    for row in grid.body:
        code, label = row_key(row, roles, amount_cols)
        row_label = f"{code or ''} {label}".strip()
        if code is not None and not re.fullmatch(r"2\d{2}(\d{2}){0,2}", code):
            code = None  # not a function code: keep the row keyed by its label
        unit = ""
        if label and label not in _TOTAL_LABELS and code is None:
            unit = units.resolve(label)
        for j in amount_cols:
            column = "›".join(grid.paths[j])
            amount = rec.amount(row[j], row_label, column)
            if amount is None:
                continue
            meaning = meanings[j]
            if isinstance(meaning, str):
                rec.issue(meaning, row_label, column, row[j])
                continue
            if not label and code is None:
                rec.issue("figure in a row without a unit", None, column, row[j])
                continue
            scheme = "department" if meaning.economic_code else None
            grain = ExpenditureGrain(
                unit=unit,
                fiscal_year=ctx.fiscal_year,
                stage=ctx.stage,
                function_code=code,
                economic_scheme=scheme,
                economic_code=meaning.economic_code,
                project=None,
                fund_source=meaning.fund_source,
                expense_type=meaning.expense_type,
            )
            rec.fact(grain, amount, row_label, column)
        group_checks(rec, grid.paths, amount_cols, row, row_label)
    return staged_table(table, ctx, n_figures=rec.n_figures, n_facts=rec.n_facts)
