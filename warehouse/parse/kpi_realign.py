"""Put the cells of a shifted indicator row back under the columns their content belongs to.

Text input (tab-separated rows) sometimes loses or adds an empty cell: a 指标值 lands under
度量单位, an operator under 指标值, a 二级 word under 三级指标. Such a row reads inconsistently
(a non-operator under 运算符号, a unit without a value, a cell past the header's width). Its
non-empty cells are then assigned to the grid's columns in printed order, each column taking
what its content can be (an operator, a date, a number, a level word, a name), the best
scoring assignment winning. Rows that read consistently are never touched.
"""

from __future__ import annotations

import math
import re

from warehouse.parse.kpi_layout import GridColumns, norm
from warehouse.parse.kpi_values import normalize_operator, parse_kpi_value
from warehouse.parse.kpi_vocabulary import LEVEL1_WORDS, LEVEL2_WORDS

_DATE = re.compile(r"^(19|20)\d\d\s*([-年./]\s*\d{1,2}|年)")
_IMPOSSIBLE = -math.inf


def _is_number(cell: str) -> bool:
    parsed = parse_kpi_value(cell)
    return parsed.value is not None and parsed.operator is None


def _level_score(cell: str, words: tuple[str, ...]) -> float:
    key = norm(cell)
    if key in words:
        return 3
    return 2 if key.endswith("指标") else -1


def _score(cell: str, role: str) -> float:
    """How well a cell's content fits a column role; -inf when it cannot be there."""
    is_operator = normalize_operator(cell) is not None
    is_date = bool(_DATE.match(cell))
    if role == "operator":
        return 3 if is_operator else _IMPOSSIBLE
    if role == "deadline":
        return 3 if is_date else _IMPOSSIBLE
    if is_operator:
        return _IMPOSSIBLE
    if role == "label":
        return 1 if norm(cell).endswith("指标") else _IMPOSSIBLE
    if role == "level1":
        return _level_score(cell, LEVEL1_WORDS) if not is_date else _IMPOSSIBLE
    if role == "level2":
        return _level_score(cell, LEVEL2_WORDS) if not is_date else _IMPOSSIBLE
    if role == "level3":
        return _IMPOSSIBLE if is_date or _is_number(cell) else 1
    if role == "target":
        return 3 if _is_number(cell) else -1 if is_date else 2
    if role == "unit":
        key = norm(cell)
        return 1 if key and len(key) <= 6 and not re.search(r"\d", key) else _IMPOSSIBLE
    if role in ("weight", "score"):
        return 1 if _is_number(cell) else _IMPOSSIBLE
    return 0


def consistent(cells: list[str], grid: GridColumns) -> bool:
    """The row reads sensibly where it was printed."""
    if any(c for c in cells[grid.width :]):
        return False
    by_role = {role: cells[i] for i, role in grid.roles.items() if i < len(cells)}
    operator = by_role.get("operator", "")
    if operator and normalize_operator(operator) is None:
        return False
    if by_role.get("unit") and not by_role.get("target"):
        return False
    deadline = by_role.get("deadline", "")
    return not deadline or bool(_DATE.match(deadline))


def realign(cells: list[str], grid: GridColumns) -> list[str] | None:
    """The row's non-empty cells under the columns that fit them best, in printed order;
    None when no assignment fits every cell."""
    filled = [c for c in cells if c]
    columns = sorted(grid.roles)
    n, m = len(filled), len(columns)
    if not n or n > m:
        return None
    # best[i][j]: best score placing the first i cells in the first j columns
    best = [[_IMPOSSIBLE] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            skip = best[i][j - 1]
            here = best[i - 1][j - 1] + _score(filled[i - 1], grid.roles[columns[j - 1]])
            best[i][j], take[i][j] = (here, True) if here > skip else (skip, False)
    if best[n][m] == _IMPOSSIBLE:
        return None
    placed = [""] * grid.width
    i, j = n, m
    while i:
        if take[i][j]:
            placed[columns[j - 1]] = filled[i - 1]
            i -= 1
        j -= 1
    return placed
