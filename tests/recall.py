"""Compare what the warehouse holds for one document with the oracle, grain by grain."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Engine, text

from tests.oracle import Grain, Printing, expected_facts, expected_narrative, tables
from warehouse.synthetic.verify import stored_facts


@dataclass
class Recall:
    expected: dict[Grain, Printing]
    found: dict[Grain, Decimal]
    missing: list[Grain] = field(default_factory=list)
    wrong: list[tuple[Grain, Decimal, Decimal]] = field(default_factory=list)
    extra: list[Grain] = field(default_factory=list)
    duplicates: list[Grain] = field(default_factory=list)

    @property
    def recall(self) -> float:
        good = len(self.expected) - len(self.missing) - len(self.wrong)
        return good / len(self.expected) if self.expected else 1.0

    def by_kind(self, doc: str) -> dict[str, tuple[int, int]]:
        kinds = {f: str(t.get("kind")) for f, t in tables(doc)}
        total: Counter[str] = Counter()
        bad: Counter[str] = Counter()
        wrong = {g for g, _, _ in self.wrong}
        for grain, printing in self.expected.items():
            kind = kinds.get(printing.table_file, "?")
            total[kind] += 1
            if grain in self.missing or grain in wrong:
                bad[kind] += 1
        return {k: (total[k] - bad[k], total[k]) for k in total}


def measure(engine: Engine, document_id: int, doc: str) -> Recall:
    oracle = expected_facts(doc)
    with engine.connect() as conn:
        found, duplicates = stored_facts(conn, document_id, oracle.first)
    result = Recall(expected=oracle.first, found=found, duplicates=duplicates)
    for grain, printing in oracle.first.items():
        if grain not in found:
            result.missing.append(grain)
        elif found[grain] != printing.amount:
            result.wrong.append((grain, printing.amount, found[grain]))
    result.extra = [g for g in found if g not in oracle.first]
    return result


@dataclass
class StatedRecall:
    """The money figures a narrative states, found by value among what the document holds."""

    expected: list[Decimal]
    missing: list[Decimal]

    @property
    def recall(self) -> float:
        good = len(self.expected) - len(self.missing)
        return good / len(self.expected) if self.expected else 1.0


_STATED_VALUES = text(
    """
    SELECT amount AS v FROM core.fact_stated WHERE document_id = :doc AND amount IS NOT NULL
    UNION ALL SELECT change_amount FROM core.fact_stated
      WHERE document_id = :doc AND change_amount IS NOT NULL
    UNION ALL SELECT amount FROM core.fact_expenditure WHERE document_id = :doc
    UNION ALL SELECT amount FROM core.fact_revenue WHERE document_id = :doc
    UNION ALL SELECT amount FROM core.fact_three_public WHERE document_id = :doc
    """
)


def measure_stated(engine: Engine, document_id: int, doc: str) -> StatedRecall:
    """Each stated money figure (amount, or the signed change of a yoy line) must be held by
    the document somewhere, once per statement: matched by value, as a reader would look it
    up, since a narrative sentence names no grain the oracle could key."""
    wanted: list[Decimal] = []
    for figure in expected_narrative(doc):
        if not figure.is_money:
            continue
        value = figure.change_amount if figure.kind == "yoy_change" else figure.amount
        if value is not None:
            wanted.append(value)
    with engine.connect() as conn:
        held = Counter(
            Decimal(r.v).normalize() for r in conn.execute(_STATED_VALUES, {"doc": document_id})
        )
    missing: list[Decimal] = []
    for value in wanted:
        key = value.normalize()
        if held[key] > 0:
            held[key] -= 1
        else:
            missing.append(value)
    return StatedRecall(expected=wanted, missing=missing)
