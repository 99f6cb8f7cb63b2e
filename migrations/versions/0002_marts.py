"""Marts as views over the active documents' facts.

Views, not tables: a query never sees half a refresh, and a load is visible the moment its
transaction commits. `core.v_expenditure` decides which document speaks for a unit, year and
stage when several print the same figure: a budget disclosure for budget figures (a final
account quoting its budget does not override it), a final account for actuals, the unit's
own document over a department's by-unit lines, then the most recently loaded.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Which document speaks for (unit, year, stage); shared by the expenditure and 三公 views.
DOCUMENT_PRECEDENCE = """
    CASE WHEN (f.stage = 'budget' AND d.doc_kind = 'budget')
           OR (f.stage = 'actual' AND d.doc_kind = 'final_account') THEN 0 ELSE 1 END,
    (d.unit_id = f.unit_id) DESC,
    (d.fiscal_year = f.fiscal_year) DESC,
    d.document_id DESC
"""

UPGRADE = f"""
CREATE VIEW core.v_expenditure AS
SELECT fact_id, document_id, doc_kind, unit_id, fiscal_year, stage, function_code,
       economic_scheme, economic_code, project_id, fund_source, expense_type, amount,
       stated_rate, origin, source_table, source_page
FROM (
    SELECT f.*, d.doc_kind,
           dense_rank() OVER (PARTITION BY f.unit_id, f.fiscal_year, f.stage
                              ORDER BY {DOCUMENT_PRECEDENCE}) AS document_rank
    FROM core.fact_expenditure f
    JOIN core.dim_document d ON d.document_id = f.document_id
    WHERE d.status = 'active'
) ranked
WHERE document_rank = 1;

CREATE VIEW core.v_three_public AS
SELECT fact_id, document_id, doc_kind, unit_id, fiscal_year, stage, item, amount, stated_rate,
       source_table, source_page
FROM (
    SELECT f.*, d.doc_kind,
           dense_rank() OVER (PARTITION BY f.unit_id, f.fiscal_year, f.stage
                              ORDER BY {DOCUMENT_PRECEDENCE}) AS document_rank
    FROM core.fact_three_public f
    JOIN core.dim_document d ON d.document_id = f.document_id
    WHERE d.status = 'active'
) ranked
WHERE document_rank = 1;

-- One amount per unit, function code, year and stage: the all-sources total where printed,
-- else the general-public-budget total (the only one a final-account narrative states).
CREATE VIEW mart.expenditure_yoy AS
WITH line AS (
    SELECT DISTINCT ON (unit_id, function_code, fiscal_year, stage)
           unit_id, function_code, fiscal_year, stage, fund_source, amount
    FROM core.v_expenditure
    WHERE function_code IS NOT NULL AND economic_code IS NULL AND project_id IS NULL
      AND expense_type = 'total' AND fund_source IN ('all', 'general_public')
    ORDER BY unit_id, function_code, fiscal_year, stage, (fund_source = 'all') DESC
),
unit_years AS (
    SELECT DISTINCT unit_id, fiscal_year, stage FROM line
),
paired AS (
    SELECT c.unit_id, c.function_code, c.fiscal_year, c.stage, c.fund_source,
           c.amount, p.amount AS prior_amount
    FROM line c
    LEFT JOIN line p ON p.unit_id = c.unit_id AND p.function_code = c.function_code
                    AND p.stage = c.stage AND p.fiscal_year = c.fiscal_year - 1
    UNION ALL
    -- a line printed last year and not this year: dropped, with NULL on this year's side
    SELECT p.unit_id, p.function_code, p.fiscal_year + 1, p.stage, p.fund_source,
           NULL, p.amount
    FROM line p
    JOIN unit_years y ON y.unit_id = p.unit_id AND y.stage = p.stage
                     AND y.fiscal_year = p.fiscal_year + 1
    WHERE NOT EXISTS (
        SELECT 1 FROM line c
        WHERE c.unit_id = p.unit_id AND c.function_code = p.function_code
          AND c.stage = p.stage AND c.fiscal_year = p.fiscal_year + 1)
)
SELECT x.unit_id, u.unit_name, x.function_code, fn.level AS function_level,
       fn.name AS function_name, x.fiscal_year, x.stage, x.fund_source,
       x.amount, x.prior_amount,
       x.amount - x.prior_amount AS change_amount,
       round((x.amount - x.prior_amount) / NULLIF(x.prior_amount, 0) * 100, 2) AS change_pct
FROM paired x
JOIN core.dim_unit u ON u.unit_id = x.unit_id
LEFT JOIN core.dim_function fn ON fn.function_code = x.function_code;

-- Budget against actual per unit, year and function code. The budget comes from the budget
-- disclosure when loaded; else from a final account's own budget column; else it is derived
-- from the stated execution rate (actual / rate, rounded to 0.01 万元).
CREATE VIEW mart.budget_vs_actual AS
WITH line AS (
    SELECT DISTINCT ON (unit_id, function_code, fiscal_year, stage)
           unit_id, function_code, fiscal_year, stage, doc_kind, amount, stated_rate
    FROM core.v_expenditure
    WHERE function_code IS NOT NULL AND economic_code IS NULL AND project_id IS NULL
      AND expense_type = 'total' AND fund_source IN ('general_public', 'all')
    ORDER BY unit_id, function_code, fiscal_year, stage, (fund_source = 'general_public') DESC
),
actual AS (SELECT * FROM line WHERE stage = 'actual'),
budget AS (SELECT * FROM line WHERE stage = 'budget'),
joined AS (
    SELECT COALESCE(a.unit_id, b.unit_id) AS unit_id,
           COALESCE(a.fiscal_year, b.fiscal_year) AS fiscal_year,
           COALESCE(a.function_code, b.function_code) AS function_code,
           CASE WHEN b.amount IS NOT NULL THEN b.amount
                WHEN a.stated_rate > 0 THEN round(a.amount / a.stated_rate * 100, 2)
           END AS budget_amount,
           a.amount AS actual_amount,
           a.stated_rate,
           CASE WHEN b.doc_kind = 'budget' THEN 'budget_document'
                WHEN b.amount IS NOT NULL THEN 'final_account_table'
                WHEN a.stated_rate IS NOT NULL THEN 'stated_rate'
           END AS budget_basis
    FROM actual a
    FULL JOIN budget b ON b.unit_id = a.unit_id AND b.fiscal_year = a.fiscal_year
                      AND b.function_code = a.function_code
)
SELECT j.unit_id, u.unit_name, j.fiscal_year, j.function_code, fn.name AS function_name,
       j.budget_amount, j.actual_amount,
       round(j.actual_amount / NULLIF(j.budget_amount, 0) * 100, 2) AS execution_rate,
       j.budget_basis, j.stated_rate
FROM joined j
JOIN core.dim_unit u ON u.unit_id = j.unit_id
LEFT JOIN core.dim_function fn ON fn.function_code = j.function_code;

CREATE VIEW mart.three_public AS
SELECT t.unit_id, u.unit_name, t.fiscal_year, t.stage, t.item, t.amount, t.stated_rate,
       t.document_id, t.source_table, t.source_page
FROM core.v_three_public t
JOIN core.dim_unit u ON u.unit_id = t.unit_id;
"""

DOWNGRADE = """
DROP VIEW mart.three_public;
DROP VIEW mart.budget_vs_actual;
DROP VIEW mart.expenditure_yoy;
DROP VIEW core.v_three_public;
DROP VIEW core.v_expenditure;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
