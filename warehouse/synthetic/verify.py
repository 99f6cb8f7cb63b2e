"""Compare what the warehouse holds for a document with its expected facts, grain by grain."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, text

from warehouse.parse.projects import project_key
from warehouse.synthetic.expected import ExpectedFact, Grain

_FACTS = text(
    """
    SELECT 'expenditure' AS fact, u.unit_name, (f.unit_id = d.unit_id) AS is_publisher,
           f.fiscal_year, f.stage, f.function_code, f.economic_scheme, f.economic_code,
           p.project_name, f.fund_source, f.expense_type, NULL AS item, f.amount
    FROM core.fact_expenditure f
    JOIN core.dim_document d ON d.document_id = f.document_id
    JOIN core.dim_unit u ON u.unit_id = f.unit_id
    LEFT JOIN core.dim_project p ON p.project_id = f.project_id
    WHERE d.document_id = :doc
    UNION ALL
    SELECT 'revenue', u.unit_name, (f.unit_id = d.unit_id), f.fiscal_year, f.stage,
           f.function_code, NULL, NULL, NULL, f.fund_source, NULL, NULL, f.amount
    FROM core.fact_revenue f
    JOIN core.dim_document d ON d.document_id = f.document_id
    JOIN core.dim_unit u ON u.unit_id = f.unit_id
    WHERE d.document_id = :doc
    UNION ALL
    SELECT 'three_public', u.unit_name, (f.unit_id = d.unit_id), f.fiscal_year, f.stage,
           NULL, NULL, NULL, NULL, NULL, NULL, f.item, f.amount
    FROM core.fact_three_public f
    JOIN core.dim_document d ON d.document_id = f.document_id
    JOIN core.dim_unit u ON u.unit_id = f.unit_id
    WHERE d.document_id = :doc
    """
)


@dataclass(frozen=True)
class Accuracy:
    expected: int
    correct: int  # found at its grain with the exact amount
    wrong: int  # found at its grain with another amount
    extra: int  # stored grains the transcription does not have

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def comparable_unit(unit: str) -> str:
    """Unit names compared without their printed codes (578002 …, …-210100000)."""
    compact = re.sub(r"\s+", "", unit)
    compact = re.sub(r"^[0-9]{3,6}(?=\D)", "", compact)
    return project_key(re.sub(r"[-－—][0-9]{6,}$", "", compact))


def stored_facts(
    conn: Connection, document_id: int, expected: Iterable[Grain]
) -> tuple[dict[Grain, Decimal], list[Grain]]:
    """The document's stored facts at the expected facts' grains (unit and project names
    matched after normalization), and any grain stored twice."""
    want = list(expected)
    projects = {project_key(g.project): g.project for g in want if g.project}
    units = {comparable_unit(g.unit): g.unit for g in want if g.unit}
    found: dict[Grain, Decimal] = {}
    duplicates: list[Grain] = []
    for r in conn.execute(_FACTS, {"doc": document_id}):
        unit = "" if r.is_publisher else units.get(comparable_unit(r.unit_name), r.unit_name)
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
    return found, duplicates


def accuracy(conn: Connection, document_id: int, expected: list[ExpectedFact]) -> Accuracy:
    """Exact-to-the-cent agreement of one loaded document with its expected facts."""
    want = {f.grain: f.amount for f in expected}
    found, _ = stored_facts(conn, document_id, want)
    correct = sum(1 for g, amount in want.items() if found.get(g) == amount)
    wrong = sum(1 for g, amount in want.items() if g in found and found[g] != amount)
    extra = sum(1 for g in found if g not in want)
    return Accuracy(expected=len(want), correct=correct, wrong=wrong, extra=extra)
