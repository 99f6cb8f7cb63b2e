"""Re-seat header and label rows of a tab-separated table on the grid its code rows define.

Text extracted from a ruled table prints every row to the table's full width, but a merged
cell on the left (项目 over 类/款/项/代码/名称, a 合计 label spanning the key columns) is often
printed one cell short, so everything right of it slides one column left. The code rows
(208 | 05 | 05 | 2080505 | name | figures…) are printed whole and fix where the figures start;
header and label rows are moved so that their figure labels and figures sit on those columns
and their row label sits in the name column, as the PDF front end reads the same table.
"""

from __future__ import annotations

from collections import Counter

from warehouse.extract.text_cells import cell_kind
from warehouse.extract.text_group_labels import restore_group_labels
from warehouse.extract.text_header import is_key_label
from warehouse.extract.text_sums import restore_dropped_blanks

_MAX_DEFICIT = 2  # cells a row may have lost on its left; more means another layout


def first_amount(row: list[str]) -> int | None:
    """First figure after the row's last label (codes and 类/款/项 parts come before it)."""
    labels = [j for j, c in enumerate(row) if cell_kind(c) == "text"]
    after = labels[-1] + 1 if labels else 0
    return next(
        (j for j in range(after, len(row)) if cell_kind(row[j]) in ("amount", "code")), None
    )


def _is_body(row: list[str]) -> bool:
    return any(cell_kind(c) in ("amount", "code") for c in row)


def _block_start(rows: list[list[str]]) -> int | None:
    """Where the figures of the code rows start: the column most code rows agree on."""
    starts = Counter(
        a for row in rows if row and cell_kind(row[0]) == "code" and (a := first_amount(row))
    )
    return starts.most_common(1)[0][0] if starts else None


def _deficit(length: int, width: int) -> int:
    missing = width - length
    return missing if 0 < missing <= _MAX_DEFICIT else 0


def _label_row(row: list[str], length: int, block: int, width: int) -> list[str] | None:
    """合计 / a unit name with its figures: label to the name column, figures from the block."""
    first = first_amount(row)
    if first is None or cell_kind(row[0]) != "text":
        return None
    labels = [c for c in row[:first] if c]
    if len(labels) != 1 or first > block:
        return None
    shift = max(block - first, _deficit(length, width))
    figures = row[first:]
    while figures and not figures[-1]:
        figures.pop()
    if block + len(figures) > width or shift < block - first:
        return None
    new = [""] * width
    new[block - 1] = labels[0]
    for j, cell in enumerate(figures):
        new[first + shift + j] = cell
    return new


def _split_labels(row: list[str]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(key labels, figure labels) of a header row: the leading 编码/名称-like labels are keys."""
    printed = [(j, c) for j, c in enumerate(row) if c]
    n_keys = 0
    while n_keys < len(printed) and (is_key_label(printed[n_keys][1]) or printed[n_keys][0] == 0):
        n_keys += 1
    return printed[:n_keys], printed[n_keys:]


def _leaves(figures: list[list[tuple[int, str]]]) -> list[tuple[int, int]]:
    """(row, column) of every label with no figure label under it: one per figure column.

    A group label is printed over its first column; rows may disagree by one cell, so a
    figure label under it or one column right (but not under its right neighbour) counts.
    """
    leaves: list[tuple[int, int]] = []
    for r, labels in enumerate(figures):
        for k, (j, _) in enumerate(labels):
            end = min(labels[k + 1][0] if k + 1 < len(labels) else j + 2, j + 2)
            below = any(j <= jj < end for lower in figures[r + 1 :] for jj, _ in lower)
            if not below:
                leaves.append((r, j))
    return sorted(leaves, key=lambda rc: (rc[1], rc[0]))


def _header(rows: list[list[str]], block: int, width: int) -> tuple[list[list[str]], int]:
    """Header rows on the body's grid, and the table width they need.

    The leaf labels, read left to right across the header rows, name the figure columns from
    the block on; a group label moves with the first leaf under it. Key labels stay left of
    the block (a key label printed inside it goes to the nearest free key column).
    """
    split = [_split_labels(row) for row in rows]
    figures = [f for _, f in split]
    leaves = _leaves(figures)
    target: dict[tuple[int, int], int] = {}
    if leaves and len(leaves) >= width - block:
        for n, rc in enumerate(leaves):
            target[rc] = block + n
    else:
        first = min((labels[0][0] for labels in figures if labels), default=block)
        shift = max(block - first, 0)
        for r, labels in enumerate(figures):
            for j, _ in labels:
                target[(r, j)] = j + shift
    width = max([width, *(t + 1 for t in target.values())])
    out: list[list[str]] = []
    for r, (keys, labels) in enumerate(split):
        new = [""] * width
        for k, (j, cell) in enumerate(labels):
            if (r, j) not in target:  # a group: where the first leaf under it went
                end = labels[k + 1][0] if k + 1 < len(labels) else 10**6
                under = [t for (rr, jj), t in target.items() if rr > r and j <= jj < end]
                target[(r, j)] = min(under) if under else j
            new[min(target[(r, j)], width - 1)] = cell
        for j, cell in keys:
            spot = j
            if j >= block or new[j]:
                free = [k for k in range(min(block, width) - 1, -1, -1) if not new[k]]
                spot = free[0] if free else j
            new[spot] = cell
        out.append(new)
    return out, width


def realign(rows: list[list[str]], lengths: list[int], title: str | None) -> list[list[str]]:
    """Rows padded to the table width, header and label rows seated on the code rows' grid."""
    width = max((len(r) for r in rows), default=0)
    padded = [r + [""] * (width - len(r)) for r in rows]
    block = _block_start(padded)
    if block is None or block == 0:
        return padded
    n_header = next((i for i, row in enumerate(padded) if _is_body(row)), len(padded))
    header, width = _header(padded[:n_header], block, width)
    header = restore_group_labels(header, title)
    out = [r + [""] * (width - len(r)) for r in header]
    for row, length in zip(padded[n_header:], lengths[n_header:], strict=True):
        row = row + [""] * (width - len(row))
        out.append(_label_row(row, length, block, width) or row)
    return out[:n_header] + restore_dropped_blanks(out[n_header:], block)
