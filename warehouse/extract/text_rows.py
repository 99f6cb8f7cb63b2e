"""Tables printed one row per line with tab-separated cells (seeds 001 and 004).

A table starts at a line with two or more printed cells; the short lines above it give its
title, number and unit. Lines of the 单位:/数据来源于 kind at the top are context, not rows.
A table printed again under the same title with the same header rows is the previous table
continued on the next page: its body rows are appended. Rows whose label was printed in the
first column while the amounts start one column early are re-seated under the amount columns
(text_align).
"""

from __future__ import annotations

import re

from warehouse.extract.model import RawTable
from warehouse.extract.text_align import realign
from warehouse.extract.text_cells import clean_cell
from warehouse.extract.titles_context import (
    is_table_number,
    is_unit_line,
    is_year_line,
    normalize_table_number,
)

_RULE_ROW = re.compile(r"^[\s\-|:]+$")
_CONTEXT_CELL = re.compile(r"^(单位(?:名称)?|数据来源于?|注)\s*[:：]")
_MAX_TITLE_LOOKBACK = 6
# a unit printed alone above a table (医保局, 社保科): context, not the table's title
_UNIT_NAME_LINE = re.compile(
    r"^[^\s表:：,，。]{2,20}(?:局|科|处|室|中心|站|所|院|校|馆|队|本级|机关)(?:[-－—]\d{6,})?$"
)


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
        elif is_year_line(text) or _CONTEXT_CELL.match(text) or _UNIT_NAME_LINE.match(text):
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


class RowTableBuilder:
    """Collects tab-separated rows into RawTables, merging page continuations."""

    def __init__(self, tables: list[RawTable]) -> None:
        self.tables = tables
        self.preceding: list[str] = []
        self.current: RawTable | None = None
        self._lengths: list[int] = []

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
            self._lengths = []
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
        self._lengths.append(len(cells))

    def close(self) -> None:
        table = self.current
        self.current = None
        if table is None:
            return
        self.preceding = []
        table.rows = realign(table.rows, self._lengths, table.title)
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
