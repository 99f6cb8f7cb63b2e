"""The text of a ruled table's cells, with an index of the page's characters.

pdfplumber's `Table.extract()` scans every character of the page once per row and then the
row's characters once per cell: on a dense page that scan costs more than finding the table.
Here the page's characters are sorted by their vertical centre once, a row takes its band by
bisection, and each cell keeps the row characters whose centre it contains. The rule for a
character belonging to a cell (centre inside [x0, x1) × [top, bottom)), the page order of the
characters and the text function (`pdfplumber.utils.extract_text` with its defaults) are
pdfplumber's own, so the cells read exactly as `Table.extract()` reads them.

One deliberate exception, when asked for (`hanging=True`, as the PDF front end does): a
full-width closing punctuation mark (、，。）…) has its ink in the left half of its glyph box,
and line breaking lets it hang past the right edge of its cell rather than start a line. Its
centre then lies right of the cell's border and pdfplumber gives it to the next cell
(…（2022 | ）8,145.00); it is placed by the centre of its ink instead.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.utils.text import extract_text

Box = tuple[float, float, float, float]

# full-width closing punctuation: ink in the left half of the glyph box, allowed to hang
HANGING = frozenset("、，。；：！？）」』】〕〉》”’")


def is_hanging(char: dict[str, Any]) -> bool:
    """A full-width closing punctuation glyph (its box about as wide as the font size)."""
    return char["text"] in HANGING and char["x1"] - char["x0"] >= 0.8 * float(char["size"])


def h_mid(char: dict[str, Any], hanging: bool = False) -> float:
    """Horizontal reference point: the glyph box's centre, or a hanging mark's ink centre."""
    width = char["x1"] - char["x0"]
    if hanging and is_hanging(char):
        return float(char["x0"] + width / 4)
    return float(char["x0"] + width / 2)


@dataclass
class CharIndex:
    """One page's characters ordered by vertical centre (ties and output keep page order)."""

    chars: Sequence[dict[str, Any]]
    hanging: bool = False  # place hanging punctuation by its ink (see the module docstring)
    _v_mids: list[float] = field(init=False)
    # (v_mid, page order, h_mid, x0, x1)
    _entries: list[tuple[float, int, float, float, float]] = field(init=False)

    def __post_init__(self) -> None:
        entries = [
            ((c["top"] + c["bottom"]) / 2, i, h_mid(c, self.hanging), c["x0"], c["x1"])
            for i, c in enumerate(self.chars)
        ]
        entries.sort()
        self._entries = entries
        self._v_mids = [e[0] for e in entries]

    def _band(self, top: float, bottom: float) -> list[tuple[float, int, float, float, float]]:
        return self._entries[bisect_left(self._v_mids, top) : bisect_left(self._v_mids, bottom)]

    def row(self, box: Box) -> list[tuple[float, float, int]]:
        """The characters whose centre lies inside `box` as (h_mid, v_mid, page order), left
        to right, so a cell of the row takes its characters by bisection."""
        x0, top, x1, bottom = box
        return sorted((e[2], e[0], e[1]) for e in self._band(top, bottom) if x0 <= e[2] < x1)

    def touching(self, box: Box) -> set[int]:
        """Characters on the box's lines that reach into it: a full-width '。' overflowing a
        table's right border sits on a table row and is no line of running text (pdfplumber
        reads a cell by character centres, so the cell does not have it either)."""
        x0, top, x1, bottom = box
        return {e[1] for e in self._band(top, bottom) if e[3] < x1 and e[4] > x0}


def cell_texts(table: Any, index: CharIndex) -> list[list[str | None]]:
    """The table's rows of cell text, as `table.extract()` gives them (None: a merged cell)."""
    rows: list[list[str | None]] = []
    for row in table.rows:
        row_chars = index.row(row.bbox)
        h_mids = [h for h, _, _ in row_chars]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            span = row_chars[bisect_left(h_mids, x0) : bisect_left(h_mids, x1)]
            inside = sorted(i for _, v, i in span if top <= v < bottom)
            texts.append(extract_text([index.chars[i] for i in inside]) if inside else "")
        rows.append(texts)
    return rows
