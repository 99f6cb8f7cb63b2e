"""Tables printed one cell per line, announced by a table number line (部门公开表N).

Region: from the number line to the next table number, or to running text (two plain lines
in a row, or a 第…部分 heading). Inside: the title, the unit line, header runs (cells between
blank lines), then the body, whose grid text_grid rebuilds.
"""

from __future__ import annotations

import re
from collections import Counter

from warehouse.extract.model import RawTable
from warehouse.extract.text_cells import TOTAL_LABELS, cell_kind, clean_cell, leading_tabs
from warehouse.extract.text_grid import Cell, build_grid
from warehouse.extract.titles_context import (
    is_table_number,
    is_unit_line,
    normalize_table_number,
)

_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_LOOKAHEAD = 40


def _single_cell(line: str) -> bool:
    return sum(1 for c in line.split("\t") if clean_cell(c)) <= 1


def starts_cell_table(lines: list[str], index: int) -> bool:
    """A table number line followed mostly by tab-indented lines of one cell each."""
    if not is_table_number(clean_cell(lines[index])):
        return False
    following = [ln for ln in lines[index + 1 : index + 1 + _LOOKAHEAD] if ln.strip(" \t")]
    if not following:
        return False
    single = sum(1 for ln in following if ln.startswith("\t") and _single_cell(ln))
    return single >= 0.7 * len(following)


def region_end(lines: list[str], start: int) -> int:
    """Index one past the region of the table whose number line is lines[start]."""
    i = start + 1
    while i < len(lines):
        line = lines[i]
        text = clean_cell(line)
        if is_table_number(text):
            return i
        if text and not line.startswith("\t"):
            if _PART_HEADING.match(text):
                return i
            nxt = next((ln for ln in lines[i + 1 :] if clean_cell(ln)), None)
            if nxt is None or not nxt.startswith("\t"):
                return i
        i += 1
    return i


def _runs(cells: list[Cell]) -> list[list[Cell]]:
    runs: list[list[Cell]] = []
    for cell in cells:
        if not runs or cell.blank_lines_before:
            runs.append([])
        runs[-1].append(cell)
    return runs


def _is_signal(cell: Cell, run: list[Cell]) -> bool:
    kind = cell_kind(cell.text)
    if kind in ("amount", "code"):
        return True
    text = clean_cell(cell.text)
    printed = [c for c in run if clean_cell(c.text)]
    return text in TOTAL_LABELS and len(printed) == 1


def _split_header(runs: list[list[Cell]]) -> int:
    """How many leading runs are header: up to the last labelled run before the first figure."""
    first_signal = next(
        (r for r, run in enumerate(runs) if any(_is_signal(c, run) for c in run)), len(runs)
    )
    for r in range(first_signal - 1, -1, -1):
        if any(cell_kind(c.text) == "text" for c in runs[r]):
            return r + 1
    return 0


def read_cell_table(lines: list[str], start: int, end: int, index: int) -> RawTable:
    """The table whose number line is lines[start], its region ending before lines[end]."""
    number = normalize_table_number(clean_cell(lines[start]))
    title: str | None = None
    unit_line: str | None = None
    context: list[str] = []
    cells: list[Cell] = []
    blanks = 0
    tab_counts: Counter[int] = Counter()
    for i in range(start + 1, end):
        line = lines[i]
        if not line.strip("\r\n"):
            blanks += 1
            continue
        text = clean_cell(line)
        if not cells:
            if not text:
                blanks = 0
                continue
            if title is None and not is_unit_line(text):
                title = text
                blanks = 0
                continue
            if unit_line is None and is_unit_line(text):
                unit_line = text
                blanks = 0
                continue
        if not text and not line.startswith("\t"):
            continue  # a stray blank marker outside the cell column is not a cell
        tabs = leading_tabs(line)
        if line.startswith("\t"):
            tab_counts[tabs] += 1
        cells.append(Cell(text=text, line_no=i + 1, extra_tabs=tabs, blank_lines_before=blanks))
        blanks = 0
    usual = tab_counts.most_common(1)[0][0] if tab_counts else 0
    cells = [
        Cell(
            c.text,
            c.line_no,
            max(0, c.extra_tabs - usual) if c.extra_tabs else 0,
            c.blank_lines_before,
        )
        for c in cells
    ]
    runs = _runs(cells)
    n_header = _split_header(runs)
    header_runs = [[c.text for c in run] for run in runs[:n_header]]
    body = [c for run in runs[n_header:] for c in run]
    if body:
        body[0] = Cell(body[0].text, body[0].line_no, body[0].extra_tabs, 2)
    grid, _ = build_grid(header_runs, body)
    return RawTable(
        index=index,
        rows=grid,
        title=title,
        number=number,
        unit_line=unit_line,
        context_lines=context,
        line_first=start + 1,
        line_last=max((c.line_no for c in cells), default=start + 1),
    )
