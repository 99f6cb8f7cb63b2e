"""Sichuan performance-goal tables printed one row per line: each project's row group put back
together before the parse stage reads it.

In this layout (项目单位(项目名称) | 项目资金 | 年度目标 | 指标内容/指标值 pairs under 项目完成 /
效益 / 满意度指标) a project is one tall row group. The name and amounts sit vertically
centred in merged cells, so a text extraction prints them on a row in the middle of the group
(or on lines of their own), wraps the name over several rows, continues the 年度目标 after a
page break, and drops leading empty cells, sliding the pairs left. The groups are found from
what the layout guarantees instead:
- each pair column is filled from the top of its group down, so a row that brings a 效益 or
  满意度 pair the row above lacked starts a new group (unless the group above still waits
  for its name: the printed name is always inside its group);
- a row with a name and amounts starts a group when the current group's name is already a
  complete project name of the document (one printed in another table);
and the pairs are placed by content: after the name, amounts and 年度目标 of a row, its cells
are 指标内容/指标值 pairs, a value-looking cell never being a 指标内容.
Doubts (an unnamed group, amounts printed twice, costs not adding up) are left as notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from warehouse.extract.model import RawTable
from warehouse.extract.text_rows import cells_of
from warehouse.parse.kpi_layout import PairedColumns, paired_header
from warehouse.parse.projects import project_key

_UNIT_ROW = re.compile(r"^\d{6}\D")
_AMOUNT = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_SENTENCE = re.compile(r"[，。；,;]")
_MIN_GOAL = 16  # a 年度目标 piece is a sentence; 指标内容 cells are short
_VALUE = re.compile(
    r"^(?:[≥≤><＞＜=]+\s*)?(?:\d[\d.,]*|[一二三四五六七八九十两百千]+)\s*"
    r"(?:[%％]|[^\s\d，。；]{0,3})(?:\s*[-—~～]\s*\d[\d.]*\s*[%％]?)?$"
    r"|^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[前内底]?$"
)
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff（）、])\s+|\s+(?=[\u4e00-\u9fff（）、])")
_COST = re.compile(r"^(\d+(?:\.\d+)?)\s*万元$")


def is_value(text: str) -> bool:
    """A 指标值 by its look: a number with a unit, a bound, a share, a date."""
    return bool(_VALUE.match(text.strip()))


def _squeezed(text: str) -> str:
    """Spaces a garbled print put between Chinese characters removed."""
    return _CJK_GAP.sub("", text).strip()


@dataclass
class _Line:
    """One printed line of the table body, split into its parts."""

    name: str = ""
    amounts: list[str] = field(default_factory=list)
    goal: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    alone: bool = False  # a merged cell printed on a line of its own

    def filled(self) -> set[int]:
        return {k for k, (content, value) in enumerate(self.pairs) if content or value}


@dataclass
class _Group:
    """One project's (or the unit's) row group, in printed order."""

    names: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    goal: str = ""
    pair_rows: list[list[tuple[str, str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    amounts_alone: bool = False  # the amounts came one a line, to be collected in order

    @property
    def name(self) -> str:
        return "".join(re.sub(r"\s+", "", n) for n in self.names)

    def add(self, line: _Line) -> None:
        if line.name:
            self.names.append(line.name)
        if line.amounts:
            if not self.amounts or (line.alone and self.amounts_alone):
                self.amounts = [*self.amounts, *line.amounts]
                self.amounts_alone = line.alone
            elif line.amounts != self.amounts:
                self.notes.append(
                    f"项目资金 printed twice for one project: {' / '.join(self.amounts)} kept, "
                    f"{' / '.join(line.amounts)} left out"
                )
        self.goal += line.goal
        if line.filled():
            self.pair_rows.append(line.pairs)


def _pairs(cells: list[str]) -> list[tuple[str, str]]:
    """Cells after a row's lead, as (指标内容, 指标值) pairs; a value-looking cell in a
    指标内容 slot means the pair before it printed no value."""
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    k = 2
    while k < len(cells):
        if cells[k] and is_value(cells[k]) and cells[k - 1] and not is_value(cells[k - 1]):
            cells.insert(k - 1, "")
        k += 2
    if len(cells) % 2:
        cells.append("")
    return [(_squeezed(cells[i]), _squeezed(cells[i + 1])) for i in range(0, len(cells), 2)]


def _names_a_project(cells: list[str]) -> bool:
    """A first cell followed by amounts, or by blank money cells before more cells (a wrapped
    name's next piece), is the 项目名称 column."""
    if len(cells) > 1 and _AMOUNT.match(cells[1]):
        return True
    return len(cells) > 3 and not cells[1] and not cells[2]


def _read_line(line: str, n_amounts: int) -> _Line:
    cells = cells_of(line)
    if len(cells) == 1:  # a merged cell printed on a line of its own
        text = cells[0]
        if _AMOUNT.match(text):
            return _Line(amounts=[text], alone=True)
        if len(text) >= _MIN_GOAL or _SENTENCE.search(text):
            return _Line(goal=text)
        return _Line(name=_squeezed(text))
    out = _Line()
    i = 0
    if cells[0] and not is_value(cells[0]) and _names_a_project(cells):
        out.name = _squeezed(cells[0])
        i = 1
        while i < len(cells) and i <= n_amounts and (not cells[i] or _AMOUNT.match(cells[i])):
            if cells[i]:
                out.amounts.append(cells[i])
            i += 1
    while i < len(cells) and not cells[i]:
        i += 1
    if i < len(cells) and len(cells[i]) >= _MIN_GOAL and _SENTENCE.search(cells[i]):
        out.goal = cells[i]
        i += 1
    out.pairs = _pairs(cells[i:])
    return out


def _header_end(table: RawTable) -> tuple[int, PairedColumns] | None:
    """Rows of the header stack and its columns, when the table is of the Sichuan layout."""
    for k in range(min(len(table.rows), 6)):
        columns = paired_header(table.rows[max(0, k - 2) : k + 1])
        if columns is not None:
            if columns.name is None or len(columns.pairs) < 2:
                return None
            return k + 1, columns
    return None


def _groups(lines: list[_Line], known: set[str]) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    above: _Line | None = None  # the last line that printed pairs
    for line in lines:
        if _UNIT_ROW.match(line.name):
            groups.append(_Group())
            groups[-1].add(line)
            current = above = None
            continue
        starts = current is None
        if current is not None and line.filled():
            later = {k for k in line.filled() if k > 0}
            fresh = above is None or bool(later - above.filled())
            starts = fresh and not (line.name and not current.names)
        if current is not None and line.name and line.amounts and current.names:
            starts = starts or project_key(current.name) in known
        if starts or current is None:
            current = _Group()
            groups.append(current)
        current.add(line)
        if line.filled():
            above = line
    return groups


def _costs_hold(group: _Group) -> bool:
    """The 万元 indicators of the 项目完成 column add up to the 资金总额, when both printed."""
    costs = [_COST.match(row[0][1]) for row in group.pair_rows if row and row[0][1]]
    found = [Decimal(m.group(1)) for m in costs if m]
    if not found or not group.amounts:
        return True
    try:
        return sum(found) == Decimal(group.amounts[0].replace(",", ""))
    except InvalidOperation:
        return True


def _rows(
    groups: list[_Group], columns: PairedColumns, width: int
) -> tuple[list[list[str]], list[str]]:
    """The rebuilt body rows, and the notes on what could not be placed."""
    goal_col = next((i for i, label in columns.fields.items() if "目标" in label), None)
    amount_cols = [i for i in sorted(columns.fields) if i != goal_col]
    rows: list[list[str]] = []
    notes: list[str] = []
    for group in groups:
        notes.extend(f"{group.name}: {n}" for n in group.notes)
        if not group.names:
            lost = [f"{c} {v}".strip() for row in group.pair_rows for c, v in row if c or v]
            if lost:
                notes.append("performance-goal rows without a printed project: " + "; ".join(lost))
            continue
        if not _costs_hold(group):
            notes.append(f"{group.name}: the cost indicators do not add up to 资金总额")
        head = [""] * width
        head[columns.name or 0] = group.name
        for col, amount in zip(amount_cols, group.amounts, strict=False):
            head[col] = amount
        if goal_col is not None:
            head[goal_col] = group.goal
        body = [head] + [[""] * width for _ in group.pair_rows[1:]]
        for row, pairs in zip(body, group.pair_rows, strict=False):
            for (content_col, value_col, _), (content, value) in zip(
                columns.pairs, pairs, strict=False
            ):
                row[content_col], row[value_col] = content, value
            if len(pairs) > len(columns.pairs):
                notes.append(
                    f"{group.name}: more pairs than columns: {pairs[len(columns.pairs) :]}"
                )
        rows.extend(body)
    return rows, notes


def regroup_paired_kpis(tables: list[RawTable], raw_lines: list[str]) -> None:
    """Rebuild the body of each Sichuan performance-goal table from its printed lines."""
    for table in tables:
        found = _header_end(table)
        if found is None or table.line_first is None or table.line_last is None:
            continue
        n_header, columns = found
        known = {
            project_key(c)
            for other in tables
            if other is not table
            for r in other.rows
            for c in r
            if c
        }
        region = raw_lines[table.line_first - 1 : table.line_last]
        start = next(
            (
                i + 1
                for i, line in enumerate(region)
                if "指标内容" in cells_of(line) or "指标名称" in cells_of(line)
            ),
            None,
        )
        if start is None:
            continue
        n_amounts = sum(1 for label in columns.fields.values() if "目标" not in label)
        lines = [
            _read_line(line, n_amounts)
            for line in region[start:]
            if line.strip(" \t\u3000") and not columns.is_header_row(cells_of(line))
        ]
        width = max(len(r) for r in table.rows[:n_header])
        body, notes = _rows(_groups(lines, known), columns, width)
        table.rows = [*table.rows[:n_header], *body]
        table.notes.extend(notes)
