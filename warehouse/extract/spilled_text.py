"""Give back to a name cell the characters that spilled over its right border.

A long name typeset wider than its cell runs into the amount cell beside it
('机关事业单位职业年金' | '缴费支出43608.96'); read by character position, the overflow lands
in the wrong cell and the amount is no longer a number. A reader sees one name and one
amount: where a column is otherwise figures, a cell of text followed by a figure, next to a
text cell, in a row that prints figures elsewhere too (not a header row), is split back.
"""

from __future__ import annotations

import re

_FIGURE = re.compile(r"-?[\d,]+(?:\.\d+)?")
_SPILL = re.compile(
    r"^(?P<text>[^\d\s.,\-%]*[\u4e00-\u9fff）)][^\d\s]*)\s*(?P<figure>-?[\d,]+(?:\.\d+)?)$"
)


def _is_figure(cell: str) -> bool:
    return bool(cell) and _FIGURE.fullmatch(re.sub(r"\s+", "", cell)) is not None


def _figure_columns(rows: list[list[str]]) -> set[int]:
    """Columns where most printed cells are figures."""
    width = max((len(r) for r in rows), default=0)
    found: set[int] = set()
    for j in range(width):
        cells = [r[j] for r in rows if j < len(r) and r[j].strip()]
        figures = sum(1 for c in cells if _is_figure(c))
        if cells and figures * 2 > len(cells):
            found.add(j)
    return found


def return_spilled_text(rows: list[list[str]]) -> list[list[str]]:
    """The rows with spilled name tails moved back to the cell on their left."""
    columns = _figure_columns(rows)
    repaired: list[list[str]] = []
    for row in rows:
        row = list(row)
        figures = [j for j in columns if j < len(row) and _is_figure(row[j])]
        for j in range(1, len(row)):
            cell, left = row[j], row[j - 1]
            if j not in columns or not cell or not left or _is_figure(left):
                continue
            if not any(k != j for k in figures):
                continue  # a header row (其中：2026): no figure of its own elsewhere
            match = _SPILL.match(cell.replace("\n", "").strip())
            if match:
                row[j - 1] = left + match.group("text")
                row[j] = match.group("figure")
        repaired.append(row)
    return repaired
