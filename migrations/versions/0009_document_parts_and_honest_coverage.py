"""Disclosures published in two files, and a coverage that counts what was printed.

1. core.dim_document.part: 'complete', or 'tables' / 'narrative' when a bureau publishes the
   tables (附件2 …报表) and the narrative (附件1 …情况说明) of one disclosure as two files.
   One active document per unit, year, kind *and part*: the two halves never supersede each
   other. Where both halves print a figure of one year, the tables speak (core.v_expenditure
   and core.v_three_public rank a narrative-only document after the others).
2. ops.table_instance.figures_*: the money figures printed in each table, counted by shape
   from its cells before any parsing, and what became of them (loaded as a fact, recorded as
   a repeated printing or check, logged unmapped; the rest missed).
3. ops.v_document_trust: coverage = (loaded + repeated) / printed. A figure logged as
   unmapped is not covered, and neither is one that nothing accounts for.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTS = """
ALTER TABLE core.dim_document ADD COLUMN part text NOT NULL DEFAULT 'complete';
ALTER TABLE core.dim_document ADD CONSTRAINT ck_dim_document_part
    CHECK (part IN ('complete', 'tables', 'narrative'));
DROP INDEX core.uq_dim_document_active_unit_year_kind;
CREATE UNIQUE INDEX uq_dim_document_active_unit_year_kind
    ON core.dim_document (unit_id, fiscal_year, doc_kind, part) WHERE status = 'active';
COMMENT ON COLUMN core.dim_document.part IS
    '文件所含部分：complete 完整 / tables 仅报表 / narrative 仅情况说明 — the part of the '
    'disclosure this file holds; the two halves of one disclosure are both active';
"""

PARTS_DOWN = """
DROP INDEX core.uq_dim_document_active_unit_year_kind;
CREATE UNIQUE INDEX uq_dim_document_active_unit_year_kind
    ON core.dim_document (unit_id, fiscal_year, doc_kind) WHERE status = 'active';
ALTER TABLE core.dim_document DROP CONSTRAINT ck_dim_document_part;
ALTER TABLE core.dim_document DROP COLUMN part;
"""

FIGURES = """
ALTER TABLE ops.table_instance
    ADD COLUMN figures_printed integer NOT NULL DEFAULT 0,
    ADD COLUMN figures_loaded integer NOT NULL DEFAULT 0,
    ADD COLUMN figures_repeated integer NOT NULL DEFAULT 0,
    ADD COLUMN figures_unmapped integer NOT NULL DEFAULT 0;
"""

FIGURES_DOWN = """
ALTER TABLE ops.table_instance
    DROP COLUMN figures_printed,
    DROP COLUMN figures_loaded,
    DROP COLUMN figures_repeated,
    DROP COLUMN figures_unmapped;
"""


def _precedence(narrative_last: bool) -> str:
    parts = "(d.part = 'narrative') ASC," if narrative_last else ""
    return f"""
    CASE WHEN (f.stage = 'budget' AND d.doc_kind = 'budget')
           OR (f.stage = 'actual' AND d.doc_kind = 'final_account') THEN 0 ELSE 1 END,
    (d.unit_id = f.unit_id) DESC,
    (d.fiscal_year = f.fiscal_year) DESC,
    abs(d.fiscal_year - f.fiscal_year),
    {parts}
    d.document_id DESC
    """


def _ranked_views(narrative_last: bool) -> str:
    order = _precedence(narrative_last)
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


TRUST = """
DROP VIEW ops.v_document_trust;
CREATE VIEW ops.v_document_trust AS
WITH figures AS (
    SELECT document_id,
           sum(figures_printed) AS printed,
           sum(figures_loaded) AS loaded,
           sum(figures_repeated) AS repeated,
           sum(figures_unmapped) AS unmapped
    FROM ops.table_instance
    GROUP BY document_id
),
checks AS (
    SELECT document_id,
           count(*) FILTER (WHERE outcome = 'pass') AS passed,
           count(*) FILTER (WHERE outcome = 'source_inconsistency') AS source_inconsistencies,
           count(*) FILTER (WHERE outcome = 'extraction_failure') AS extraction_failures
    FROM ops.check_result GROUP BY document_id
)
SELECT d.document_id, d.source_name, d.doc_kind, d.fiscal_year, u.unit_name, d.status, d.part,
       COALESCE(c.passed, 0) AS checks_passed,
       COALESCE(c.source_inconsistencies, 0) AS source_inconsistencies,
       COALESCE(c.extraction_failures, 0) AS extraction_failures,
       COALESCE(f.printed, 0) AS figures_printed,
       COALESCE(f.loaded, 0) AS figures_loaded,
       COALESCE(f.repeated, 0) AS figures_repeated,
       COALESCE(f.unmapped, 0) AS figures_unmapped,
       COALESCE(f.printed - f.loaded - f.repeated - f.unmapped, 0) AS figures_missed,
       CASE WHEN COALESCE(f.printed, 0) = 0 THEN NULL
            ELSE round((f.loaded + f.repeated)::numeric / f.printed, 4)
       END AS coverage
FROM core.dim_document d
JOIN core.dim_unit u ON u.unit_id = d.unit_id
LEFT JOIN figures f ON f.document_id = d.document_id
LEFT JOIN checks c ON c.document_id = d.document_id;
COMMENT ON VIEW ops.v_document_trust IS
    '文件可信度 — per document: checks passed, source inconsistencies, extraction failures, '
    'and the money figures printed in its tables (counted by shape) split into loaded as a fact '
    '/ repeated printing or check / logged unmapped / missed; coverage = (loaded + repeated) / '
    'printed';
"""


def upgrade() -> None:
    op.execute(PARTS)
    op.execute(FIGURES)
    op.execute(_ranked_views(narrative_last=True))
    op.execute(TRUST)


def _trust_of_0005() -> str:
    """The trust view as revision 0005 created it (its module name starts with a digit)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).with_name("0005_document_trust.py")
    spec = importlib.util.spec_from_file_location("revision_0005", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.UPGRADE)


def downgrade() -> None:
    old_trust = _trust_of_0005()
    op.execute("DROP VIEW ops.v_document_trust;")
    op.execute(old_trust)
    op.execute(_ranked_views(narrative_last=False))
    op.execute(FIGURES_DOWN)
    op.execute(PARTS_DOWN)
