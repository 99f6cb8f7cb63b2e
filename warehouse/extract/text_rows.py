"""Tables printed one row per line with tab-separated cells (seeds 001 and 004).

A table starts at a line with two or more printed cells; the short lines above it give its
title, number and unit. Lines of the 单位:/数据来源于 kind at the top are context, not rows.
A table printed again under the same title with the same header rows is the previous table
continued on the next page: its body rows are appended. Rows whose label was printed in the
first column while the amounts start one column early are re-seated under the amount columns.
"""

from __future__ import annotations

import re
from collections import Counter

from warehouse.extract.model import RawTable
from warehouse.extract.text_cells import cell_kind, clean_cell
from warehouse.extract.titles_context import (
    is_table_number,
    is_unit_line,
    is_year_line,
    normalize_table_number,
)

_RULE_ROW = re.compile(r"^[\s\-|:]+$")
_CONTEXT_CELL = re.compile(r"^(单位(?:名称)?|数据来源于?|注)\s*[:：]")
_MAX_TITLE_LOOKBACK = 6


def cells_of(line: str) -> list[str]:
    return [clean_cell(cell).replace("\u3000", " ").strip() for cell in line.split("\t")]


def is_row(line: str) -> bool:
    if "\t" not in line:
        return False
    return sum(1 for cell in cells_of(line) if cell) >= 2


def _title_context(preceding: list[str]) -> tuple[str | None, str | None, str | None, list[str]]:
    """Title, number and unit line among the short lines printed just above a table."""
    title: str | None = None
    number: str | None = None
    unit_line: str | None = None
    context: list[str] = []
    for line in reversed(preceding[-_MAX_TITLE_LOOKBACK:]):
        text = line.strip()
        if not text:
            continue
        if is_table_number(text):
            number = number or normalize_table_number(text)
        elif is_unit_line(text) and unit_line is None:
            unit_line = text
        elif is_year_line(text) or _CONTEXT_CELL.match(text):
            context.append(text)
        elif title is None:
            title = text
            break
    return title, number, unit_line, list(reversed(context))


def _norm(row: list[str]) -> tuple[str, ...]:
    cells = [re.sub(r"\s+", "", c) for c in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _first_amount(row: list[str]) -> int | None:
    """First figure after the row's last label (codes and 类/款/项 parts come before it)."""
    labels = [j for j, c in enumerate(row) if cell_kind(c) == "text"]
    after = labels[-1] + 1 if labels else 0
    return next(
        (j for j in range(after, len(row)) if cell_kind(row[j]) in ("amount", "code")), None
    )


def _reseat(rows: list[list[str]]) -> list[list[str]]:
    """Move label rows whose amounts start left of the table's amount block (seed 004 合计)."""
    starts = Counter(
        a
        for row in rows
        if row and cell_kind(row[0]) == "code" and (a := _first_amount(row)) is not None
    )
    if not starts:
        return rows
    block = starts.most_common(1)[0][0]
    fixed: list[list[str]] = []
    for row in rows:
        first = _first_amount(row)
        labels = [c for c in row[: first or 0] if c]
        if (
            first is not None
            and first < block
            and len(labels) == 1
            and cell_kind(row[0]) == "text"
            and all(not c for c in row[1:first])
        ):
            shift = block - first
            new = [""] * (block - 1) + [labels[0]] + row[first:]
            fixed.append(new + [""] * max(0, len(row) + shift - len(new)))
            continue
        fixed.append(row)
    return fixed


class RowTableBuilder:
    """Collects tab-separated rows into RawTables, merging page continuations."""

    def __init__(self, tables: list[RawTable]) -> None:
        self.tables = tables
        self.preceding: list[str] = []
        self.current: RawTable | None = None
        self._header_done = False

    @property
    def open(self) -> bool:
        return self.current is not None

    def add(self, line: str, line_no: int) -> None:
        if _RULE_ROW.match(line.replace("\t", "")):
            return
        cells = cells_of(line)
        if self.current is None:
            title, number, unit_line, context = _title_context(self.preceding)
            self.current = RawTable(
                index=len(self.tables),
                rows=[],
                title=title,
                number=number,
                unit_line=unit_line,
                context_lines=context,
                line_first=line_no,
            )
            self.tables.append(self.current)
            self._header_done = False
        table = self.current
        table.line_last = line_no
        printed = [c for c in cells if c]
        if (
            not table.rows
            and printed
            and all(_CONTEXT_CELL.match(c) or is_unit_line(c) for c in printed)
        ):
            for c in printed:
                if is_unit_line(c) and table.unit_line is None:
                    unit = re.search(r"单位\s*[:：]\s*\S+$", c)
                    table.unit_line = unit.group(0) if unit else c
                table.context_lines.append(c)
            return
        table.rows.append(cells)

    def close(self) -> None:
        table = self.current
        self.current = None
        if table is None:
            return
        self.preceding = []
        width = max((len(r) for r in table.rows), default=0)
        table.rows = _reseat([r + [""] * (width - len(r)) for r in table.rows])
        if not table.rows:
            self.tables.remove(table)
            return
        previous = self.tables[-2] if len(self.tables) > 1 else None
        if previous is not None and previous.title and previous.title == table.title:
            self._merge(previous, table)

    def _merge(self, previous: RawTable, table: RawTable) -> None:
        """Append a continuation's body under the previous table, without the repeated header."""
        head = {_norm(r) for r in previous.rows[:4]}
        body = list(table.rows)
        while body and _norm(body[0]) in head:
            body.pop(0)
        width = max(len(r) for r in previous.rows)
        previous.rows.extend(r + [""] * (width - len(r)) for r in body)
        previous.line_last = table.line_last
        previous.context_lines.extend(
            c for c in table.context_lines if c not in previous.context_lines
        )
        self.tables.remove(table)
