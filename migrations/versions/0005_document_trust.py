"""Per-document trust summary: reconciliation outcomes and coverage of printed figures.

coverage = share of the figures printed in the document's tables that are loaded as facts or
accounted for (a repeated printing or a subtotal checked against its parts). Not accounted
for: the figures of a table that was recognized but not mapped, and single cells recorded
as issues. Both are listed in ops.extraction_issue with their reasons.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE VIEW ops.v_document_trust AS
WITH figures AS (
    SELECT t.document_id,
           sum(t.n_figures) AS printed,
           sum(t.n_figures) FILTER (
               WHERE t.n_facts = 0 AND EXISTS (
                   SELECT 1 FROM ops.extraction_issue i
                   WHERE i.document_id = t.document_id
                     AND i.table_title IS NOT DISTINCT FROM t.title
                     AND i.column_label IS NULL
                     AND (i.reason LIKE '%not mapped%' OR i.reason LIKE '%not recognized%'))
           ) AS in_unmapped_tables
    FROM ops.table_instance t
    GROUP BY t.document_id
),
cells AS (
    SELECT document_id, count(*) AS unmapped_cells
    FROM ops.extraction_issue WHERE column_label IS NOT NULL
    GROUP BY document_id
),
checks AS (
    SELECT document_id,
           count(*) FILTER (WHERE outcome = 'pass') AS passed,
           count(*) FILTER (WHERE outcome = 'source_inconsistency') AS source_inconsistencies,
           count(*) FILTER (WHERE outcome = 'extraction_failure') AS extraction_failures
    FROM ops.check_result GROUP BY document_id
)
SELECT d.document_id, d.source_name, d.doc_kind, d.fiscal_year, u.unit_name, d.status,
       COALESCE(c.passed, 0) AS checks_passed,
       COALESCE(c.source_inconsistencies, 0) AS source_inconsistencies,
       COALESCE(c.extraction_failures, 0) AS extraction_failures,
       COALESCE(f.printed, 0) AS figures_printed,
       COALESCE(f.in_unmapped_tables, 0) + COALESCE(x.unmapped_cells, 0) AS figures_unaccounted,
       CASE WHEN COALESCE(f.printed, 0) = 0 THEN NULL
            ELSE round(1 - (COALESCE(f.in_unmapped_tables, 0) + COALESCE(x.unmapped_cells, 0))
                           ::numeric / f.printed, 4)
       END AS coverage
FROM core.dim_document d
JOIN core.dim_unit u ON u.unit_id = d.unit_id
LEFT JOIN figures f ON f.document_id = d.document_id
LEFT JOIN cells x ON x.document_id = d.document_id
LEFT JOIN checks c ON c.document_id = d.document_id;
"""

DOWNGRADE = "DROP VIEW ops.v_document_trust;"


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
