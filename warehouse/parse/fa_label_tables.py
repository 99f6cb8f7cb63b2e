"""收入支出决算总表 and 财政拨款收入支出决算总表: label tables (项目 | 行次 | 金额) with the revenue
side on the left and the expenditure side on the right.

Revenue lines name their fund source (一、一般公共预算财政拨款收入 …); expenditure lines name a
类 of the function classification (八、社会保障和就业支出), resolved to its code. Subtotals
(本年收入合计, 本年支出合计, 总计), balances carried forward and their by-source breakdowns are
printed figures without a grain of their own (FORMAT.md conventions 3 and 4).
"""

from __future__ import annotations

import re
from dataclasses import replace

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.fa_columns import SOURCES, UNIT_FUND_KINDS, FaColumn, clean, interpret
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
from warehouse.reference.resolver import resolve_function

KINDS = {"fa_summary", "fa_fiscal_summary"}
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|[（(][一二三四五六七八九十\d]+[)）])")
_SPENDING_TOTALS = ("本年支出合计", "支出合计")


def _revenue_source(label: str, fiscal: bool) -> str | None:
    """The fund source a revenue line names; None for subtotals and breakdowns.

    总计 is all money (上年结转 included) in 收入支出决算总表 but only the 财政拨款 money in
    财政拨款收入支出决算总表, where it is no grain of its own (conventions 10 and 11)."""
    if not _ENUM.match(label):
        # unnumbered lines: 总计 and the balance brought forward
        if label in ("总计", "收入总计"):
            return None if fiscal else "all"
        return "carryover" if "年初" in label and "结转" in label else None
    body = _ENUM.sub("", label)
    for word, source in SOURCES:
        if word in body:
            return source
    if any(word in body for word in UNIT_FUND_KINDS):
        return "unit_funds"
    return None


def _function_code(label: str, year: int) -> str | None:
    """类 code of a numbered expenditure line (八、社会保障和就业支出 -> 208)."""
    if not _ENUM.match(label):
        return None
    return resolve_function([_ENUM.sub("", label)], year)


def _label_of(amount: FaColumn, columns: list[FaColumn], row: list[str]) -> str:
    label = ""
    for column in columns:
        if column.index >= amount.index:
            break
        if column.role in ("label", "name") and column.index < len(row):
            label = clean(row[column.index])
    return label


def _is_revenue_side(amount: FaColumn, columns: list[FaColumn]) -> bool:
    """Left of the second label column, or under a 收入 header."""
    if amount.path and "收入" in amount.path[0].replace(" ", ""):
        return True
    if amount.path and "支出" in amount.path[0].replace(" ", ""):
        return False
    labels = [c.index for c in columns if c.role == "label"]
    return len(labels) < 2 or amount.index < labels[1]


def _revenue_grain(label: str, column: FaColumn, ctx: TableContext) -> RevenueGrain | None:
    source = _revenue_source(label, fiscal=ctx.kind == "fa_fiscal_summary")
    if source is None or column.stage is None:
        return None
    return RevenueGrain(
        unit="",
        fiscal_year=ctx.fiscal_year,
        stage=column.stage,
        fund_source=source,
        function_code=None,
    )


def _expenditure_grain(
    label: str, code: str | None, column: FaColumn, ctx: TableContext
) -> ExpenditureGrain | None:
    """A 类 line, or 本年支出合计 (the spending total, grain without a code); the expense-side
    总计 includes 年末结转和结余, a balance, so it is no grain (convention 10)."""
    source = _expenditure_source(column)
    if source is None or column.stage is None:
        return None
    if code is None and label not in _SPENDING_TOTALS:
        return None
    return ExpenditureGrain(
        unit="",
        fiscal_year=ctx.fiscal_year,
        stage=column.stage,
        function_code=code,
        economic_scheme=None,
        economic_code=None,
        project=None,
        fund_source=source,
        expense_type="total",
    )


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage the fund-source revenue lines, the 类 expenditure lines and the spending total.

    The kinds of 单位资金 (四、上级补助收入 … 八、其他收入) are parts of one unit_funds figure:
    summed over the table before it is staged (convention 9)."""
    n_header = split_header(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    columns = interpret(header, width, "all", ctx.stage)
    amounts = [c for c in columns if c.role == "amount"]
    n_figures = not_stored = 0
    pending: dict[Grain, StagedFact] = {}

    def issue(reason: str, row: str, column: FaColumn, cell: str) -> None:
        staged.issues.append(
            StagedIssue(
                reason=reason,
                table=ctx.title,
                page=table.page_first,
                lines=table.source_lines,
                row=row,
                column=column.label,
                cell=cell,
            )
        )

    for row in body:
        for column in amounts:
            if column.index >= len(row):
                continue
            try:
                amount = parse_amount(row[column.index])
            except NotANumber:
                issue("not an amount", " ".join(row), column, row[column.index])
                continue
            if amount is None:
                continue
            n_figures += 1
            if column.stage is None:
                not_stored += 1  # 调整预算数 beside 年初预算数: the budget is the latter
                continue
            label = _label_of(column, columns, row)
            grain: Grain | None
            if _is_revenue_side(column, columns):
                grain = _revenue_grain(label, column, ctx)
            else:
                code = _function_code(label, ctx.fiscal_year)
                grain = _expenditure_grain(label, code, column, ctx)
                if _ENUM.match(label) and code is None:
                    issue(
                        "expenditure line not resolved to a 类 code",
                        label,
                        column,
                        row[column.index],
                    )
            if grain is None:
                continue
            value = wan_yuan(amount, ctx.money_unit)
            earlier = pending.get(grain)
            if earlier is not None and getattr(grain, "fund_source", None) == "unit_funds":
                pending[grain] = replace(earlier, amount=earlier.amount + value)
                continue
            fact = StagedFact(
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
            if earlier is None:
                pending[grain] = fact
            else:
                staged.add_fact(fact)  # printed twice in one table: a check
    n_facts = sum(1 for fact in pending.values() if staged.add_fact(fact))
    if not_stored:
        staged.issues.append(
            StagedIssue(
                reason="调整预算数 not stored: the printed 年初预算数 is the budget (FORMAT.md, "
                "convention 7)",
                table=ctx.title,
                page=table.page_first,
                lines=table.source_lines,
                cell=f"{not_stored} printed figures",
            )
        )
    return staged_table(table, ctx, n_figures=n_figures, n_facts=n_facts)


def _expenditure_source(column: FaColumn) -> str | None:
    """金额 of 收入支出决算总表 is all money; 财政拨款 splits by source, its 合计 is a check."""
    leaf = column.path[-1] if column.path else ""
    for word, source in SOURCES:
        if word in leaf:
            return source
    if leaf in ("合计", "小计"):
        return None if len(column.path) > 1 else "all"
    return "all"
