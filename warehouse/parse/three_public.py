"""“三公”经费 tables -> core.fact_three_public.

Two orientations. Items as columns (合计 | 因公出国(境)费 | 公务用车购置及运行费 (小计, 购置费,
运行费) | 公务接待费), often under a year label each (2022 预算数 | 2023 预算数), with one row
or one row per unit. Items as rows (合计, 1、因公出国（境）费, …, 其中:公务用车运行维护费)
with columns 预算数 | 决算数. The year and stage come from the column labels, the item from
the item label; a blank is nothing, a printed 0 is 0.
"""

from __future__ import annotations

import re

from warehouse.extract.model import RawTable
from warehouse.parse.column_time import ColumnTime, column_time
from warehouse.parse.context import TableContext, TableWork, staged_table
from warehouse.parse.header import column_paths, split_header
from warehouse.parse.numbers import NotANumber, looks_like_amount, parse_amount, wan_yuan
from warehouse.parse.project_rows import is_total_label
from warehouse.parse.row_repair import join_wrapped
from warehouse.parse.staging import (
    Provenance,
    StagedDocument,
    StagedFact,
    StagedTable,
    ThreePublicGrain,
)
from warehouse.parse.table_units import UnitResolver

KINDS = {"three_public", "gov_fund_three_public"}

_NUMBERING = re.compile(
    r"^(?:其中[:：]?)?\s*(?:[0-9一二三四五六七八九十]+[、.．]|[（(][0-9一二三]+[）)])*"
)


def item_of(label: str) -> str | None:
    """The 三公 item a label names; None for anything else (sub-items such as 外事接待 too)."""
    text = _NUMBERING.sub("", re.sub(r"\s+", "", label))
    if not text:
        return None
    if "接待" in text and any(word in text for word in ("国内", "外事", "外宾")):
        return None
    if "出国" in text or "出境" in text:
        return "overseas"
    if "接待" in text:
        return "reception"
    buy, run = "购置" in text, "运行" in text or "维护" in text
    if "公务用车" in text or "车辆" in text or buy or run:
        if buy and run:
            return "vehicle_total"
        if buy:
            return "vehicle_purchase"
        if run:
            return "vehicle_operation"
        return "vehicle_total"
    if is_total_label(text):
        return "total"
    if "三公" in text and not any(word in text for word in ("预算", "决算", "年")):
        return "total"
    return None


def _column_item(path: tuple[str, ...]) -> str | None:
    """The item of a column: its leaf label, or 小计 under 公务用车购置及运行费, or 合计."""
    if not path:
        return None
    leaf = path[-1]
    if leaf in ("小计", "合计"):
        parents = [item_of(p) for p in path[:-1]]
        return next((p for p in parents if p and p != "total"), "total")
    return item_of(leaf)


def _split(rows: list[list[str]]) -> int:
    """Header rows: split_header, plus rows that only print years (2022 | 2023)."""
    n = split_header(rows)
    while n < len(rows) and any(re.fullmatch(r"20\d{2}年?", c.strip()) for c in rows[n]):
        if any(looks_like_amount(c) and not re.fullmatch(r"20\d{2}", c.strip()) for c in rows[n]):
            break
        n += 1
    return n


class _ThreePublicTable(TableWork):
    def stage(
        self,
        cell: str,
        unit: str,
        item: str | None,
        when: ColumnTime | None,
        row: str,
        column: str,
    ) -> None:
        try:
            amount = parse_amount(cell)
        except NotANumber:
            if cell.strip():
                self.n_figures += 1
                self.issue("not an amount", row, column, cell)
            return
        if amount is None:
            return
        self.n_figures += 1
        if when is None:
            self.issue("a change or rate column, not a figure of a year", row, column, cell)
            return
        if item is None:
            self.issue("not a 三公 item", row, column, cell)
            return
        grain = ThreePublicGrain(
            unit=unit, fiscal_year=when.fiscal_year, stage=when.stage, item=item
        )
        source = Provenance(
            table=self.ctx.title,
            page=self.table.page_first,
            lines=self.table.source_lines,
            row=row,
            column=column,
        )
        if self.staged.add_fact(StagedFact(grain, wan_yuan(amount, self.ctx.money_unit), source)):
            self.n_facts += 1

    def times(self, paths: list[tuple[str, ...]]) -> list[ColumnTime | None]:
        """Per column; 调整预算数 is not a grain when 年初预算数 is printed too (convention 7)."""
        has_initial = any("年初预算" in "".join(p) for p in paths)
        return [
            None
            if has_initial and "调整预算" in "".join(p)
            else column_time(p, self.ctx.fiscal_year, self.ctx.stage)
            for p in paths
        ]

    def items_as_columns(
        self, body: list[list[str]], paths: list[tuple[str, ...]], items: list[str | None]
    ) -> None:
        times = self.times(paths)
        unit_codes = [j for j, p in enumerate(paths) if p and _is_unit_code(p[-1])]
        texty = _text_columns(body, len(paths))
        labels = [j for j in texty if items[j] is None and j not in unit_codes]
        units = UnitResolver(self.table, self.staged)
        for row in body:
            code = next((row[j].strip() for j in unit_codes if j < len(row) and row[j]), "")
            name = next((join_wrapped(row[j]) for j in labels if j < len(row) and row[j]), "")
            if is_total_label(name) or not (name or code):
                unit = ""
            else:
                unit = units.resolve(name, code or None)
            label = " ".join(p for p in (code, name) if p) or "(row)"
            for j, item in enumerate(items):
                if j < len(row) and j not in labels and j not in unit_codes:
                    self.stage(row[j], unit, item, times[j], label, "›".join(paths[j]))

    def items_as_rows(self, body: list[list[str]], paths: list[tuple[str, ...]]) -> None:
        times = self.times(paths)
        width = len(paths)
        label_columns = _text_columns(body, width)[:1] or [0]
        for row in body:
            label = join_wrapped(row[label_columns[0]]) if label_columns[0] < len(row) else ""
            item = item_of(label)
            for j in range(width):
                if j in label_columns or j >= len(row):
                    continue
                self.stage(row[j], "", item, times[j], label, "›".join(paths[j]))


def _text_columns(body: list[list[str]], width: int) -> list[int]:
    """Columns printing words (labels, unit names) rather than amounts."""
    return [
        j
        for j in range(width)
        if any(j < len(r) and r[j].strip() and not looks_like_amount(r[j]) for r in body)
    ]


def _is_unit_code(label: str) -> bool:
    return "单位" in label and ("编码" in label or "代码" in label)


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every 三公 figure with its item, year and stage."""
    n_header = _split(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    paths = column_paths(header, width)
    items = [_column_item(p) for p in paths]
    state = _ThreePublicTable(table, ctx, staged)
    if sum(1 for item in items if item is not None) >= 2:
        state.items_as_columns(body, paths, items)
    else:
        state.items_as_rows(body, paths)
    return staged_table(table, ctx, n_figures=state.n_figures, n_facts=state.n_facts)
