"""The two CJK fonts of the corpus.

Published disclosures come both with an unembedded standard CID font (the reader substitutes
a Song face) and with an embedded TrueType subset; the extractor must cope with both, so the
corpus uses one of each. The embedded face is WenQuanYi Micro Hei, taken from the PyPI package
``paperang-p2-fonts-cjk`` so CI can install it with pip; the Debian package
``fonts-wqy-microhei`` (or ``fonts-wqy-zenhei``) is the fallback.
"""

from __future__ import annotations

import importlib.resources
from enum import Enum
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

CID_FONT_NAME = "STSong-Light"
EMBEDDED_FONT_NAME = "WQYMicroHei"

_DEBIAN_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


class FontKind(Enum):
    """Which of the two production fonts a document uses."""

    CID = "cid"
    EMBEDDED = "embedded"


def embedded_font_path() -> Path:
    """Locate the TrueType collection: pip package first, Debian fonts second."""
    try:
        packaged = importlib.resources.files("paperang_p2_fonts_cjk") / "fonts/wqy-microhei.ttc"
        if packaged.is_file():
            return Path(str(packaged))
    except ModuleNotFoundError:
        pass
    for candidate in _DEBIAN_CANDIDATES:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        "no embeddable CJK font: pip install paperang-p2-fonts-cjk "
        "(or apt-get install fonts-wqy-microhei)"
    )


def register(kind: FontKind) -> str:
    """Register the font with reportlab once and return its name."""
    registered = pdfmetrics.getRegisteredFontNames()
    if kind is FontKind.CID:
        if CID_FONT_NAME not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT_NAME))
        return CID_FONT_NAME
    if EMBEDDED_FONT_NAME not in registered:
        pdfmetrics.registerFont(
            TTFont(EMBEDDED_FONT_NAME, str(embedded_font_path()), subfontIndex=0)
        )
    return EMBEDDED_FONT_NAME


def missing_glyphs(font_name: str, text: str) -> set[str]:
    """Characters the embedded font cannot draw (a box in print, still text in extraction)."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont):
        return set()
    cmap = font.face.charToGlyph
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in cmap}
