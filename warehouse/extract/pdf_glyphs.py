"""Glyphs as the page prints them, before any line or cell is built from them.

Two producer habits would otherwise misplace characters:
- fake bold: a glyph printed several times over itself (金金金金金额额额额额);
- fonts with a broken bounding box: pdfminer places each glyph's box from the font's
  ascent and descent, and some embedded Latin fonts (the digits and punctuation beside CJK
  text, 重庆市气象局 2026 年…) declare a box that lies wholly below the baseline. Their '2026'
  then sits a line lower than '年', so titles lose their year and cells their digits.
  A glyph whose box does not contain its own baseline gets the em box on that baseline.
"""

from __future__ import annotations

from typing import Any

_ASCENT = 0.88  # share of the em above the baseline, as CJK fonts draw it
_DESCENT = 0.12


def without_overprint(page: Any) -> Any:
    """The page with glyphs printed over one another kept once; else the page as it is."""
    seen: set[tuple[str, int, int]] = set()
    for char in page.chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        if key in seen:
            return page.dedupe_chars(tolerance=1)
        seen.add(key)
    return page


def repair_glyph_boxes(chars: list[dict[str, Any]], page_height: float) -> int:
    """Rebuild, in place, the boxes of upright glyphs that miss their baseline; how many.

    A sane glyph's box spans its baseline (top above it, bottom below it). Rotated glyphs
    and glyphs whose box holds the baseline are left exactly as pdfminer read them.
    """
    repaired = 0
    for char in chars:
        matrix = char.get("matrix")
        if not matrix or not char.get("upright", True) or matrix[1] or matrix[2]:
            continue
        baseline = page_height - float(matrix[5])
        top, bottom = float(char["top"]), float(char["bottom"])
        size = float(char.get("size") or (bottom - top))
        if top + 0.25 * size <= baseline <= bottom + 0.05 * size:
            continue
        new_top, new_bottom = baseline - _ASCENT * size, baseline + _DESCENT * size
        shift = new_top - top
        char["top"], char["bottom"] = new_top, new_bottom
        char["doctop"] = float(char["doctop"]) + shift
        char["y1"], char["y0"] = page_height - new_top, page_height - new_bottom
        repaired += 1
    return repaired
