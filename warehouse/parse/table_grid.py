"""Shared plumbing of the summary, revenue and by-unit parsers: header rows, issues, facts.

The header of these tables may be preceded by printed context rows the extractor kept inside
the grid (单位: 医保局, 数据来源于 …) and followed by a 栏次 row of column numbers; both are
header, not body.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from warehouse.parse.context import TableWork
from warehouse.parse.header import column_paths, split_header
from warehouse.parse.labels import squash
from warehouse.parse.numbers import NotANumber, parse_amount, wan_yuan
from warehouse.parse.staging import (
    Grain,
    Provenance,
    StagedFact,
)


@dataclass
class Grid:
    """A table split into header paths and body rows."""

    header: list[list[str]]  # the labelled header rows (a 栏次 row left out)
    body: list[list[str]]
    paths: list[tuple[str, ...]]
    width: int


def read_grid(rows: list[list[str]]) -> Grid:
    """Header rows (up to the first row with figures, plus any 栏次 row) and body rows."""
    width = max((len(r) for r in rows), default=0)
    n_header = split_header(rows)
    while n_header < len(rows) and any(squash(c) == "栏次" for c in rows[n_header]):
        n_header += 1 + split_header(rows[n_header + 1 :])
    header, body = rows[:n_header], rows[n_header:]
    padded = [r + [""] * (width - len(r)) for r in body]
    # the 栏次 row numbers the columns (1, 2 …): not part of any column's label path
    labelled = [r for r in header if not any(squash(c) == "栏次" for c in r)]
    return Grid(header=labelled, body=padded, paths=column_paths(labelled, width), width=width)


def is_line_number_column(path: tuple[str, ...]) -> bool:
    """行次 columns print line numbers, not money."""
    return any(p == "行次" for p in path)


class Recorder(TableWork):
    """Counts figures and facts of one table and records its issues and checks."""

    def amount(self, cell: str, row: str, column: str) -> Decimal | None:
        """The printed amount in 万元, counted as a figure; None when blank or not a number."""
        try:
            value = parse_amount(cell)
        except NotANumber:
            if squash(cell):
                self.n_figures += 1
                self.issue("not an amount", row, column, cell)
            return None
        if value is None:
            return None
        self.n_figures += 1
        return wan_yuan(value, self.ctx.money_unit)

    def fact(
        self, grain: Grain, amount: Decimal, row: str, column: str, parts: tuple[Decimal, ...] = ()
    ) -> None:
        """Stage a fact; `parts` are the printed amounts it sums when printed in parts."""
        source = Provenance(
            table=self.ctx.title,
            page=self.table.page_first,
            lines=self.table.source_lines,
            row=row,
            column=column,
        )
        fact = StagedFact(grain=grain, amount=amount, source=source, parts=parts)
        if self.staged.add_fact(fact):
            self.n_facts += 1


def group_checks(
    rec: Recorder, paths: list[tuple[str, ...]], amount_cols: list[int], row: list[str], label: str
) -> None:
    """Each printed 合计/小计 column against the columns it sums (its header group's members).

    A group is the columns under one header path; a member is a direct child column or a
    nested group's own 合计/小计. Used for subtotal columns that are checks, not grains.
    """
    from warehouse.parse.numbers import NotANumber, parse_amount

    def value(j: int) -> Decimal | None:
        try:
            found = parse_amount(row[j])
        except NotANumber:
            return None
        return None if found is None else wan_yuan(found, rec.ctx.money_unit)

    for t in amount_cols:
        path = paths[t]
        if not path or path[-1] not in ("合计", "小计", "总计"):
            continue
        printed = value(t)
        if printed is None:
            continue
        group = path[:-1]
        members = [
            j
            for j in amount_cols
            if j != t
            and paths[j][: len(group)] == group
            and len(paths[j]) > len(group)
            and (
                len(paths[j]) == len(group) + 1
                or (len(paths[j]) == len(group) + 2 and paths[j][-1] in ("合计", "小计"))
            )
            and not (len(paths[j]) == len(group) + 1 and paths[j][-1] in ("合计", "小计", "总计"))
        ]
        parts = [v for j in members if (v := value(j)) is not None]
        if members and parts:
            rec.check("column_sum", printed, parts, label, "›".join(path))
