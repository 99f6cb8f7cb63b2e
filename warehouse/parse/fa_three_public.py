"""“三公”经费支出决算表 in its two national layouts.

Tall: one row per item (合计, 因公出国（境）费, 公务用车购置及运行费 …) and columns 预算数 / 决算数.
Wide: one row, the items as columns under 预算数 and 决算数. Either way the item comes from its
printed name and the stage from the header (预算数 budget, 决算数 actual, of the document's year).
"""

from __future__ import annotations

from warehouse.extract.model import RawTable
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.fa_columns import clean, stage_of
from warehouse.parse.header import column_paths, split_header
from warehouse.parse.numbers import NotANumber, parse_amount, wan_yuan
from warehouse.parse.staging import (
    Provenance,
    Stage,
    StagedDocument,
    StagedFact,
    StagedIssue,
    StagedTable,
    ThreePublicGrain,
)

KINDS = {"fa_three_public"}


def three_public_item(label: str) -> str | None:
    """The 三公 item a printed name means (公务用车购置及运行（维护）费 is vehicle_total)."""
    text = clean(label)
    if "出国" in text:
        return "overseas"
    if "接待" in text:
        return "reception"
    if "购置及运行" in text:
        return "vehicle_total"
    if "购置" in text and "车" in text:
        return "vehicle_purchase"
    if "运行" in text and "车" in text:
        return "vehicle_operation"
    if text in ("合计", "总计", "小计") or text.endswith("合计"):
        return "total"
    return None


def _item_of_path(path: tuple[str, ...]) -> str | None:
    """Wide layout: the deepest label naming an item (小计 under 公务用车… is vehicle_total)."""
    for label in reversed(path):
        item = three_public_item(label)
        if item == "total" and len(path) > 1:
            parent = three_public_item(path[-2]) if label == path[-1] else None
            if parent is not None and parent != "total":
                return parent
        if item is not None:
            return item
    return None


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    n_header = split_header(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    paths = column_paths(header, width)
    has_initial = any("年初预算" in "".join(p) for p in paths)
    stages: list[Stage | None] = [stage_of(p, has_initial, ctx.stage) for p in paths]
    n_figures = n_facts = 0
    for row in body:
        row_item = three_public_item(row[0]) if row and not parse_ok(row[0]) else None
        for j, cell in enumerate(row):
            try:
                amount = parse_amount(cell)
            except NotANumber:
                if j > 0 and stages[j if j < len(stages) else -1] is not None:
                    staged.issues.append(
                        StagedIssue(
                            reason="not an amount",
                            table=ctx.title,
                            page=table.page_first,
                            lines=table.source_lines,
                            row=row[0] if row else None,
                            column="›".join(paths[j]) if j < len(paths) else None,
                            cell=cell,
                        )
                    )
                continue  # else the row's label
            if amount is None:
                continue
            n_figures += 1
            path = paths[j] if j < len(paths) else ()
            item = row_item or _item_of_path(path)
            stage = stages[j] if j < len(stages) else None
            if item is None or stage is None:
                staged.issues.append(
                    StagedIssue(
                        reason="三公 figure without an item or a stage",
                        table=ctx.title,
                        page=table.page_first,
                        lines=table.source_lines,
                        row=row[0] if row else None,
                        column="›".join(path),
                        cell=cell,
                    )
                )
                continue
            grain = ThreePublicGrain(unit="", fiscal_year=ctx.fiscal_year, stage=stage, item=item)
            fact = StagedFact(
                grain=grain,
                amount=wan_yuan(amount, ctx.money_unit),
                source=Provenance(
                    table=ctx.title,
                    page=table.page_first,
                    lines=table.source_lines,
                    row=clean(row[0]) if row_item else item,
                    column="›".join(path),
                ),
            )
            if staged.add_fact(fact):
                n_facts += 1
    return staged_table(table, ctx, n_figures=n_figures, n_facts=n_facts)


def parse_ok(cell: str) -> bool:
    """True when the cell is an amount (or blank), i.e. not a row label."""
    try:
        parse_amount(cell)
    except NotANumber:
        return False
    return True
