"""Alembic owns the schema: it goes up, down to nothing, and up again, and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from warehouse.db import migrate
from warehouse.db.models import Base

CONTRACT = {
    "core.dim_unit": {"unit_id", "unit_name", "unit_code", "parent_unit_id", "province", "city"},
    "core.dim_document": {
        "document_id",
        "sha256",
        "source_name",
        "doc_kind",
        "fiscal_year",
        "unit_id",
    },
    "core.dim_function": {"function_code", "level", "name", "parent_code"},
    "core.dim_economic": {"scheme", "economic_code", "level", "name", "parent_code"},
    "core.dim_project": {"project_id", "unit_id", "fiscal_year", "project_name"},
    "core.fact_expenditure": {
        "document_id",
        "unit_id",
        "fiscal_year",
        "stage",
        "function_code",
        "economic_scheme",
        "economic_code",
        "project_id",
        "fund_source",
        "expense_type",
        "amount",
        "source_table",
        "source_page",
    },
    "core.fact_revenue": {
        "document_id",
        "unit_id",
        "fiscal_year",
        "stage",
        "fund_source",
        "function_code",
        "amount",
        "source_table",
        "source_page",
    },
    "core.fact_kpi": {
        "document_id",
        "unit_id",
        "fiscal_year",
        "project_id",
        "level1",
        "level2",
        "level3",
        "operator",
        "target_text",
        "target_value",
        "measure_unit",
        "actual_text",
        "actual_value",
        "weight",
        "score",
        "source_page",
    },
    "mart.three_public": {"unit_id", "unit_name", "fiscal_year", "stage", "item", "amount"},
    "mart.expenditure_yoy": {
        "unit_id",
        "unit_name",
        "function_code",
        "fiscal_year",
        "stage",
        "amount",
        "prior_amount",
        "change_amount",
        "change_pct",
    },
    "mart.budget_vs_actual": {
        "unit_id",
        "unit_name",
        "fiscal_year",
        "function_code",
        "budget_amount",
        "actual_amount",
        "execution_rate",
        "budget_basis",
    },
}


def _relations(engine: Engine) -> set[str]:
    """Tables, views and materialized views of the warehouse's schemas."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname IN ('core', 'mart', 'ops') AND c.relkind IN ('r', 'v', 'm')"
            )
        ).scalars()
        return set(rows)


def test_upgrade_downgrade_upgrade_on_an_empty_database(engine: Engine) -> None:
    assert _relations(engine) == set()
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert set(CONTRACT) <= _relations(engine)

    migrate.downgrade(engine)
    assert migrate.current_revision(engine) is None
    assert _relations(engine) == set()
    with engine.connect() as conn:
        schemas = set(conn.execute(text("SELECT nspname FROM pg_namespace")).scalars())
    assert not {"core", "mart", "ops"} & schemas

    migrate.upgrade(engine)
    assert set(CONTRACT) <= _relations(engine)


def test_every_contract_column_exists(engine: Engine) -> None:
    migrate.upgrade(engine)
    inspector = inspect(engine)
    for relation, columns in CONTRACT.items():
        schema, name = relation.split(".")
        present = {c["name"] for c in inspector.get_columns(name, schema=schema)}
        assert columns <= present, f"{relation} lacks {sorted(columns - present)}"


def test_models_match_the_migrations(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_schemas": True, "compare_type": True}
        )
        diff = compare_metadata(context, Base.metadata)
    # views are not models, and comments are owned by migration 0004 alone; everything else
    # must agree column for column
    flat = [d for group in diff for d in (group if isinstance(group, list) else [group])]
    structural = [d for d in flat if "comment" not in str(d[0])]
    assert structural == [], structural


def test_reference_classifications_are_seeded_by_upgrade(engine: Engine) -> None:
    counts = migrate.upgrade_and_seed(engine)
    with engine.connect() as conn:
        names = dict(
            conn.execute(
                text(
                    "SELECT function_code, name FROM core.dim_function "
                    "WHERE function_code IN ('210', '21015', '2101501')"
                )
            ).all()
        )
        departments = conn.execute(
            text("SELECT count(*) FROM core.dim_economic WHERE scheme = 'department'")
        ).scalar_one()
        history = conn.execute(
            text(
                "SELECT function_code FROM core.dim_function_name "
                "WHERE name = '医疗卫生与计划生育支出'"
            )
        ).scalar_one()
    assert names == {"210": "卫生健康支出", "21015": "医疗保障管理事务", "2101501": "行政运行"}
    assert departments > 50 and counts["economic"] > departments
    assert history == "210"
