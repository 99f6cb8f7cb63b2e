"""What became of each money figure a table prints: fact, repeated printing, unmapped, missed.

The printed figures are counted from the cells by shape (extract/figures.py), independently
of the parser; the parser's outcomes for the table (the facts, checks and issues it added)
are then matched to them value by value. A figure is
- loaded when a fact of this table carries it (or carries it as one of the parts it sums),
- repeated when a check of this table compared it and agreed (a figure stored once, printed
  again, or a subtotal checked against its parts; a check that found an extraction failure
  covers nothing: one of the two printings was read wrong),
- unmapped when an issue of this table names it (or the whole table was logged unmapped),
- missed otherwise: printed, and nothing in the warehouse says what became of it.
Matching by value within one table cannot tell two equal figures apart, which is why the
counts are kept per table, where equal values are few.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from warehouse.extract.figures import money_tokens, printed_figures
from warehouse.extract.model import RawTable
from warehouse.parse.staging import StagedDocument

_FACTOR = {"元": Decimal(10000), "千元": Decimal(10)}


@dataclass(frozen=True)
class Mark:
    """How much of the staged document existed before a table was parsed."""

    facts: int
    checks: int
    issues: int


@dataclass(frozen=True)
class FigureAccount:
    printed: int
    loaded: int
    repeated: int
    unmapped: int

    @property
    def missed(self) -> int:
        return self.printed - self.loaded - self.repeated - self.unmapped


def mark(staged: StagedDocument) -> Mark:
    return Mark(len(staged.facts), len(staged.checks), len(staged.issues))


def _take(pool: Counter[Decimal], values: list[Decimal]) -> int:
    taken = 0
    for value in values:
        if pool[value] > 0:
            pool[value] -= 1
            taken += 1
    return taken


def account(
    table: RawTable, staged: StagedDocument, before: Mark, money_unit: str | None
) -> FigureAccount:
    """Match the table's printed figures to what its parser staged since `before`."""
    printed = printed_figures(table)
    pool: Counter[Decimal] = Counter(v.normalize() for v in printed)
    factor = _FACTOR.get(money_unit or "", Decimal(1))

    def as_printed(value: Decimal | None) -> list[Decimal]:
        return [] if value is None else [(value * factor).normalize()]

    facts = list(staged.facts.values())[before.facts :]
    printed_as = [p for f in facts if f.origin == "table" for p in (f.parts or (f.amount,))]
    loaded = _take(pool, [v for p in printed_as for v in as_printed(p)])
    checks = staged.checks[before.checks :]
    agreeing = [c for c in checks if c.outcome != "extraction_failure"]
    repeated = _take(pool, [v for c in agreeing for v in as_printed(c.found)])
    issues = staged.issues[before.issues :]
    whole_table = any(i.column is None and i.row is None for i in issues)
    if whole_table:
        unmapped = sum(pool.values())
    else:
        cells = [v.normalize() for i in issues if i.cell for v in money_tokens(i.cell)]
        unmapped = _take(pool, cells)
    return FigureAccount(len(printed), loaded, repeated, unmapped)
