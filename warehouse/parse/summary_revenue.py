"""The 收入 side of a two-sided summary table: one revenue fact per fund-source line.

Numbered lines nest: 一、本年收入 is a group whose sub-lines （一）一般公共预算拨款 … carry the
sources; 二、上年结转 or 五、单位资金收入 is a source whose sub-lines break it down (checks).
Unnumbered lines nest under a numbered line, and are siblings of each other otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from warehouse.parse.labels import RevenueLabel, revenue_label, split_enumeration, squash
from warehouse.parse.staging import RevenueGrain, Stage
from warehouse.parse.table_grid import Grid, Recorder


@dataclass
class _Parent:
    """The numbered line whose sub-lines follow: a group of sources or a source broken down."""

    label: str
    level: int
    info: RevenueLabel
    amount: Decimal | None
    children: list[Decimal] = field(default_factory=list)


_CHINESE_TOP = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_ARABIC_TOP = re.compile(r"^[0-9]+[、.．](?![0-9])")


def _is_child(level: int, parent_level: int) -> bool:
    """（一） lines sit under 一、 or unnumbered lines; unnumbered lines under 一、 lines."""
    return (level == 2 and parent_level in (0, 1)) or (level == 0 and parent_level == 1)


def _arabic_under_chinese(label: str, parent_label: str) -> bool:
    """'1.事业收入' under '三、单位资金': the 2026 templates number sub-lines 1. 2. 3."""
    return bool(_ARABIC_TOP.match(squash(label)) and _CHINESE_TOP.match(squash(parent_label)))


@dataclass
class RevenueSide:
    """Walks one amount column of the 收入 side, top to bottom."""

    rec: Recorder
    column: str
    stage: Stage
    current_year: list[Decimal] = field(default_factory=list)  # for 本年收入合计
    subtotals: list[tuple[str, Decimal]] = field(default_factory=list)
    parent: _Parent | None = None

    def fact(self, fund_source: str, amount: Decimal, label: str) -> None:
        ctx = self.rec.ctx
        grain = RevenueGrain("", ctx.fiscal_year, self.stage, fund_source, None)
        self.rec.fact(grain, amount, label, self.column)
        if fund_source not in ("carryover", "all"):
            self.current_year.append(amount)

    def close(self) -> None:
        """Check the closing parent against its sub-lines."""
        p, self.parent = self.parent, None
        if p is None or p.amount is None:
            return
        if p.children:
            name = "breakdown_sum" if p.info.kind == "source" else "subtotal_sum"
            self.rec.check(name, p.amount, p.children, p.label, self.column)
        elif p.info.kind != "source":
            self.rec.issue(
                "revenue line with no single fund source", p.label, self.column, str(p.amount)
            )

    def line(self, label: str, cell: str) -> None:
        amount = self.rec.amount(cell, label, self.column)
        level, name = split_enumeration(label)
        if not name:
            if amount is not None:
                self.rec.issue("revenue figure without a label", None, self.column, cell)
            return
        info = revenue_label(label)
        if info.kind in ("all", "subtotal"):
            self.close()
            if amount is not None and info.kind == "all":
                self.fact("all", amount, label)
            elif amount is not None:
                self.subtotals.append((label, amount))
            return
        parent = self.parent
        if parent is not None and (
            _is_child(level, parent.level) or _arabic_under_chinese(label, parent.label)
        ):
            if amount is not None:
                parent.children.append(amount)
            if parent.info.kind == "source" or amount is None:
                return  # a breakdown of the parent's source: checked when the parent closes
            if info.kind == "source" and info.fund_source:
                self.fact(info.fund_source, amount, label)
            else:
                self.rec.issue("revenue sub-line with no fund source", label, self.column, cell)
            return
        self.close()
        if info.kind == "unknown":
            if amount is not None:
                self.rec.issue("revenue line not a fund source", label, self.column, cell)
            return
        self.parent = _Parent(label, level, info, amount)
        if info.kind == "source" and info.fund_source and amount is not None:
            self.fact(info.fund_source, amount, label)

    def finish(self) -> None:
        self.close()
        for label, amount in self.subtotals:
            self.rec.check("subtotal_sum", amount, self.current_year, label, self.column)


def read_revenue_side(grid: Grid, label_col: int, col: int, rec: Recorder, stage: Stage) -> None:
    side = RevenueSide(rec, "›".join(grid.paths[col]), stage)
    for row in grid.body:
        side.line(squash(row[label_col]), row[col])
    side.finish()
