"""The read-only door: warehouse_reader reads core and mart, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, make_url, text

from tests.oracle import SAMPLES
from warehouse.db.migrate import upgrade_and_seed
from warehouse.load.ingest import ingest


@pytest.fixture(scope="module")
def loaded(module_engine: Engine) -> Engine:
    upgrade_and_seed(module_engine)
    ingest(module_engine, [SAMPLES / "001_shenyang_center_2023_budget.pdf"])
    return module_engine


@pytest.fixture
def reader(loaded: Engine, module_db_url: str) -> Iterator[psycopg.Connection]:
    url = make_url(module_db_url).set(
        drivername="postgresql", username="warehouse_reader", password=None
    )
    try:
        conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
    except psycopg.OperationalError as exc:  # a DATABASE_URL server that wants a password
        pytest.skip(f"cannot log in as warehouse_reader without a password here: {exc}")
    with conn:
        yield conn


def test_reader_selects_from_core_and_marts(reader: psycopg.Connection) -> None:
    facts = reader.execute("SELECT count(*) FROM core.fact_expenditure").fetchone()
    assert facts is not None and facts[0] > 100
    rows = reader.execute("SELECT count(*) FROM mart.expenditure_yoy").fetchone()
    assert rows is not None and rows[0] > 0


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM ops.quarantine",
        "SELECT * FROM ops.check_result",
        "INSERT INTO core.dim_unit (unit_name, unit_key) VALUES ('x', 'x')",
        "UPDATE core.fact_expenditure SET amount = 0",
        "DELETE FROM core.fact_kpi",
        "TRUNCATE core.fact_revenue",
        "CREATE TABLE core.sneaky (x int)",
        "CREATE TABLE mart.sneaky (x int)",
        "CREATE TABLE public.sneaky (x int)",
        "CREATE TEMPORARY TABLE sneaky (x int)",
        "CREATE VIEW mart.sneaky AS SELECT 1",
        "ALTER TABLE core.dim_unit ADD COLUMN x int",
        "DROP MATERIALIZED VIEW mart.three_public",
        "REFRESH MATERIALIZED VIEW mart.three_public",
    ],
)
def test_reader_is_refused_writes_ddl_and_ops(reader: psycopg.Connection, statement: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute(statement)


def test_tables_created_later_are_readable_too(loaded: Engine, reader: psycopg.Connection) -> None:
    with loaded.begin() as conn:
        conn.execute(text("CREATE TABLE mart.later_mart AS SELECT 1 AS x"))
    try:
        row = reader.execute("SELECT x FROM mart.later_mart").fetchone()
        assert row == (1,)
    finally:
        with loaded.begin() as conn:
            conn.execute(text("DROP TABLE mart.later_mart"))


def test_every_core_and_mart_column_has_a_bilingual_comment(loaded: Engine) -> None:
    with loaded.connect() as conn:
        missing = (
            conn.execute(
                text(
                    """
                SELECT n.nspname || '.' || k.relname || '.' || a.attname
                FROM pg_class k
                JOIN pg_namespace n ON n.oid = k.relnamespace
                JOIN pg_attribute a ON a.attrelid = k.oid AND a.attnum > 0
                                   AND NOT a.attisdropped
                WHERE n.nspname IN ('core', 'mart') AND k.relkind IN ('r', 'v', 'm')
                  AND k.relname NOT LIKE 'v\\_%'
                  AND (col_description(k.oid, a.attnum) IS NULL
                       OR col_description(k.oid, a.attnum) NOT LIKE '%/%')
                """
                )
            )
            .scalars()
            .all()
        )
        tables_missing = (
            conn.execute(
                text(
                    """
                SELECT n.nspname || '.' || k.relname FROM pg_class k
                JOIN pg_namespace n ON n.oid = k.relnamespace
                WHERE n.nspname IN ('core', 'mart') AND k.relkind IN ('r', 'v', 'm')
                  AND k.relname NOT LIKE 'v\\_%' AND obj_description(k.oid) IS NULL
                """
                )
            )
            .scalars()
            .all()
        )
    assert missing == []
    assert tables_missing == []
