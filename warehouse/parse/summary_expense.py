"""The 支出 side of a two-sided summary table: expenditure by 类 (printed without codes) or,
in older layouts, by economic 类 under 一、基本支出 / 二、项目支出.

One walker per amount column. The column's fund source comes from its header (a single
column: the title's default); a 合计 column beside fund-source columns is a check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from warehouse.parse.labels import (
    ExpenseLabel,
    economic_class_of,
    expense_label,
    function_class_of,
    is_fund_column_label,
    squash,
)
from warehouse.parse.numbers import NotANumber, parse_amount
from warehouse.parse.staging import ExpenditureGrain, Stage
from warehouse.parse.table_grid import Grid, Recorder

Scheme = Literal["department", "government"]


def expense_column_sources(grid: Grid, amounts: list[int], rec: Recorder) -> dict[int, str | None]:
    """Fund source per expense amount column; None for a 合计 beside fund-source columns."""
    if len(amounts) == 1:
        return {amounts[0]: rec.ctx.default_fund_source}
    sources: dict[int, str | None] = {}
    for j in amounts:
        leaf = grid.paths[j][-1] if grid.paths[j] else ""
        source = None if leaf in ("合计", "小计", "总计") else is_fund_column_label(leaf)
        if source is None and leaf not in ("合计", "小计", "总计"):
            rec.issue("expense column names no fund source", None, "›".join(grid.paths[j]), None)
        sources[j] = source
    return sources


@dataclass
class _Section:
    label: str
    amount: Decimal | None
    expense_type: str
    parts: list[Decimal] = field(default_factory=list)


@dataclass
class ExpenseSide:
    """Walks one amount column of the 支出 side, top to bottom."""

    rec: Recorder
    column: str
    stage: Stage
    fund_source: str
    scheme: Scheme | None  # economic 类 lines; None: function 类 lines
    lines: list[Decimal] = field(default_factory=list)  # for 本年支出合计
    subtotals: list[tuple[str, Decimal]] = field(default_factory=list)
    section: _Section | None = None

    def fact(self, expense_type: str, code: str | None, amount: Decimal, label: str) -> None:
        economic = self.scheme is not None and code is not None
        grain = ExpenditureGrain(
            unit="",
            fiscal_year=self.rec.ctx.fiscal_year,
            stage=self.stage,
            function_code=None if economic else code,
            economic_scheme=self.scheme if economic else None,
            economic_code=code if economic else None,
            project=None,
            fund_source=self.fund_source,
            expense_type=expense_type,
        )
        self.rec.fact(grain, amount, label, self.column)

    def close_section(self) -> None:
        s, self.section = self.section, None
        if s is not None and s.amount is not None and s.parts:
            self.rec.check("section_sum", s.amount, s.parts, s.label, self.column)

    def line(self, label: str, info: ExpenseLabel, cell: str) -> None:
        amount = self.rec.amount(cell, label, self.column)
        if info.kind == "section":
            self.close_section()
            self.section = _Section(label, amount, info.expense_type or "total")
        if amount is None:
            return
        if info.kind == "blank":
            self.rec.issue("expense figure without a label", None, self.column, cell)
        elif info.kind == "subtotal":
            self.subtotals.append((label, amount))
        elif info.kind == "balance":
            self.rec.issue(
                "year-end balance line: not an expenditure grain", label, self.column, cell
            )
        elif info.kind == "section":
            self.fact(info.expense_type or "total", None, amount, label)
            self.lines.append(amount)
        elif info.kind == "total":
            self.fact("total", None, amount, label)
        else:
            self.class_line(label, info.name, amount, cell)

    def class_line(self, label: str, name: str, amount: Decimal, cell: str) -> None:
        if self.scheme is None:
            code = function_class_of(name, self.rec.ctx.fiscal_year)
        else:
            code = economic_class_of(name, self.scheme)
        if code is None:
            self.rec.issue("expense line name not resolved to a 类", label, self.column, cell)
            return
        section = self.section
        self.fact(section.expense_type if section else "total", code, amount, label)
        (section.parts if section else self.lines).append(amount)

    def finish(self) -> None:
        self.close_section()
        for label, amount in self.subtotals:
            self.rec.check("subtotal_sum", amount, self.lines, label, self.column)


def _peek(cell: str) -> Decimal | None:
    """An amount read for a check only (counted where it is printed)."""
    try:
        return parse_amount(cell)
    except NotANumber:
        return None


def read_expense_side(
    grid: Grid, label_col: int, amounts: list[int], rec: Recorder, stages: dict[int, Stage]
) -> None:
    sources = expense_column_sources(grid, amounts, rec)
    labels = [expense_label(row[label_col]) for row in grid.body]
    header = "".join(grid.paths[label_col])
    economic = "经济分类" in header or any(e.kind == "section" for e in labels)
    scheme: Scheme | None = None
    if economic:
        scheme = "government" if "政府" in header else "department"
    for col in amounts:
        column = "›".join(grid.paths[col])
        source = sources[col]
        if source is None:  # a 合计 column: the sum of the fund-source columns beside it
            for row in grid.body:
                label = squash(row[label_col])
                amount = rec.amount(row[col], label, column)
                parts = [a for j in amounts if j != col and (a := _peek(row[j])) is not None]
                if amount is not None:
                    rec.check("column_sum", amount, parts, label, column)
            continue
        side = ExpenseSide(rec, column, stages[col], source, scheme)
        for row, info in zip(grid.body, labels, strict=True):
            side.line(squash(row[label_col]), info, row[col])
        side.finish()
