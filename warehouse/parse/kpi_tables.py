"""Performance-goal tables (绩效目标表, 绩效自评表) -> StagedKpi rows, projects and the
self-evaluation 预算数/执行数 of each project.

A KPI table is often handed over as several physical tables (a block per project, a page per
table); `join_continuations` puts the untitled ones that follow a KPI title back together so
that blocks and merged 一级/二级 cells carry across them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.kpi_blocks import KpiBlock, RawIndicator, Row, read_blocks
from warehouse.parse.kpi_layout import grid_header, norm, paired_header
from warehouse.parse.kpi_values import normalize_operator, parse_kpi_value, parse_score
from warehouse.parse.numbers import NotANumber, parse_amount, parse_percent, wan_yuan
from warehouse.parse.staging import (
    Provenance,
    StagedDocument,
    StagedIssue,
    StagedKpi,
    StagedStatement,
    StagedTable,
)
from warehouse.parse.table_kinds import classify_title

KINDS = {"kpi_unit", "kpi_project", "kpi_self_eval_unit", "kpi_self_eval_project"}
_UNIT_WIDE = {"kpi_unit", "kpi_self_eval_unit"}
_BUDGET_LABELS = ("项目预算金额", "全年预算数", "年初预算数", "预算数", "预算资金")
_ACTUAL_LABELS = ("全年执行数", "执行数")


@dataclass
class KpiTableGroup(RawTable):
    """A titled KPI table and the untitled tables that continue it, in printed order."""

    parts: list[RawTable] = field(default_factory=list)


def _continues(table: RawTable, previous: RawTable) -> bool:
    """An untitled table after a KPI table continues it; so does one whose title is not a
    table title (a running page header) when its rows look like a KPI table's rows."""
    if not table.title:
        return True
    if classify_title(table.title) is not None:
        return False
    rows = table.rows
    if any(grid_header(r) for r in rows[:4]) or paired_header(rows[:3] or [[]]) is not None:
        return True
    width = max((len(r) for r in previous.rows), default=0)
    return bool(rows) and all(len(r) == width for r in rows)


def join_continuations(tables: list[RawTable]) -> list[RawTable]:
    """The document's tables with each KPI table and its continuations made one group."""
    joined: list[RawTable] = []
    group: KpiTableGroup | None = None
    for table in tables:
        if group is not None and _continues(table, group.parts[-1]):
            group.parts.append(table)
            group.rows.extend(table.rows)
            group.notes.extend(table.notes)
            group.page_last = table.page_last or group.page_last
            group.line_last = table.line_last or group.line_last
            continue
        match = classify_title(table.title)
        if match is not None and match.kind in KINDS:
            group = KpiTableGroup(
                index=table.index,
                rows=list(table.rows),
                title=table.title,
                number=table.number,
                unit_line=table.unit_line,
                context_lines=list(table.context_lines),
                page_first=table.page_first,
                page_last=table.page_last,
                line_first=table.line_first,
                line_last=table.line_last,
                notes=list(table.notes),
                parts=[table],
            )
            joined.append(group)
            continue
        group = None
        joined.append(table)
    return joined


def _rows(table: RawTable) -> list[Row]:
    parts = table.parts if isinstance(table, KpiTableGroup) and table.parts else [table]
    return [(row, part.page_first) for part in parts for row in part.rows]


def _kpi(indicator: RawIndicator, project: str | None, index: int, source: Provenance) -> StagedKpi:
    cells = indicator.cells
    target_text = cells.get("target") or None
    target = parse_kpi_value(target_text)
    printed_operator = cells.get("operator") or None
    operator = normalize_operator(printed_operator) or printed_operator
    actual_text = cells.get("actual") or None
    return StagedKpi(
        project=project,
        index=index,
        level1=indicator.level1,
        level2=indicator.level2,
        level3=indicator.level3,
        operator=operator or target.operator,
        target_text=target_text,
        target_value=target.value,
        measure_unit=cells.get("unit") or target.unit,
        source=source,
        actual_text=actual_text,
        actual_value=parse_kpi_value(actual_text).value,
        weight=parse_score(cells.get("weight")),
        score=parse_score(cells.get("score")),
        deadline=cells.get("deadline") or None,
        deviation=cells.get("deviation") or None,
    )


def _field(block: KpiBlock, prefixes: tuple[str, ...]) -> tuple[str, str] | None:
    for prefix in prefixes:
        for label, value in block.fields.items():
            if norm(label).startswith(prefix) and value:
                return label, value
    return None


def _money(label: str, value: str, ctx: TableContext) -> Decimal | None:
    try:
        amount = parse_amount(value)
    except NotANumber:
        return None
    if amount is None:
        return None
    unit = "万元" if "万元" in label else "元" if "(元)" in norm(label) else ctx.money_unit
    return wan_yuan(amount, unit)


def _self_evaluation(
    block: KpiBlock, key: str, ctx: TableContext, table: RawTable, staged: StagedDocument
) -> None:
    """A project's self-evaluation 预算数 and 执行数 (with 执行率) as stated figures."""
    rate = _field(block, ("执行率",))
    for item, labels, stage in (
        ("项目预算数", _BUDGET_LABELS, "budget"),
        ("项目执行数", _ACTUAL_LABELS, "actual"),
    ):
        found = _field(block, labels)
        amount = _money(*found, ctx) if found else None
        if found is None or amount is None:
            continue
        staged.statements.append(
            StagedStatement(
                index=len(staged.statements),
                item=item,
                amount=amount,
                source=Provenance(ctx.title, block.page, table.source_lines, found[0]),
                stage="budget" if stage == "budget" else "actual",
                stated_rate=parse_percent(rate[1]) if rate and stage == "actual" else None,
                project=key,
                text=f"{found[0]} {found[1]}",
            )
        )


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every indicator of every block; register the projects they belong to."""
    blocks, unread = read_blocks(_rows(table), unit_wide=ctx.kind in _UNIT_WIDE)
    n_kpis = 0
    for block in blocks:
        key = None
        if block.project and not block.is_unit_row and ctx.kind not in _UNIT_WIDE:
            key = staged.add_project(block.project)
            if ctx.kind == "kpi_self_eval_project":
                _self_evaluation(block, key, ctx, table, staged)
        if block.is_unit_row:
            continue
        for indicator in block.indicators:
            source = Provenance(ctx.title, indicator.page, table.source_lines, indicator.level3)
            staged.kpis.append(_kpi(indicator, key, len(staged.kpis), source))
            n_kpis += 1
    for note in table.notes:
        staged.issues.append(
            StagedIssue(
                reason="performance-goal cells cut by assumption",
                table=ctx.title,
                page=table.page_first,
                lines=table.source_lines,
                cell=note[:500],
            )
        )
    for cells, page in unread:
        staged.issues.append(
            StagedIssue(
                reason="performance-goal row not understood",
                table=ctx.title,
                page=page,
                lines=table.source_lines,
                cell=" | ".join(c for c in cells if c)[:500],
            )
        )
    if not n_kpis:
        staged.issues.append(
            StagedIssue(
                reason="no performance indicator recognized",
                table=ctx.title,
                page=table.page_first,
                lines=table.source_lines,
            )
        )
    return staged_table(table, ctx, n_figures=n_kpis, n_facts=n_kpis)
