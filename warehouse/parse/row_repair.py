"""Undo what page breaks and cell wrapping do to table rows, before meaning is read.

A table continued on the next page repeats its header, and a row cut by the page break can
come back with the header label glued on top of its cells ('项目名称\\n医保业务印刷费'). Long
names wrap inside a cell ('政府专项-城乡居民医疗保险\\n补助'); in running text the wrap
becomes a row of its own, sometimes with the decimals of its amounts ('53,704' / '.00').
"""

from __future__ import annotations

import re

_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_FRACTION = re.compile(r"^\s*\.\s*\d+\s*$")
_WHOLE = re.compile(r"^[\s\d,，]+$")


def join_wrapped(text: str) -> str:
    """A cell's lines joined back: no space where Chinese text wrapped, one between words."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = ""
    for line in lines:
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii():
            joined += " " + line
        else:
            joined += line
    return _CJK_BREAK.sub("", joined)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def header_labels(header: list[list[str]], width: int) -> list[set[str]]:
    """Per column, every label printed above it in the header rows."""
    labels: list[set[str]] = [set() for _ in range(width)]
    for row in header:
        for j, cell in enumerate(row[:width]):
            if cell.strip():
                labels[j].add(_squash(cell))
    return labels


def strip_repeated_header(rows: list[list[str]], labels: list[set[str]]) -> list[list[str]]:
    """Body rows without the header a page break repeated, and without header labels glued
    on top of the cells of a row cut by the break.

    A row is a repetition when most of its non-empty cells start with their column's label.
    """
    kept: list[list[str]] = []
    for row in rows:
        starts = 0
        filled = 0
        for j, cell in enumerate(row):
            if not cell.strip():
                continue
            filled += 1
            first_line = _squash(cell.strip().splitlines()[0])
            if j < len(labels) and first_line in labels[j]:
                starts += 1
        if filled and starts * 2 > filled:
            repaired = []
            for j, cell in enumerate(row):
                lines = cell.strip().splitlines()
                label_lines = 0
                if j < len(labels):
                    # a label may itself wrap over lines ('财政部门\n安排的预\n算拨款')
                    for k in range(1, len(lines) + 1):
                        if _squash("".join(lines[:k])) in labels[j]:
                            label_lines = k
                            break
                repaired.append("\n".join(lines[label_lines:]))
            if any(cell.strip() for cell in repaired):
                kept.append(repaired)
            continue
        kept.append(row)
    return kept


def is_fraction_fragment(cell: str) -> bool:
    """'.00': the decimals of an amount whose integer part was printed on the line above."""
    return bool(_FRACTION.match(cell))


def join_fraction(whole: str, fraction: str) -> str:
    """'53,704' + '.00' -> '53,704.00' (only when the first part has no decimals yet)."""
    if _WHOLE.match(whole) and whole.strip():
        return whole.strip() + fraction.strip()
    return whole
