"""Tables whose rows are keyed by a classification code (function or economic).

Covers 支出预算总表, 一般公共预算支出表, 一般公共预算基本支出表, 支出功能分类预算表,
支出经济分类预算表 and 政府性基金/国有资本经营预算支出表: a code column (whole, or split into
类/款/项), a name column, and amount columns whose meaning comes from the header (header.py).
"""

from __future__ import annotations

import re
from typing import Literal

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.header import Column, interpret_columns, split_header
from warehouse.parse.numbers import NotANumber, parse_amount, wan_yuan
from warehouse.parse.staging import (
    ExpenditureGrain,
    Provenance,
    StagedDocument,
    StagedFact,
    StagedIssue,
    StagedTable,
)

Classification = Literal["function", "economic_department", "economic_government"]

_TOTAL_LABELS = {"合计", "总计", "本年支出合计"}
_FUNCTION_KINDS = {
    "expenditure_summary",
    "gp_expenditure_by_function",
    "expenditure_by_function",
    "gov_fund_expenditure",
    "state_capital_expenditure",
}
_ECONOMIC_KINDS: dict[str, Classification | None] = {
    "gp_basic_by_economic": None,  # 部门 or 政府 scheme: read from the header or the codes
    "expenditure_by_economic_government": "economic_government",
    "expenditure_by_economic_department": "economic_department",
}
KINDS = _FUNCTION_KINDS | set(_ECONOMIC_KINDS)


def _classification(ctx: TableContext, columns: list[Column], codes: list[str]) -> Classification:
    if ctx.kind in _FUNCTION_KINDS:
        return "function"
    fixed = _ECONOMIC_KINDS.get(ctx.kind)
    if fixed is not None:
        return fixed
    labels = "".join("".join(c.path) for c in columns)
    if "政府预算支出经济分类" in labels or "政府经济分类" in labels:
        return "economic_government"
    if "部门预算支出经济分类" in labels or "部门经济分类" in labels:
        return "economic_department"
    if codes and all(code.startswith("5") for code in codes):
        return "economic_government"
    return "economic_department"


def _row_code(row: list[str], columns: list[Column]) -> str:
    by_role = {c.role: row[c.index].strip() if c.index < len(row) else "" for c in columns}
    whole = re.sub(r"\s+", "", by_role.get("code", ""))
    if whole:
        return whole
    parts = [
        re.sub(r"\s+", "", by_role.get(r, "")) for r in ("code_lei", "code_kuan", "code_xiang")
    ]
    return "".join(p for p in parts if p)


def _row_name(row: list[str], columns: list[Column]) -> str:
    for column in columns:
        if column.role == "name" and column.index < len(row):
            return re.sub(r"\s+", "", row[column.index])
    return ""


def _valid_code(code: str, classification: Classification) -> bool:
    if classification == "function":
        return bool(re.fullmatch(r"2\d{2}(\d{2}){0,2}", code))
    if classification == "economic_department":
        return bool(re.fullmatch(r"3\d{2}(\d{2})?", code))
    return bool(re.fullmatch(r"5\d{2}(\d{2})?", code))


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every figure of a code-keyed table; record what cannot be mapped."""
    n_header = split_header(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    columns = interpret_columns(header, width, ctx.default_fund_source)
    codes = [_row_code(r, columns) for r in body]
    classification = _classification(ctx, columns, [c for c in codes if c])
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

    if not any(c.role in ("code", "code_lei") for c in columns):
        issue("no classification-code column recognized in the header", None, None, None)

    for row, code in zip(body, codes, strict=True):
        name = _row_name(row, columns)
        label = f"{code} {name}".strip()
        amounts = [c for c in columns if c.role == "amount"]
        printed = [(c, row[c.index]) for c in amounts if c.index < len(row)]
        if code and not _valid_code(code, classification):
            if any(cell.strip() for _, cell in printed):
                issue(f"code {code!r} is not a {classification} code", label, None, code)
            continue
        if not code and name not in _TOTAL_LABELS:
            if any(cell.strip() for _, cell in printed):
                issue("row without a code that is not a total", label or None, None, None)
            continue
        for column, cell in printed:
            try:
                amount = parse_amount(cell)
            except NotANumber:
                n_figures += 1
                issue("not an amount", label, column.label, cell)
                continue
            if amount is None:
                continue
            n_figures += 1
            if column.measure is None:
                continue  # a subtotal or breakdown: kept for checks, not a grain
            is_function = classification == "function"
            # a 合计 row is the table total whatever the classification: no code, no scheme
            scheme = None if is_function or not code else classification.removeprefix("economic_")
            grain = ExpenditureGrain(
                unit="",
                fiscal_year=ctx.fiscal_year,
                stage=ctx.stage,
                function_code=(code or None) if is_function else None,
                economic_scheme=scheme,
                economic_code=None if is_function else (code or None),
                project=None,
                fund_source=column.measure.fund_source,
                expense_type=column.measure.expense_type,
            )
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
