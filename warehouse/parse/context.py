"""What every table parser is given: the table's kind and what the document says of it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from warehouse.extract.model import RawTable
from warehouse.parse.staging import Stage, StagedCheck, StagedDocument, StagedIssue, StagedTable


@dataclass(frozen=True)
class TableContext:
    """The table's kind and title, and what the document says about all of its figures."""

    kind: str
    title: str
    fiscal_year: int
    stage: Stage  # the document's stage; a column may say otherwise (决算表: 年初预算数)
    money_unit: str | None
    default_fund_source: str
    default_expense_type: str = "total"


TableParser = Callable[[RawTable, TableContext, StagedDocument], StagedTable]


class TableWork:
    """One table being staged: where its issues go, and its figure and fact counts.

    Every table family stages through one of these, so an issue always names the printed
    title, the page (or line range) and the row and column it is about.
    """

    def __init__(self, table: RawTable, ctx: TableContext, staged: StagedDocument) -> None:
        self.table = table
        self.ctx = ctx
        self.staged = staged
        self.n_figures = 0
        self.n_facts = 0

    def issue(self, reason: str, row: str | None, column: str | None, cell: str | None) -> None:
        self.staged.issues.append(
            StagedIssue(
                reason=reason,
                table=self.ctx.title,
                page=self.table.page_first,
                lines=self.table.source_lines,
                row=row,
                column=column,
                cell=cell,
            )
        )

    def check(
        self, name: str, printed: Decimal, parts: list[Decimal], row: str, column: str
    ) -> None:
        """A printed subtotal against the sum of its printed parts (both in 万元): expected
        is the parts' sum, found the printed figure, so difference has one sign everywhere."""
        expected = sum(parts, Decimal(0))
        self.staged.checks.append(
            StagedCheck(
                name=name,
                outcome="pass" if expected == printed else "source_inconsistency",
                expected=expected,
                found=printed,
                table=self.ctx.title,
                page=self.table.page_first,
                row=row,
                message=f"{row} › {column}: printed {printed}, parts add to {expected}",
            )
        )

    def finish(self) -> StagedTable:
        return staged_table(self.table, self.ctx, n_figures=self.n_figures, n_facts=self.n_facts)


def default_fund_source(title: str) -> str:
    """The fund source a title implies for columns that do not name one."""
    if "一般公共预算" in title:
        return "general_public"
    if "政府性基金" in title:
        return "gov_fund"
    if "国有资本经营" in title:
        return "state_capital"
    return "all"


def default_expense_type(title: str) -> str:
    """The expense type a title implies: every figure of a 基本支出表 is basic expenditure."""
    text = re.sub(r"\s+", "", title)
    if "基本支出" in text and "项目支出" not in text:
        return "basic"
    if "项目支出" in text and "基本支出" not in text:
        return "project"
    return "total"


def money_unit_of(table: RawTable) -> str | None:
    for line in [table.unit_line or "", *table.context_lines]:
        match = re.search(r"单位\s*[:：]\s*(万元|千元|元)", line)
        if match:
            return match.group(1)
    return None


def unmapped_table(
    table: RawTable, ctx: TableContext, staged: StagedDocument, reason: str
) -> StagedTable:
    """Record a recognized table whose figures are not mapped: nothing is dropped silently."""
    from warehouse.parse.numbers import looks_like_amount

    figures = sum(1 for row in table.rows for cell in row if looks_like_amount(cell))
    if figures:
        staged.issues.append(
            StagedIssue(
                reason=reason,
                table=ctx.title,
                page=table.page_first,
                lines=table.source_lines,
                cell=f"{figures} printed figures",
            )
        )
    return staged_table(table, ctx, n_figures=figures, n_facts=0)


def staged_table(
    table: RawTable, ctx: TableContext, *, n_figures: int, n_facts: int
) -> StagedTable:
    return StagedTable(
        index=table.index,
        title=table.title,
        kind=ctx.kind,
        page_first=table.page_first,
        page_last=table.page_last,
        lines=table.source_lines,
        n_rows=len(table.rows),
        n_figures=n_figures,
        n_facts=n_facts,
    )
