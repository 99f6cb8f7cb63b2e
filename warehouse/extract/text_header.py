"""Header rows of a table printed one cell per line: spread upper labels over their leaves.

The text gives each header row as a run of labels without positions. The leaf row (the last
header run) has one cell per column; a label of an upper row covers a contiguous group of
the row below. Groups are found from the genre's header grammar: a blank leaf sits under a
label spanning two rows, key columns (编码/名称) form one group, a 小计/合计 leaf starts a
group, or the first label recurs (收入 | 支出 halves of a summary table).
"""

from __future__ import annotations

import re

from warehouse.extract.text_cells import clean_cell

_KEY_LABEL = re.compile(
    r"编码|代码|名称|^项\s*目$|摘要|明细|目标|序号|方式|目录|类级|^单位|^部门|分类$|^类$|^款$|^项$"
)
_GROUP_START = {"小计", "合计"}

Span = tuple[int, int]  # first column, width


def is_key_label(label: str) -> bool:
    return bool(_KEY_LABEL.search(re.sub(r"\s+", "", label)))


def _split(units: list[tuple[Span, str]], key_split: bool) -> list[list[tuple[Span, str]]]:
    groups: list[list[tuple[Span, str]]] = []
    first = units[0][1] if units else ""
    for unit in units:
        label = unit[1]
        start = not groups or not label or not groups[-1][-1][1]
        if key_split:
            prev = groups[-1][-1][1] if groups else ""
            start = start or label in _GROUP_START or is_key_label(label) != is_key_label(prev)
        else:
            start = start or (label == first and bool(groups))
        if start:
            groups.append([unit])
        else:
            groups[-1].append(unit)
    return groups


def _place(labels: list[str], units: list[tuple[Span, str]]) -> list[tuple[Span, str]] | None:
    """Spans of the upper labels over the units of the row below, or None if no rule fits."""
    if len(labels) == len(units):
        return [(span, label) for (span, _), label in zip(units, labels, strict=True)]
    for key_split in (True, False):
        groups = _split(units, key_split)
        if len(groups) == len(labels):
            placed: list[tuple[Span, str]] = []
            for group, label in zip(groups, labels, strict=True):
                start = group[0][0][0]
                end = group[-1][0][0] + group[-1][0][1]
                placed.append(((start, end - start), label))
            return placed
    return None


def header_grid(runs: list[list[str]], width: int) -> list[list[str]]:
    """Header rows as a grid: each label at the first column it covers, '' elsewhere."""
    if not runs:
        return []
    leaf = [clean_cell(c) for c in runs[-1]][:width]
    leaf += [""] * (width - len(leaf))
    grid = [leaf]
    units: list[tuple[Span, str]] = [((j, 1), leaf[j]) for j in range(width)]
    for run in reversed(runs[:-1]):
        labels = [clean_cell(c) for c in run if clean_cell(c)]
        placed = _place(labels, units)
        row = [""] * width
        if placed is None:  # keep every label, left to right, rather than drop it
            for j, label in enumerate(labels[:width]):
                row[j] = label
            if len(labels) > width:
                row[-1] = " ".join(labels[width - 1 :])
            units = [((j, 1), row[j]) for j in range(width)]
        else:
            for (start, _), label in placed:
                row[start] = label
            units = placed
        grid.insert(0, row)
    # a blank leaf under a two-row label: the label's own cell carries the meaning
    return grid
