"""Code-keyed final-account tables: 收入决算表, 支出决算表, 一般公共预算财政拨款支出决算表,
政府性基金/国有资本经营预算财政拨款（收入）支出决算表, and the economic-class
一般公共预算财政拨款基本支出决算表 whose 人员经费/公用经费 blocks repeat code, name and amount
side by side.

Each amount column is paired with the nearest code column to its left, so side-by-side blocks
read as separate lists; the column's header decides stage (年初预算数/决算数), fact and grain.
"""

from __future__ import annotations

import re
from dataclasses import replace

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.fa_columns import FaColumn, clean, interpret
from warehouse.parse.header import split_header
from warehouse.parse.numbers import NotANumber, parse_amount, wan_yuan
from warehouse.parse.staging import (
    ExpenditureGrain,
    Grain,
    Provenance,
    RevenueGrain,
    StagedDocument,
    StagedFact,
    StagedIssue,
    StagedTable,
)

KINDS = {"fa_revenue", "fa_expenditure", "fa_gp_expenditure", "fa_gov_fund", "fa_state_capital"}
ECONOMIC_KINDS = {"fa_gp_basic"}
_TOTAL_LABELS = {"合计", "总计", "本年支出合计", "本年收入合计"}
_BLOCK_TOTALS = {"人员经费合计": "personnel", "公用经费合计": "public", "基本支出合计": "basic"}


def _code_column(amount: FaColumn, columns: list[FaColumn]) -> tuple[int | None, int | None]:
    """(code index, name index) of the block an amount column belongs to."""
    code = name = None
    for column in columns:
        if column.index >= amount.index:
            break
        if column.role == "code":
            code, name = column.index, None
        elif column.role == "name":
            name = column.index
    return code, name


def _cell(row: list[str], index: int | None) -> str:
    return clean(row[index]) if index is not None and index < len(row) else ""


def _valid(code: str, economic: bool) -> bool:
    pattern = r"[35]\d{2}(\d{2})?" if economic else r"2\d{2}(\d{2}){0,2}"
    return bool(re.fullmatch(pattern, code))


def _grain(
    column: FaColumn, ctx: TableContext, code: str | None, economic: bool, expense_type: str
) -> Grain | None:
    if column.stage is None or column.fact is None or column.fund_source is None:
        return None
    if column.fact == "revenue":
        return RevenueGrain(
            unit="",
            fiscal_year=ctx.fiscal_year,
            stage=column.stage,
            fund_source=column.fund_source,
            function_code=None if economic else code,
        )
    scheme = None
    if economic and code:
        scheme = "government" if code.startswith("5") else "department"
    return ExpenditureGrain(
        unit="",
        fiscal_year=ctx.fiscal_year,
        stage=column.stage,
        function_code=None if economic else code,
        economic_scheme=scheme,
        economic_code=code if economic else None,
        project=None,
        fund_source=column.fund_source,
        expense_type=expense_type,
    )


def _block_total(row: list[str], amount_index: int, code_index: int | None) -> str | None:
    """人员经费合计 / 公用经费合计 printed somewhere in the block left of the amount."""
    start = code_index if code_index is not None else 0
    for j in range(amount_index - 1, -1, -1):
        label = _cell(row, j)
        if label in _BLOCK_TOTALS:
            return _BLOCK_TOTALS[label]
        if j <= start and label:
            break
    return None


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every figure of a code-keyed final-account table; record what cannot be mapped."""
    economic = ctx.kind in ECONOMIC_KINDS
    n_header = split_header(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    columns = interpret(header, width, ctx.default_fund_source, ctx.stage)
    n_figures = n_facts = 0

    def issue(reason: str, row: str | None, column: str | None, cell: str | None) -> None:
        staged.issues.append(
            StagedIssue(
                reason=reason,
                table=ctx.title,
                page=table.page_first,
                lines=table.source_lines,
                row=row,
                column=column,
                cell=cell,
            )
        )

    if not any(c.role == "code" for c in columns):
        issue("no classification-code column recognized in the header", None, None, None)
    for row in body:
        in_row: dict[Grain, StagedFact] = {}
        for column in (c for c in columns if c.role == "amount"):
            if column.index >= len(row):
                continue
            try:
                amount = parse_amount(row[column.index])
            except NotANumber:
                issue("not an amount", " ".join(row), column.label, row[column.index])
                continue
            if amount is None:
                continue
            n_figures += 1
            code_index, name_index = _code_column(column, columns)
            code, name = _cell(row, code_index), _cell(row, name_index)
            if code and not code.isdigit():  # a label printed in the code column (合计)
                code, name = "", code + name
            label = f"{code} {name}".strip()
            expense_type = column.expense_type or ""
            if economic and not code:
                block = _block_total(row, column.index, code_index)
                if block is None and name not in _TOTAL_LABELS:
                    issue("row without a code that is not a total", label, column.label, None)
                    continue
                expense_type = block or expense_type
                label = label or (block or "")
            elif code and not _valid(code, economic):
                issue(f"code {code!r} is not a classification code", label, column.label, code)
                continue
            elif not code and name not in _TOTAL_LABELS:
                issue("row without a code that is not a total", label or None, column.label, None)
                continue
            grain = _grain(column, ctx, code or None, economic, expense_type)
            if grain is None:
                continue  # a breakdown or a balance: a printed figure, no grain of its own
            value = wan_yuan(amount, ctx.money_unit)
            earlier = in_row.get(grain)
            if earlier is not None:  # parts of one grain (the kinds of 单位资金): summed
                in_row[grain] = replace(earlier, amount=earlier.amount + value)
                continue
            in_row[grain] = StagedFact(
                grain=grain,
                amount=value,
                source=Provenance(
                    table=ctx.title,
                    page=table.page_first,
                    lines=table.source_lines,
                    row=label,
                    column=column.label,
                ),
            )
        n_facts += sum(1 for fact in in_row.values() if staged.add_fact(fact))
    return staged_table(table, ctx, n_figures=n_figures, n_facts=n_facts)
