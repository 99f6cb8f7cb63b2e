"""Put back a blank cell that text extraction dropped from the middle of a code row.

Some extracting tools print a code row one cell short and pad it at the end, so every figure
right of the dropped blank slides one column left (seed 004: 210 卫生健康支出 prints its
机关商品和服务支出 under 其他工资福利支出). Where the blank went is decided by the table's own
arithmetic, never by position alone: the 类 rows add up to the 合计 row column by column, the
rows under a code add up to it, and a column that is blank in 合计 is blank in every row.
A row is only changed when its printed form breaks these sums and exactly the repaired
placement satisfies them; otherwise the row stays as printed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from warehouse.extract.text_cells import TOTAL_LABELS, cell_kind

_MAX_COMBINATIONS = 20000
Figures = tuple[Decimal | None, ...]


def _value(cell: str) -> Decimal | None:
    text = re.sub(r"[\s,，]", "", cell)
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(cell) from exc


def _figures(row: list[str], block: int) -> Figures | None:
    try:
        return tuple(_value(c) for c in row[block:])
    except ValueError:
        return None


def _variants(row: list[str], block: int) -> list[list[str]]:
    """The row as printed, then with one blank put back at each place (its last cell dropped)."""
    out = [row]
    if row[-1]:
        return out
    seen = {tuple(row)}
    for p in range(block, len(row) - 1):
        candidate = [*row[:p], "", *row[p:-1]]
        if tuple(candidate) not in seen:
            seen.add(tuple(candidate))
            out.append(candidate)
    return out


def _fits_blanks(row: list[str], total: Figures, block: int) -> bool:
    return all(t is not None or not row[block + j] for j, t in enumerate(total))


def _adds_up(rows: Sequence[list[str]], target: Figures, block: int) -> bool:
    sums: list[Decimal | None] = [None] * len(target)
    for row in rows:
        figures = _figures(row, block)
        if figures is None:
            return False
        for j, v in enumerate(figures):
            if v is not None:
                sums[j] = (sums[j] or Decimal(0)) + v
    return all((s or Decimal(0)) == (t or Decimal(0)) for s, t in zip(sums, target, strict=True))


def _choose(
    rows: list[list[str]], target: Figures, total: Figures, block: int
) -> list[list[str]] | None:
    """The placement of the sibling rows that adds up to target, changing the fewest rows."""
    if _adds_up(rows, target, block):
        return rows
    options = [[v for v in _variants(r, block) if _fits_blanks(v, total, block)] for r in rows]
    if any(not o for o in options):
        return None
    count = 1
    for o in options:
        count *= len(o)
    if count > _MAX_COMBINATIONS:
        return None
    best: list[list[str]] | None = None
    best_changes = len(rows) + 1
    tied = False
    for combo in itertools.product(*options):
        if not _adds_up(combo, target, block):
            continue
        changes = sum(1 for a, b in zip(combo, rows, strict=True) if a is not b)
        if changes < best_changes:
            best, best_changes, tied = list(combo), changes, False
        elif changes == best_changes:
            tied = True
    return None if tied else best


def _code(row: list[str], block: int) -> str | None:
    codes = [re.sub(r"\s+", "", c) for c in row[:block] if cell_kind(c) == "code"]
    return max(codes, key=len) if codes else None


def restore_dropped_blanks(rows: list[list[str]], block: int) -> list[list[str]]:
    """Code rows with a dropped blank put back where the table's sums say it was."""
    totals = [r for r in rows if block > 0 and r[block - 1] in TOTAL_LABELS]
    coded = {
        i: c for i, r in enumerate(rows) if (c := _code(r, block)) and cell_kind(r[0]) == "code"
    }
    if not totals or not coded:
        return rows
    total = _figures(totals[0], block)
    if total is None:
        return rows
    out = list(rows)
    top = min(len(c) for c in coded.values())

    def settle(indices: list[int], target: Figures) -> None:
        chosen = _choose([out[i] for i in indices], target, total, block)
        if chosen is None:
            return
        for i, row in zip(indices, chosen, strict=True):
            out[i] = row
        for i in indices:
            parent = coded[i]
            children = [
                k
                for k, c in coded.items()
                if c.startswith(parent)
                and len(c) > len(parent)
                and not any(
                    len(parent) < len(o) < len(c) and c.startswith(o) for o in coded.values()
                )
            ]
            figures = _figures(out[i], block)
            if children and figures is not None:
                settle(children, figures)

    settle([i for i, c in coded.items() if len(c) == top], total)
    return out
