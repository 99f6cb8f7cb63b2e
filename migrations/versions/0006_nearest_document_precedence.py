"""Prefer the nearest document for a year no document of its own covers.

A figure of 2022 may be printed by the 2023 budget (its previous-year column) and by the 2024
budget (two years back in a 三公 note): when no 2022 document is loaded, the printing of the
nearer year speaks for 2022. Replaces the two ranking views of 0002 with that rule added.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _precedence(nearest: bool) -> str:
    distance = "abs(d.fiscal_year - f.fiscal_year)," if nearest else ""
    return f"""
    CASE WHEN (f.stage = 'budget' AND d.doc_kind = 'budget')
           OR (f.stage = 'actual' AND d.doc_kind = 'final_account') THEN 0 ELSE 1 END,
    (d.unit_id = f.unit_id) DESC,
    (d.fiscal_year = f.fiscal_year) DESC,
    {distance}
    d.document_id DESC
    """


def _views(nearest: bool) -> str:
    order = _precedence(nearest)
    return f"""
CREATE OR REPLACE VIEW core.v_expenditure AS
SELECT fact_id, document_id, doc_kind, unit_id, fiscal_year, stage, function_code,
       economic_scheme, economic_code, project_id, fund_source, expense_type, amount,
       stated_rate, origin, source_table, source_page
FROM (
    SELECT f.*, d.doc_kind,
           dense_rank() OVER (PARTITION BY f.unit_id, f.fiscal_year, f.stage
                              ORDER BY {order}) AS document_rank
    FROM core.fact_expenditure f
    JOIN core.dim_document d ON d.document_id = f.document_id
    WHERE d.status = 'active'
) ranked
WHERE document_rank = 1;

CREATE OR REPLACE VIEW core.v_three_public AS
SELECT fact_id, document_id, doc_kind, unit_id, fiscal_year, stage, item, amount, stated_rate,
       source_table, source_page
FROM (
    SELECT f.*, d.doc_kind,
           dense_rank() OVER (PARTITION BY f.unit_id, f.fiscal_year, f.stage
                              ORDER BY {order}) AS document_rank
    FROM core.fact_three_public f
    JOIN core.dim_document d ON d.document_id = f.document_id
    WHERE d.status = 'active'
) ranked
WHERE document_rank = 1;
"""


def upgrade() -> None:
    op.execute(_views(nearest=True))


def downgrade() -> None:
    op.execute(_views(nearest=False))
