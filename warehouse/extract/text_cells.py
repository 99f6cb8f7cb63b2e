"""What one printed cell of a text extraction is: blank, amount, classification code or text.

The seed texts mark empty cells with U+3000 or spaces and glue a stray U+3000 to amounts
("6,894.75 　"); both are layout, not content, and are stripped here.
"""

from __future__ import annotations

import re
from typing import Literal

CellKind = Literal["blank", "amount", "code", "text"]

_LAYOUT = "\u3000\u00a0 \t"
_AMOUNT = re.compile(r"^-?[0-9][0-9,，. ]*%?$")
_CODE = re.compile(r"^[0-9]{3}(?:[0-9]{2}){0,2}$")
_NOTHING_PRINTED = {"", "-", "—", "……", "…"}
TOTAL_LABELS = {"合计", "总计"}


def clean_cell(text: str) -> str:
    """Cell text without layout whitespace and blank-cell markers at either end."""
    return text.strip(_LAYOUT + "\r\n")


def cell_kind(text: str) -> CellKind:
    cell = clean_cell(text)
    if cell in _NOTHING_PRINTED:
        return "blank"
    if _CODE.match(cell):
        return "code"
    if _AMOUNT.match(cell):
        return "amount"
    return "text"


def leading_tabs(line: str) -> int:
    return len(line) - len(line.lstrip("\t"))
