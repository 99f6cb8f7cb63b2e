"""Rebuild the grid of a table printed one cell per line (seed 000's layout).

Each printed cell is a line; blank cells print as U+3000 or spaces, but a row may print fewer
cells than the table has columns. The rows are recovered by aligning the stream of cells with
the columns: a classification code or label belongs to a key column, an amount to an amount
column, blank markers fit anywhere, and a row ends where the next one visibly starts. Missing
cells are filled as blanks, by preference at the end of the row, or where the line's extra
indentation (one more tab than usual) shows that a cell was skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from warehouse.extract.text_cells import TOTAL_LABELS, CellKind, cell_kind, clean_cell
from warehouse.extract.text_header import header_grid, is_key_label


@dataclass(frozen=True)
class Cell:
    text: str  # as printed, layout whitespace stripped
    line_no: int
    extra_tabs: int  # tabs beyond the table's usual indentation
    blank_lines_before: int

    @property
    def kind(self) -> CellKind:
        return cell_kind(self.text)


_SKIP = 1.0
_WRONG = 6.0
_LONG_TEXT = 40  # characters: longer text is running prose, not a name


def _type_cost(kind: CellKind, text: str, key_column: bool, name_column: bool) -> float:
    if kind == "blank":
        return 0.0
    if key_column:
        if name_column and kind == "text" and len(text) > _LONG_TEXT:
            return _WRONG  # a paragraph is a 摘要/明细 cell, never a unit or project name
        return {"code": 0.0, "text": 0.0, "amount": 1.5}[kind]
    if kind == "amount":
        return 0.0
    if kind == "code":
        return 0.3
    return 0.5 if text in TOTAL_LABELS else _WRONG


def _boundary_cost(cell: Cell, usual_gap: int) -> float:
    """A row usually starts after a wider gap than the gap between its own cells."""
    return 0.0 if cell.blank_lines_before > usual_gap else 1.2


def _within_cost(cell: Cell, usual_gap: int) -> float:
    return 0.0 if cell.blank_lines_before <= usual_gap else 0.8


def _skip_cost(skipped: int, cell: Cell, width: int, column: int) -> float:
    if skipped == 0:
        return 0.0 if cell.extra_tabs == 0 else 0.2
    if skipped == cell.extra_tabs:
        return 0.0
    return skipped * _SKIP + 0.01 * (width - column)


def align_rows(
    cells: list[Cell], key_columns: list[bool], name_columns: list[bool] | None = None
) -> list[list[Cell | None]]:
    """Minimal-cost assignment of the cell stream to rows of len(key_columns) columns."""
    names = name_columns or [False] * len(key_columns)
    width = len(key_columns)
    inf = float("inf")
    m = len(cells)
    gaps = Counter(c.blank_lines_before for c in cells[1:])
    usual_gap = gaps.most_common(1)[0][0] if gaps else 0
    # cost[i][j]: best cost with i cells placed and the next free column j (0 = row start)
    cost = [[inf] * (width + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int, int] | None]] = [[None] * (width + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    for i in range(m + 1):
        for j in range(width, 0, -1):  # closing a row before opening the next
            if cost[i][j] < inf:
                closed = cost[i][j] + (width - j) * _SKIP
                if closed < cost[i][0]:
                    cost[i][0], back[i][0] = closed, (i, j, -1)
        if i == m:
            break
        cell = cells[i]
        kind, text = cell.kind, clean_cell(cell.text)
        for j in range(width):
            base = cost[i][j]
            if base == inf:
                continue
            link = _boundary_cost(cell, usual_gap) if j == 0 else _within_cost(cell, usual_gap)
            for k in range(j, width):
                total = (
                    base
                    + link
                    + _skip_cost(k - j, cell, width, k)
                    + _type_cost(kind, text, key_columns[k], names[k])
                )
                if total < cost[i + 1][k + 1]:
                    cost[i + 1][k + 1], back[i + 1][k + 1] = total, (i, j, k)
    rows: list[list[Cell | None]] = []
    current: list[Cell | None] | None = None
    i, j = m, 0
    while (i, j) != (0, 0):
        step = back[i][j]
        if step is None:
            break
        pi, pj, k = step
        if k == -1:  # a row was closed here
            current = [None] * width
            rows.append(current)
        elif current is not None:
            current[k] = cells[pi]
        i, j = pi, pj
    rows.reverse()
    return rows


def key_columns_of(header: list[list[str]], width: int) -> list[bool]:
    """Which columns hold codes or labels, read from the nearest printed header label."""
    flags: list[bool] = []
    for j in range(width):
        label = ""
        for row in reversed(header):
            if j < len(row) and row[j]:
                label = row[j]
                break
        if not label:  # a merged upper label spreads to the right
            for row in reversed(header):
                left = [row[c] for c in range(min(j, len(row))) if row[c]]
                if left:
                    label = left[-1]
                    break
        flags.append(is_key_label(label))
    return flags


def build_grid(
    header_runs: list[list[str]], body: list[Cell]
) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Header rows plus body rows as cell text; with each body row's first and last line."""
    width = max((len(r) for r in header_runs[-1:]), default=0)
    if width == 0:
        return [[c.text] for c in body], [(c.line_no, c.line_no) for c in body]
    header = header_grid(header_runs, width)
    leaf = [next((r[j] for r in reversed(header) if j < len(r) and r[j]), "") for j in range(width)]
    rows = align_rows(body, key_columns_of(header, width), ["名称" in label for label in leaf])
    grid = [list(r) for r in header]
    spans: list[tuple[int, int]] = []
    for row in rows:
        printed = [c for c in row if c is not None]
        if len(printed) < width and not any(clean_cell(c.text) for c in printed):
            continue  # stray blank markers, not a printed row of empty cells
        grid.append([clean_cell(c.text) if c is not None else "" for c in row])
        spans.append((min(c.line_no for c in printed), max(c.line_no for c in printed)))
    return grid, spans
