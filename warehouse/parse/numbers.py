"""Printed amounts to exact Decimals.

Seeds print amounts with thousands separators, full-width digits, and — after text
extraction — spaces inside the number (`236 ,02 3.0 6` is 236,023.06). A cell with nothing
printed (blank, ideographic space, -, —, ……) is None: nothing printed is not zero.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－％", "0123456789.,-%")
_BLANKS = {"", "-", "--", "—", "——", "……", "…", "/", "－", "_"}
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_LOOSE_COMMAS = re.compile(r"^[-+]?[\d,]+(?:\.\d+)?$")


class NotANumber(ValueError):
    """The cell holds text where an amount was expected."""


def is_blank(cell: str | None) -> bool:
    if cell is None:
        return True
    return cell.replace("\u3000", "").strip() in _BLANKS


def normalize_number_text(cell: str) -> str:
    """Undo extraction damage: full-width forms, spaces inside the number."""
    text = cell.translate(_FULL_WIDTH).replace("\u3000", "")
    return re.sub(r"\s+", "", text)


def parse_amount(cell: str | None) -> Decimal | None:
    """The printed amount, exactly; None when nothing is printed.

    Raises NotANumber for text that is not an amount (the caller records it).
    """
    if is_blank(cell):
        return None
    assert cell is not None
    text = normalize_number_text(cell)
    if text in _BLANKS:
        return None
    if not (_NUMBER.match(text) or _LOOSE_COMMAS.match(text)):
        raise NotANumber(cell)
    if text.startswith(",") or ",." in text or text.endswith(","):
        raise NotANumber(cell)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise NotANumber(cell) from exc


def looks_like_amount(cell: str | None) -> bool:
    try:
        return parse_amount(cell) is not None
    except NotANumber:
        return False


def parse_percent(text: str) -> Decimal | None:
    """'129.69%' or '129.69' -> Decimal('129.69')."""
    cleaned = normalize_number_text(text).rstrip("%")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def wan_yuan(amount: Decimal, money_unit: str | None) -> Decimal:
    """Amounts are stored in 万元; convert tables printed in 元 (or 千元)."""
    if money_unit == "元":
        return amount / Decimal(10000)
    if money_unit == "千元":
        return amount / Decimal(10)
    return amount
