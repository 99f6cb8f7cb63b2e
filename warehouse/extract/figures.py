"""The money figures a table prints, counted by their shape alone, before any parsing.

This is the denominator of an honest coverage: whatever the parsers make of a table, the
amounts it prints are the number-shaped tokens of its cells — a figure with decimals
(120.17, 0.00, 9,142.554971) or with thousands separators (1,130). Bare integers are left
out: in these tables they are codes (2080505), years (2026), 栏次 (1 2 3) or counts as often
as amounts, and a count must not depend on guessing which.
"""

from __future__ import annotations

import re
from decimal import Decimal

from warehouse.extract.model import RawTable

_MONEY = re.compile(r"^[-－]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,6})?|[0-9]+\.[0-9]{1,6})$")


def money_tokens(cell: str) -> list[Decimal]:
    """The money-shaped tokens of one cell, as exact numbers (several where cells merged)."""
    out: list[Decimal] = []
    for token in cell.split():
        token = token.strip("（）()").replace("，", ",")
        if _MONEY.match(token):
            out.append(Decimal(token.replace(",", "").replace("－", "-")))
    return out


def printed_figures(table: RawTable) -> list[Decimal]:
    """Every money-shaped token printed in the table's cells, in reading order."""
    return [value for row in table.rows for cell in row if cell for value in money_tokens(cell)]
