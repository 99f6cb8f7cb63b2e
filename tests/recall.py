"""Compare what the warehouse holds for one document with the oracle, grain by grain."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Engine, text

from tests.oracle import Grain, Printing, expected_facts, tables
from warehouse.parse.projects import project_key

_FACTS = text(
    """
    SELECT 'expenditure' AS fact, u.unit_name, (f.unit_id = d.unit_id) AS is_publisher,
           f.fiscal_year, f.stage, f.function_code, f.economic_scheme, f.economic_code,
           p.project_name, f.fund_source, f.expense_type, NULL AS item, f.amount,
           f.source_table, f.source_page
    FROM core.fact_expenditure f
    JOIN core.dim_document d ON d.document_id = f.document_id
    JOIN core.dim_unit u ON u.unit_id = f.unit_id
    LEFT JOIN core.dim_project p ON p.project_id = f.project_id
    WHERE d.document_id = :doc
    UNION ALL
    SELECT 'revenue', u.unit_name, (f.unit_id = d.unit_id), f.fiscal_year, f.stage,
           f.function_code, NULL, NULL, NULL, f.fund_source, NULL, NULL, f.amount,
           f.source_table, f.source_page
    FROM core.fact_revenue f
    JOIN core.dim_document d ON d.document_id = f.document_id
    JOIN core.dim_unit u ON u.unit_id = f.unit_id
    WHERE d.document_id = :doc
    UNION ALL
    SELECT 'three_public', u.unit_name, (f.unit_id = d.unit_id), f.fiscal_year, f.stage,
           NULL, NULL, NULL, NULL, NULL, NULL, f.item, f.amount, f.source_table, f.source_page
    FROM core.fact_three_public f
    JOIN core.dim_document d ON d.document_id = f.document_id
    JOIN core.dim_unit u ON u.unit_id = f.unit_id
    WHERE d.document_id = :doc
    """
)


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


def _key(unit: str) -> str:
    """Unit names compared without their printed codes (578002 …, …-210100000)."""
    text = re.sub(r"\s+", "", unit)
    text = re.sub(r"^[0-9]{3,6}(?=\D)", "", text)
    text = re.sub(r"[-－—][0-9]{6,}$", "", text)
    return project_key(text)


def measure(engine: Engine, document_id: int, doc: str) -> Recall:
    oracle = expected_facts(doc)
    with engine.connect() as conn:
        rows = conn.execute(_FACTS, {"doc": document_id}).all()
    found: dict[Grain, Decimal] = {}
    duplicates: list[Grain] = []
    projects = {project_key(g.project): g.project for g in oracle.first if g.project}
    units = {_key(g.unit): g.unit for g in oracle.first if g.unit}
    for r in rows:
        unit = "" if r.is_publisher else units.get(_key(r.unit_name), r.unit_name)
        project = (
            projects.get(project_key(r.project_name), r.project_name) if r.project_name else None
        )
        grain = Grain(
            fact=r.fact,
            unit=unit,
            fiscal_year=r.fiscal_year,
            stage=r.stage,
            function_code=r.function_code,
            economic_scheme=r.economic_scheme,
            economic_code=r.economic_code,
            project=project,
            fund_source=r.fund_source,
            expense_type=r.expense_type,
            item=r.item,
        )
        if grain in found:
            duplicates.append(grain)
        found[grain] = Decimal(r.amount)
    result = Recall(expected=oracle.first, found=found, duplicates=duplicates)
    for grain, printing in oracle.first.items():
        if grain not in found:
            result.missing.append(grain)
        elif found[grain] != printing.amount:
            result.wrong.append((grain, printing.amount, found[grain]))
    result.extra = [g for g in found if g not in oracle.first]
    return result
