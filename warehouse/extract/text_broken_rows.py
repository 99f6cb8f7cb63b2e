"""Body lines of a broken 公开表 -> cells in their template columns.

A body line prints its non-blank cells separated by spaces; blank cells leave no trace. The
line is cut into code / label / row number / amounts by what each token is, and the amounts
are placed into the layout's amount columns. Where fewer amounts than columns are printed,
the placement is decided by the table's own arithmetic (a 合计 column is the sum of the
others, a parent code is the sum of its children) and otherwise from the left.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from warehouse.extract.text_broken_layouts import Layout

_AMOUNT = re.compile(r"^-?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$|^-?\d+\.\d+$")
_INTEGER = re.compile(r"^\d{1,3}$")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_TOTAL_LABEL = re.compile(r"^\S*(合计|总计)$")
_MAX_COMBINATIONS = 4096


def is_amount(token: str) -> bool:
    return bool(_AMOUNT.match(token))


def value(text: str) -> Decimal:
    try:
        return Decimal(re.sub(r"[,，]", "", text)) if text else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


@dataclass
class BodyRow:
    """One body line: its fixed cells and the amounts still to be placed."""

    line_no: int
    lead: list[str]  # cells before the amount columns (code, name) or the whole row
    amounts: list[str]
    options: list[tuple[int, ...]] = field(default_factory=list)
    placed: tuple[int, ...] = ()

    @property
    def code(self) -> str:
        return self.lead[0] if self.lead else ""


def _glued(tokens: list[str]) -> list[str]:
    """Amount fragments split by the extractor ('3，707' '.54') are joined again."""
    out: list[str] = []
    for token in tokens:
        if out and (re.match(r"^[.,，]\d", token) or re.search(r"[,，.]$", out[-1])):
            out[-1] += token
        else:
            out.append(token)
    return out


def split_coded(line: str) -> tuple[list[str], list[str]]:
    """'2101501 行政运行 2，414.06 2，414.06' -> (['2101501', '行政运行'], amounts)."""
    tokens = _glued(line.split())
    code = tokens.pop(0) if tokens and _CODE.match(tokens[0]) else ""
    name: list[str] = []
    while tokens and not is_amount(tokens[0]):
        name.append(tokens.pop(0))
    return [code, " ".join(name)], [t for t in tokens if is_amount(t)]


def split_label(line: str) -> tuple[list[str], list[str]]:
    tokens = _glued(line.split())
    name: list[str] = []
    while tokens and not is_amount(tokens[0]):
        name.append(tokens.pop(0))
    return [" ".join(name)], [t for t in tokens if is_amount(t)]


def split_two_sided(line: str, right_width: int) -> list[str]:
    """'八、其他收入 8 八、社会保障和就业支出 39 364.15' -> the six or nine cells of a 收支总表
    line: label, 行次, amount on each side (行次 are plain integers, amounts have decimals)."""
    tokens = _glued(line.split())
    sides: list[tuple[list[str], str, list[str]]] = []
    for _ in range(2):
        label: list[str] = []
        while tokens and not _INTEGER.match(tokens[0]) and not is_amount(tokens[0]):
            label.append(tokens.pop(0))
        number = tokens.pop(0) if tokens and _INTEGER.match(tokens[0]) else ""
        amounts: list[str] = []
        while tokens and is_amount(tokens[0]):
            amounts.append(tokens.pop(0))
        sides.append((label, number, amounts))
    (l_label, l_no, l_amounts), (r_label, r_no, r_amounts) = sides
    right = place_left(r_amounts, right_width)
    return [
        " ".join(l_label),
        l_no,
        l_amounts[0] if l_amounts else "",
        " ".join(r_label),
        r_no,
        *right,
    ]


def place_left(amounts: list[str], width: int) -> list[str]:
    cells = amounts[:width]
    return cells + [""] * (width - len(cells))


def _options(row: BodyRow, layout: Layout, active: list[int]) -> list[tuple[int, ...]]:
    """Every ordered choice of columns for the row's amounts, most plausible first."""
    n = len(row.amounts)
    columns = active if len(active) >= n else list(range(layout.amounts))
    if n > len(columns):
        return [tuple(range(min(n, layout.amounts)))]
    found = list(itertools.combinations(columns, n))
    if layout.total_first and n > 1:
        values = [value(a) for a in row.amounts]
        adds_up = [c for c in found if c[0] == 0 and values[0] == sum(values[1:])]
        found = adds_up or found
    return found


def _parent(code: str, codes: set[str]) -> str | None:
    if len(code) <= 3:
        return ""
    for cut in (len(code) - 2, 3):
        if code[:cut] in codes:
            return code[:cut]
    return None


def _column_sums(
    rows: list[BodyRow], picks: tuple[tuple[int, ...], ...], width: int
) -> list[Decimal]:
    sums = [Decimal(0)] * width
    for row, pick in zip(rows, picks, strict=True):
        for column, amount in zip(pick, row.amounts, strict=False):
            sums[column] += value(amount)
    return sums


def _cells(row: BodyRow, width: int) -> list[Decimal]:
    out = [Decimal(0)] * width
    for column, amount in zip(row.placed, row.amounts, strict=False):
        out[column] = value(amount)
    return out


def place_coded(rows: list[BodyRow], layout: Layout) -> None:
    """Decide each row's amount columns: totals row first, then parents before children."""
    width = layout.amounts
    total = next(
        (r for r in rows if not r.code and _TOTAL_LABEL.match(r.lead[1].replace(" ", ""))), None
    )
    active = list(range(width))
    if total is not None:
        total.placed = _options(total, layout, active)[0]
        if total.amounts:
            active = list(total.placed)
    for row in rows:
        row.options = _options(row, layout, active)
        if not row.placed:
            row.placed = row.options[0]
    codes = {r.code for r in rows if r.code}
    children: dict[str, list[BodyRow]] = {}
    for row in rows:
        above = _parent(row.code, codes) if row.code else None
        if above is not None:
            children.setdefault(above, []).append(row)
    heads = [r for r in rows if r.code]
    for head in [total, *heads] if total is not None else heads:
        _fit_children(head, children.get(head.code, []), width)


def _fit_children(head: BodyRow, kids: list[BodyRow], width: int) -> None:
    """Choose the placements of the head's children that make each column add up to it."""
    open_kids = [k for k in kids if len(k.options) > 1]
    if not open_kids:
        return
    fixed = [k for k in kids if len(k.options) <= 1]
    target = _cells(head, width)
    base = _column_sums(fixed, tuple(k.placed for k in fixed), width)
    best: tuple[int, tuple[tuple[int, ...], ...]] | None = None
    for n, picks in enumerate(itertools.product(*(k.options for k in open_kids))):
        if n >= _MAX_COMBINATIONS:
            break
        sums = _column_sums(open_kids, picks, width)
        misses = sum(1 for c in range(width) if base[c] + sums[c] != target[c])
        if best is None or misses < best[0]:
            best = (misses, picks)
    if best is not None:
        for kid, pick in zip(open_kids, best[1], strict=True):
            kid.placed = pick


def coded_cells(row: BodyRow, layout: Layout) -> list[str]:
    amounts = [""] * layout.amounts
    for column, amount in zip(row.placed, row.amounts, strict=False):
        amounts[column] = amount
    return [*row.lead, *amounts]
