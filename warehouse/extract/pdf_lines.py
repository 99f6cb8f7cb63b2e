"""Printed lines of a PDF page, split into chunks, and the running furniture to drop.

A line is cut into chunks at wide horizontal gaps: '单位:医保局 … 单位:万元' is two printed
items (left and right of the page), not one. Page furniture (running headers, page numbers)
is recognized by repetition in the page margins across the document, not by its wording.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_MARGIN_SHARE = 0.08
_FOOTER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d{1,4}\s*[-—–]?"
    r"|(?:Page|页)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$"
)


@dataclass
class Chunk:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PageLine:
    page: int
    top: float
    bottom: float
    chunks: list[Chunk] = field(default_factory=list)
    furniture: bool = False

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chunks)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chunks)


def page_lines(words: list[dict[str, Any]], page_no: int) -> list[PageLine]:
    """Words grouped into lines, each cut into chunks.

    Words share a line when their tops or their bottoms (baseline) are within 3pt: fonts mixed
    in one line (Latin digits in a CJK title) report boxes of different heights.
    """
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        for line in lines:
            head = line[0]
            if abs(head["top"] - w["top"]) <= 3 or abs(head["bottom"] - w["bottom"]) <= 3:
                line.append(w)
                break
        else:
            lines.append([w])
    out: list[PageLine] = []
    for line in sorted(lines, key=lambda ln: ln[0]["top"]):
        line.sort(key=lambda w: w["x0"])
        chunks: list[Chunk] = []
        for w in line:
            size = w["bottom"] - w["top"]
            last = chunks[-1] if chunks else None
            if last is not None and w["x0"] - last.x1 <= 1.5 * size:
                gap = " " if w["x0"] - last.x1 > 0.15 * size else ""
                last.text += gap + w["text"]
                last.x1 = w["x1"]
                last.bottom = max(last.bottom, w["bottom"])
            else:
                chunks.append(Chunk(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]))
        out.append(
            PageLine(
                page=page_no,
                top=min(c.top for c in chunks),
                bottom=max(c.bottom for c in chunks),
                chunks=chunks,
            )
        )
    return out


def _shape(text: str) -> str:
    """Exact text without spaces: numbered lines (表 N, page N) never repeat as a whole."""
    return re.sub(r"\s+", "", text)


def mark_furniture(pages: list[tuple[float, list[PageLine]]]) -> None:
    """Flag running headers/footers: margin lines repeated on several pages, page numbers."""
    in_margin: list[list[PageLine]] = []
    for height, lines in pages:
        in_margin.append(
            [
                ln
                for ln in lines
                if ln.top < height * _MARGIN_SHARE or ln.bottom > height * (1 - _MARGIN_SHARE)
            ]
        )
    counts = Counter(shape for margin in in_margin for shape in {_shape(x.text) for x in margin})
    needed = max(2, len(pages) // 5)
    for margin in in_margin:
        for ln in margin:
            text = ln.text.strip()
            if counts[_shape(text)] >= needed or _FOOTER.match(text):
                ln.furniture = True
    for _height, lines in pages:
        for ln in lines:
            if not ln.furniture and _FOOTER.match(ln.text.strip()) and len(ln.text) <= 8:
                ln.furniture = True
