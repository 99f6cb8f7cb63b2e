"""收入支出决算总表 and 财政拨款收入支出决算总表: label tables (项目 | 行次 | 金额) with the revenue
side on the left and the expenditure side on the right.

Revenue lines name their fund source (一、一般公共预算财政拨款收入 …); expenditure lines name a
类 of the function classification (八、社会保障和就业支出), resolved to its code. Subtotals
(本年收入合计, 本年支出合计, 总计), balances carried forward and their by-source breakdowns are
printed figures without a grain of their own (FORMAT.md conventions 3 and 4).
"""

from __future__ import annotations

import re

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.fa_columns import SOURCES, FaColumn, clean, interpret
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
_UNIT_FUNDS = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")


def _revenue_source(label: str) -> str | None:
    """The fund source a revenue line names; None for subtotals and breakdowns."""
    if not _ENUM.match(label):
        # unnumbered lines: 总计 (all money, 上年结转 included) and the balance brought forward
        if label in ("总计", "收入总计"):
            return "all"
        return "carryover" if "年初" in label and "结转" in label else None
    body = _ENUM.sub("", label)
    for word, source in SOURCES:
        if word in body:
            return source
    if any(word in body for word in _UNIT_FUNDS):
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


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage the fund-source revenue lines and the 类 expenditure lines."""
    n_header = split_header(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    columns = interpret(header, width, "all", ctx.stage)
    amounts = [c for c in columns if c.role == "amount"]
    n_figures = n_facts = 0
    for row in body:
        for column in amounts:
            if column.index >= len(row):
                continue
            try:
                amount = parse_amount(row[column.index])
            except NotANumber:
                staged.issues.append(
                    StagedIssue(
                        reason="not an amount",
                        table=ctx.title,
                        page=table.page_first,
                        lines=table.source_lines,
                        row=" ".join(row),
                        column=column.label,
                        cell=row[column.index],
                    )
                )
                continue
            if amount is None or column.stage is None:
                continue
            n_figures += 1
            label = _label_of(column, columns, row)
            grain: Grain | None = None
            if _is_revenue_side(column, columns):
                source = _revenue_source(label)
                if source is not None:
                    grain = RevenueGrain(
                        unit="",
                        fiscal_year=ctx.fiscal_year,
                        stage=column.stage,
                        fund_source=source,
                        function_code=None,
                    )
            else:
                code = _function_code(label, ctx.fiscal_year)
                source = _expenditure_source(column)
                if code is not None and source is not None:
                    grain = ExpenditureGrain(
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
                elif _ENUM.match(label) and code is None:
                    staged.issues.append(
                        StagedIssue(
                            reason="expenditure line not resolved to a 类 code",
                            table=ctx.title,
                            page=table.page_first,
                            lines=table.source_lines,
                            row=label,
                            column=column.label,
                            cell=row[column.index],
                        )
                    )
            if grain is None:
                continue
            fact = StagedFact(
                grain=grain,
                amount=wan_yuan(amount, ctx.money_unit),
                source=Provenance(
                    table=ctx.title,
                    page=table.page_first,
                    lines=table.source_lines,
                    row=label,
                    column=column.label,
                ),
            )
            if staged.add_fact(fact):
                n_facts += 1
    return staged_table(table, ctx, n_figures=n_figures, n_facts=n_facts)


def _expenditure_source(column: FaColumn) -> str | None:
    """金额 of 收入支出决算总表 is all money; 财政拨款 splits by source, its 合计 is a check."""
    leaf = column.path[-1] if column.path else ""
    for word, source in SOURCES:
        if word in leaf:
            return source
    if leaf in ("合计", "小计") and any("财政拨款" in c for c in column.path[:-1]):
        return None
    if leaf == "合计":
        return None if "财政拨款" in leaf else _total_source(column)
    return "all"


def _total_source(column: FaColumn) -> str | None:
    """A 合计 column beside fund-source columns is their sum (a check); alone it is all money."""
    return None if column.path and len(column.path) > 1 else "all"
