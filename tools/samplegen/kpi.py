"""绩效目标 blocks: the bordered layout of performance-goal tables.

A block is one ruled table: the project-name row, labelled field rows (two short fields share
a row, as 主管部门/实施单位 do in the originals), extra rows, then the indicator grid whose
一级/二级 cells are merged downwards and whose left column carries the 绩效指标 label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Table as RLTable

from .layout import (
    LANDSCAPE_WIDTH,
    PAD,
    PORTRAIT_WIDTH,
    ColumnNeed,
    distribute,
    para,
    text_width,
)
from .model import KpiBlock, KpiTable

LABEL_KEYS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "指标内容": "level3",
    "指标名称": "level3",
    "运算符号": "operator",
    "运算符": "operator",
    "指标值": "target",
    "年度指标值": "target",
    "目标值": "target",
    "度量单位": "unit",
    "计量单位": "unit",
    "完成时限": "deadline",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "全年完成值": "actual",
    "实际完成值": "actual",
    "完成值": "actual",
}
MERGED_KEYS = ("level1", "level2")
MAX_SPAN = 12  # longer runs are cut so the block can still break between pages
SHORT_FIELD = 18  # characters; two fields this short share one row
LABEL_TEXT = "绩效指标"
FIGURE = re.compile(r"^[-+]?[\d,]+(\.\d+)?%?$")


def key_for(label: str) -> str | None:
    if label in LABEL_KEYS:
        return LABEL_KEYS[label]
    for part, key in (("偏差", "deviation"), ("完成值", "actual"), ("指标值", "target")):
        if part in label:
            return key
    return None


def indicator_keys(block: KpiBlock) -> list[str]:
    """Indicator key of each header column: by label, then leftover keys in order."""
    keys = [key_for(h) for h in block.indicator_header]
    seen_keys: list[str] = []
    for ind in block.indicators:
        seen_keys += [k for k in ind if k not in seen_keys]
    leftover = [k for k in seen_keys if k not in keys]
    out: list[str] = []
    for key in keys:
        out.append(key if key is not None else (leftover.pop(0) if leftover else ""))
    return out


@dataclass(frozen=True)
class KpiPlan:
    """Orientation, size and widths shared by all blocks of one KPI table."""

    landscape: bool
    size: float
    widths: list[float]


def _ncols(table: KpiTable) -> int:
    widest = max((len(b.indicator_header) for b in table.blocks), default=0)
    extra = max((len(r) for b in table.blocks for r in b.extra_rows), default=0)
    return max(widest + 1, extra, 4)


def _needs(table: KpiTable, font: str, size: float, ncols: int) -> list[ColumnNeed]:
    """Figure-only columns are rigid (a score must not wrap), text columns may wrap."""
    char = text_width("国", font, size)
    naturals = [0.0] * ncols
    figures = [True] * ncols
    for block in table.blocks:
        keys = indicator_keys(block)
        for i, label in enumerate(block.indicator_header):
            values = [ind.get(keys[i], "") for ind in block.indicators]
            widest = max(text_width(t, font, size) for t in [label, *values])
            naturals[i + 1] = max(naturals[i + 1], widest)
            figures[i + 1] = figures[i + 1] and all(FIGURE.match(v) for v in values if v)
    needs = [ColumnNeed(2 * char + 2 * PAD, 2 * char + 2 * PAD, True)]
    for natural, figure in zip(naturals[1:], figures[1:], strict=True):
        if figure:
            least = max(min(natural, 5 * char), 2 * char) + 2 * PAD
            needs.append(ColumnNeed(least, least, True))
            continue
        least = min(max(natural, 2 * char), 4 * char) + 2 * PAD
        needs.append(ColumnNeed(least, max(least, min(natural + 2 * PAD, 20 * char)), False))
    return needs


def plan_kpi(table: KpiTable, font: str) -> KpiPlan:
    """Portrait at 8 pt when the grid fits, landscape otherwise."""
    ncols = _ncols(table)
    options = [(table.landscape or ncols >= 10, 8.0), (True, 7.0), (True, 6.0)]
    for is_landscape, size in options:
        avail = LANDSCAPE_WIDTH if is_landscape else PORTRAIT_WIDTH
        widths = distribute(_needs(table, font, size, ncols), avail)
        if widths is not None:
            return KpiPlan(is_landscape, size, widths)
    needs = _needs(table, font, 6.0, ncols)
    scale = LANDSCAPE_WIDTH / sum(n.least for n in needs)
    return KpiPlan(True, 6.0, [n.least * scale for n in needs])


class _Grid:
    """Accumulates cells and SPAN commands of one block table."""

    def __init__(self, ncols: int, font: str, size: float) -> None:
        self.ncols, self.font, self.size = ncols, font, size
        self.rows: list[list[object]] = []
        self.cmds: list[tuple[object, ...]] = []

    def add(self, parts: list[tuple[str, int, int, str]]) -> None:
        """Add a row of (text, first col, last col, align) parts."""
        row: list[object] = ["" for _ in range(self.ncols)]
        r = len(self.rows)
        for text, first, last, align in parts:
            if text:
                row[first] = para(text, self.font, self.size, align)
            if last > first:
                self.cmds.append(("SPAN", (first, r), (last, r)))
        self.rows.append(row)

    def span_down(self, col: int, first: int, last: int) -> None:
        if last > first:
            self.cmds.append(("SPAN", (col, first), (col, last)))


def _split_column(widths: list[float], font: str, size: float) -> int:
    """Column for the second label of a shared row: the first one wide enough for a label."""
    wide = 5 * text_width("国", font, size)
    for col in range(3, len(widths) - 1):
        if widths[col] >= wide:
            return col
    return max(3, len(widths) // 2)


def _field_rows(grid: _Grid, fields: list[tuple[str, str]], split: int) -> None:
    n = grid.ncols
    i = 0
    while i < len(fields):
        label, value = fields[i]
        pair = i + 1 < len(fields) and n >= 6
        if pair and len(value) <= SHORT_FIELD and len(fields[i + 1][1]) <= SHORT_FIELD:
            label2, value2 = fields[i + 1]
            grid.add(
                [
                    (label, 0, 1, "center"),
                    (value, 2, split - 1, "left"),
                    (label2, split, split, "center"),
                    (value2, split + 1, n - 1, "left"),
                ]
            )
            i += 2
        else:
            grid.add([(label, 0, 1, "center"), (value, 2, n - 1, "left")])
            i += 1


def _extra_row(grid: _Grid, cells: tuple[str, ...], show_label: bool) -> None:
    """One extra row; the label part never spans here, the caller merges label runs."""
    n = grid.ncols
    label = cells[0] if show_label else ""
    if len(cells) >= n:
        grid.add([(label, 0, 0, "left")] + [(c, i, i, "left") for i, c in enumerate(cells[1:n], 1)])
    elif len(cells) == 1:
        grid.add([(label, 0, n - 1, "left")])
    else:
        rest = n - 2
        parts = [(label, 0, 0, "center")]
        step = rest / (len(cells) - 1)
        for j, text in enumerate(cells[1:]):
            first = 2 + round(j * step)
            last = 2 + round((j + 1) * step) - 1
            parts.append((text, first, max(first, last), "left"))
        grid.add(parts)


def _extra_rows(grid: _Grid, rows: tuple[tuple[str, ...], ...]) -> None:
    """Extra rows with runs of the same leading label merged into one cell."""
    i = 0
    while i < len(rows):
        j = i
        while (
            j + 1 < len(rows)
            and rows[j + 1][:1] == rows[i][:1]
            and len(rows[i]) > 1
            and j + 1 - i < MAX_SPAN
        ):
            j += 1
        start = len(grid.rows)
        for k in range(i, j + 1):
            _extra_row(grid, rows[k] or ("",), show_label=k == i)
        wide = 1 < len(rows[i]) < grid.ncols
        last_col = 1 if wide else 0
        if len(rows[i]) > 1 and (j > i or wide):
            grid.cmds.append(("SPAN", (0, start), (last_col, len(grid.rows) - 1)))
        i = j + 1


def _merge_runs(grid: _Grid, col: int, values: list[str], start: int) -> None:
    """Span equal neighbours downwards, blanking the repeats (the PDF prints them once)."""
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i] and j + 1 - i < MAX_SPAN:
            j += 1
        for k in range(i + 1, j + 1):
            grid.rows[start + k][col] = ""
        grid.span_down(col, start + i, start + j)
        i = j + 1


def block_flowable(block: KpiBlock, plan: KpiPlan, font: str, project_label: str) -> Flowable:
    """One bordered block."""
    n = len(plan.widths)
    grid = _Grid(n, font, plan.size)
    if block.project is not None:
        grid.add([(project_label, 0, 1, "center"), (block.project, 2, n - 1, "left")])
    _field_rows(grid, list(block.fields), _split_column(plan.widths, font, plan.size))
    _extra_rows(grid, block.extra_rows)
    if block.indicator_header:
        keys = indicator_keys(block)
        first = len(grid.rows)
        header = [(h, i + 1, i + 1, "center") for i, h in enumerate(block.indicator_header)]
        grid.add([(LABEL_TEXT, 0, 0, "center"), *header])
        body_start = len(grid.rows)
        for ind in block.indicators:
            cells = []
            for i, key in enumerate(keys):
                align = "left" if key in ("level3", "deviation") or i < 3 else "center"
                cells.append((ind.get(key, ""), i + 1, i + 1, align))
            grid.add(cells)
        for key in MERGED_KEYS:
            if key in keys:
                col = keys.index(key) + 1
                values = [ind.get(key, "") for ind in block.indicators]
                if key == "level2" and "level1" in keys:
                    values = [
                        f"{ind.get('level1', '')}\x00{v}"
                        for ind, v in zip(block.indicators, values, strict=True)
                    ]
                _merge_runs(grid, col, values, body_start)
        if len(grid.rows) - first <= MAX_SPAN:
            grid.span_down(0, first, len(grid.rows) - 1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("BOX", (0, 0), (-1, -1), 1.0, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *grid.cmds,
    ]
    rl = RLTable(grid.rows or [[""] * n], colWidths=plan.widths, hAlign="CENTER")
    rl.setStyle(TableStyle(style))
    return rl
