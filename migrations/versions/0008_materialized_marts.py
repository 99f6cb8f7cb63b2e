"""Marts as materialized views, refreshed after each load.

At 100x the sample corpus the plain views (0002, 0007) re-ranked every fact of the warehouse
for each query (p95 184-287 ms in bench/run.py). Materialized, a mart query reads a small
indexed table; `warehouse.marts.refresh` runs REFRESH MATERIALIZED VIEW CONCURRENTLY after
every ingest run and in the Dagster marts asset, so readers never see half a refresh. The
selects are those of 0002/0007 unchanged; core.v_expenditure / v_three_public stay views.
Comments are set again (they belong to the relation).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SELECTS: dict[str, str] = {
    "expenditure_yoy": """
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
LEFT JOIN core.dim_function fn ON fn.function_code = x.function_code
""",
    "budget_vs_actual": """
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
LEFT JOIN core.dim_function fn ON fn.function_code = j.function_code
""",
    "three_public": """
SELECT t.unit_id, u.unit_name, t.fiscal_year, t.stage, t.item, t.amount, t.stated_rate,
       t.document_id, t.source_table, t.source_page
FROM core.v_three_public t
JOIN core.dim_unit u ON u.unit_id = t.unit_id
""",
    "kpi_attainment": """
SELECT k.kpi_id, k.unit_id, u.unit_name, k.fiscal_year, k.project_id, p.project_name,
       k.level1, k.level2, k.level3, k.operator, k.target_text, k.target_value,
       k.measure_unit, k.actual_text, k.actual_value, k.weight, k.score,
       round(k.score / NULLIF(k.weight, 0) * 100, 2) AS score_rate,
       CASE
           WHEN k.target_value IS NULL OR k.actual_value IS NULL THEN NULL
           WHEN k.operator IN ('>=', '≥') THEN k.actual_value >= k.target_value
           WHEN k.operator IN ('<=', '≤') THEN k.actual_value <= k.target_value
           WHEN k.operator = '>' THEN k.actual_value > k.target_value
           WHEN k.operator = '<' THEN k.actual_value < k.target_value
           WHEN k.operator = '=' OR k.operator IS NULL THEN k.actual_value = k.target_value
       END AS attained,
       k.document_id, k.source_table, k.source_page
FROM core.fact_kpi k
JOIN core.dim_document d ON d.document_id = k.document_id AND d.status = 'active'
JOIN core.dim_unit u ON u.unit_id = k.unit_id
LEFT JOIN core.dim_project p ON p.project_id = k.project_id
""",
}

# unique keys (REFRESH ... CONCURRENTLY needs one) and the filters analysts use most
INDEXES: dict[str, tuple[str, ...]] = {
    "expenditure_yoy": (
        "UNIQUE (unit_id, function_code, fiscal_year, stage)",
        "(fiscal_year, function_level)",
    ),
    "budget_vs_actual": ("UNIQUE (unit_id, fiscal_year, function_code)", "(fiscal_year)"),
    "three_public": ("UNIQUE (unit_id, fiscal_year, stage, item)", "(item, fiscal_year)"),
    "kpi_attainment": ("UNIQUE (kpi_id)", "(unit_id, fiscal_year)"),
}

SAVE_COMMENTS = """
CREATE TEMPORARY TABLE saved_mart_comments ON COMMIT DROP AS
SELECT c.relname, a.attname,
       obj_description(c.oid, 'pg_class') AS relation_comment,
       col_description(c.oid, a.attnum) AS column_comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'mart' AND c.relname IN
      ('expenditure_yoy', 'budget_vs_actual', 'three_public', 'kpi_attainment');
"""


def _restore_comments(kind: str) -> str:
    return f"""
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT DISTINCT relname, relation_comment FROM saved_mart_comments LOOP
        EXECUTE format('COMMENT ON {kind} mart.%I IS %L', r.relname, r.relation_comment);
    END LOOP;
    FOR r IN SELECT relname, attname, column_comment FROM saved_mart_comments
             WHERE column_comment IS NOT NULL LOOP
        EXECUTE format('COMMENT ON COLUMN mart.%I.%I IS %L', r.relname, r.attname,
                       r.column_comment);
    END LOOP;
END
$$;
"""


def upgrade() -> None:
    op.execute(SAVE_COMMENTS)
    for name in SELECTS:
        op.execute(f"DROP VIEW mart.{name}")
    for name, select in SELECTS.items():
        op.execute(f"CREATE MATERIALIZED VIEW mart.{name} AS {select} WITH DATA")
        for number, index in enumerate(INDEXES[name]):
            unique = index.startswith("UNIQUE")
            columns = index.removeprefix("UNIQUE ").strip()
            kind = "UNIQUE INDEX" if unique else "INDEX"
            op.execute(f"CREATE {kind} ix_mart_{name}_{number} ON mart.{name} {columns}")
    op.execute(_restore_comments("MATERIALIZED VIEW"))


def downgrade() -> None:
    op.execute(SAVE_COMMENTS)
    for name in SELECTS:
        op.execute(f"DROP MATERIALIZED VIEW mart.{name}")
    for name, select in SELECTS.items():
        op.execute(f"CREATE VIEW mart.{name} AS {select}")
    op.execute(_restore_comments("VIEW"))
