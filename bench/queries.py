"""BI query latency at 1×, 10× and 100× the sample corpus, the larger warehouses synthesized
in SQL by copying the loaded documents under new units (the parse is not what is measured)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from sqlalchemy import Engine, text

from warehouse.marts.refresh import refresh_marts

# Ten questions an analyst asks: the marts first, then the core star.
QUERIES: dict[str, str] = {
    "yoy one unit": """SELECT function_code, function_name, amount, prior_amount, change_pct
        FROM mart.expenditure_yoy WHERE unit_id = :unit AND fiscal_year = :year
        ORDER BY function_code""",
    "yoy top movers": """SELECT unit_name, function_name, change_amount, change_pct
        FROM mart.expenditure_yoy WHERE fiscal_year = :year AND function_level = 1
          AND change_pct IS NOT NULL ORDER BY abs(change_pct) DESC LIMIT 10""",
    "execution one unit": """SELECT function_code, budget_amount, actual_amount, execution_rate
        FROM mart.budget_vs_actual WHERE unit_id = :unit AND fiscal_year = :year""",
    "execution by year": """SELECT fiscal_year, avg(execution_rate), count(*)
        FROM mart.budget_vs_actual GROUP BY fiscal_year ORDER BY fiscal_year""",
    "三公 by year": """SELECT fiscal_year, stage, sum(amount) FROM mart.three_public
        WHERE item = 'total' GROUP BY fiscal_year, stage ORDER BY 1, 2""",
    "三公 one unit": """SELECT fiscal_year, stage, item, amount FROM mart.three_public
        WHERE unit_id = :unit ORDER BY fiscal_year, item""",
    "core by 类": """SELECT left(function_code, 3) AS lei, sum(amount)
        FROM core.fact_expenditure WHERE fiscal_year = :year AND stage = 'budget'
          AND length(function_code) = 3 AND expense_type = 'total' AND fund_source = 'all'
          AND economic_code IS NULL AND project_id IS NULL GROUP BY 1 ORDER BY 2 DESC""",
    "core personnel vs public": """SELECT u.unit_name, f.expense_type, sum(f.amount)
        FROM core.fact_expenditure f JOIN core.dim_unit u USING (unit_id)
        WHERE f.fiscal_year = :year AND f.expense_type IN ('personnel', 'public')
          AND f.function_code IS NOT NULL AND length(f.function_code) = 3
        GROUP BY 1, 2 ORDER BY 1, 2""",
    "core top projects": """SELECT p.project_name, sum(f.amount) AS total
        FROM core.fact_expenditure f JOIN core.dim_project p USING (project_id)
        WHERE f.fiscal_year = :year GROUP BY 1 ORDER BY total DESC LIMIT 20""",
    "core revenue by source": """SELECT fiscal_year, fund_source, sum(amount)
        FROM core.fact_revenue GROUP BY 1, 2 ORDER BY 1, 2""",
}

_COPY_UNITS = """
INSERT INTO core.dim_unit (unit_name, unit_code, province, city, unit_key)
SELECT u.unit_name || '（副本' || k || '）', u.unit_code, u.province, u.city,
       u.unit_key || '#' || k
FROM core.dim_unit u CROSS JOIN generate_series(CAST(:first AS int), CAST(:last AS int)) k
WHERE u.unit_key NOT LIKE '%#%'
"""
_UNIT_MAP = """
CREATE TEMP TABLE unit_map AS
SELECT o.unit_id AS old_id, n.unit_id AS new_id, split_part(n.unit_key, '#', 2)::int AS k
FROM core.dim_unit n JOIN core.dim_unit o ON o.unit_key = split_part(n.unit_key, '#', 1)
WHERE n.unit_key LIKE '%#%' AND split_part(n.unit_key, '#', 2)::int BETWEEN :first AND :last
"""
_COPY_DOCS = """
INSERT INTO core.dim_document ({cols}, sha256, unit_id)
SELECT {d_cols}, d.sha256 || '#' || m.k, m.new_id
FROM core.dim_document d JOIN unit_map m ON m.old_id = d.unit_id
WHERE d.sha256 NOT LIKE '%#%'
"""
_DOC_MAP = """
CREATE TEMP TABLE doc_map AS
SELECT o.document_id AS old_id, n.document_id AS new_id, split_part(n.sha256, '#', 2)::int AS k
FROM core.dim_document n JOIN core.dim_document o ON o.sha256 = split_part(n.sha256, '#', 1)
WHERE n.sha256 LIKE '%#%' AND split_part(n.sha256, '#', 2)::int BETWEEN :first AND :last
"""
_COPY_FACTS = """
INSERT INTO core.{table} ({cols}, document_id, unit_id)
SELECT {f_cols}, dm.new_id, um.new_id
FROM core.{table} f
JOIN doc_map dm ON dm.old_id = f.document_id
JOIN unit_map um ON um.old_id = f.unit_id AND um.k = dm.k
"""


def _columns(engine: Engine, table: str, skip: set[str]) -> list[str]:
    with engine.connect() as conn:
        names = conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'core' "
                "AND table_name = :t AND is_identity = 'NO' ORDER BY ordinal_position"
            ),
            {"t": table},
        ).scalars()
        return [n for n in names if n not in skip]


def multiply(engine: Engine, first: int, last: int) -> None:
    """Add copies number first..last of every loaded document, each under its own units."""
    if last < first:
        return
    doc_cols = _columns(engine, "dim_document", {"sha256", "unit_id", "superseded_by"})
    with engine.begin() as conn:
        conn.execute(text(_COPY_UNITS), {"first": first, "last": last})
        conn.execute(text(_UNIT_MAP), {"first": first, "last": last})
        conn.execute(
            text(
                _COPY_DOCS.format(
                    cols=", ".join(doc_cols), d_cols=", ".join(f"d.{c}" for c in doc_cols)
                )
            )
        )
        conn.execute(text(_DOC_MAP), {"first": first, "last": last})
        for table in ("fact_expenditure", "fact_revenue", "fact_three_public"):
            cols = _columns(engine, table, {"document_id", "unit_id"})
            sql = _COPY_FACTS.format(
                table=table, cols=", ".join(cols), f_cols=", ".join(f"f.{c}" for c in cols)
            )
            conn.execute(text(sql))
        conn.execute(text("DROP TABLE unit_map; DROP TABLE doc_map"))
    refresh_marts(engine)  # the copies reach the marts as a load's facts would
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


@dataclass(frozen=True)
class Latency:
    scale: str
    documents: int
    facts: int
    per_query: dict[str, tuple[float, float]]  # name -> (p50, p95) in ms

    @property
    def overall(self) -> tuple[float, float]:
        p95s = [p95 for _, p95 in self.per_query.values()]
        p50s = [p50 for p50, _ in self.per_query.values()]
        return statistics.median(p50s), max(p95s)


def latency(engine: Engine, scale: str, repeats: int = 7) -> Latency:
    """p50/p95 per query over `repeats` warm runs (one warm-up run not counted)."""
    with engine.connect() as conn:
        documents = int(conn.execute(text("SELECT count(*) FROM core.dim_document")).scalar_one())
        facts = int(conn.execute(text("SELECT count(*) FROM core.fact_expenditure")).scalar_one())
        unit, year = conn.execute(
            text("SELECT unit_id, fiscal_year FROM core.dim_document ORDER BY document_id LIMIT 1")
        ).one()
        per_query: dict[str, tuple[float, float]] = {}
        for name, sql in QUERIES.items():
            timings = []
            for run in range(repeats + 1):
                started = time.perf_counter()
                conn.execute(text(sql), {"unit": unit, "year": year}).all()
                if run:
                    timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            per_query[name] = (statistics.median(timings), p95)
    return Latency(scale, documents, facts, per_query)
