"""The read-only door: warehouse_reader reads core and mart, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, make_url, text

from tests.conftest import reader_password
from tests.oracle import SAMPLES
from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.migrate import upgrade_and_seed
from warehouse.load.ingest import ingest


@pytest.fixture(scope="module")
def loaded(module_engine: Engine) -> Engine:
    upgrade_and_seed(module_engine)
    ingest(module_engine, [SAMPLES / "001_shenyang_center_2023_budget.pdf"])
    return module_engine


@pytest.fixture
def reader(
    loaded: Engine, module_db_url: str, embedded_server: EmbeddedPostgres | None
) -> Iterator[psycopg.Connection]:
    password = reader_password(embedded_server)
    if password is None:
        pytest.skip("WAREHOUSE_READER_PASSWORD is not set for this DATABASE_URL server")
    url = make_url(module_db_url).set(
        drivername="postgresql", username="warehouse_reader", password=password
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
        "COPY (SELECT 1) TO PROGRAM 'id'",
        "COPY core.dim_unit TO '/tmp/units.csv'",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT lo_from_bytea(0, 'x'::bytea)",  # large objects: none may be written
        "SELECT lo_creat(-1)",
        "SELECT lo_create(0)",
        "SELECT lo_import('/etc/passwd')",
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


def test_reader_sessions_carry_their_limits(reader: psycopg.Connection) -> None:
    shown = {
        name: reader.execute(f"SHOW {name}").fetchone()
        for name in (
            "statement_timeout",
            "idle_in_transaction_session_timeout",
            "client_connection_check_interval",
            "temp_file_limit",
        )
    }
    assert shown == {
        "statement_timeout": ("5min",),
        "idle_in_transaction_session_timeout": ("10min",),
        "client_connection_check_interval": ("10s",),
        "temp_file_limit": ("2GB",),
    }
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # superuser-only: it stays
        reader.execute("SET temp_file_limit = -1")
    limit = reader.execute(
        "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'warehouse_reader'"
    ).fetchone()
    assert limit == (20,)


def _reader_connect(module_db_url: str, password: str, database: str | None = None) -> str:
    url = make_url(module_db_url).set(
        drivername="postgresql", username="warehouse_reader", password=password
    )
    if database:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def test_reader_timeouts_and_temp_file_limit_stop_its_queries(
    loaded: Engine, module_db_url: str, embedded_server: EmbeddedPostgres | None
) -> None:
    """The mechanism, with the limits made small for this database so the test is quick."""
    password = reader_password(embedded_server)
    if password is None:
        pytest.skip("WAREHOUSE_READER_PASSWORD is not set for this DATABASE_URL server")
    database = make_url(module_db_url).database
    with loaded.begin() as conn:
        for setting in ("statement_timeout = '1s'", "temp_file_limit = '1MB'"):
            conn.execute(
                text(f'ALTER ROLE warehouse_reader IN DATABASE "{database}" SET {setting}')
            )
    try:
        with psycopg.connect(_reader_connect(module_db_url, password), autocommit=True) as conn:
            with pytest.raises(psycopg.errors.QueryCanceled):
                conn.execute("SELECT pg_sleep(5)")
            conn.execute("SET work_mem = '64kB'")
            with pytest.raises(psycopg.errors.ConfigurationLimitExceeded):
                conn.execute("SELECT g FROM generate_series(1, 2000000) g ORDER BY g DESC")
    finally:
        with loaded.begin() as conn:
            conn.execute(text(f'ALTER ROLE warehouse_reader IN DATABASE "{database}" RESET ALL'))


def test_reader_cannot_enter_the_maintenance_database(
    loaded: Engine, module_db_url: str, embedded_server: EmbeddedPostgres | None
) -> None:
    if embedded_server is None:
        pytest.skip("the maintenance database of a DATABASE_URL server is its operator's")
    password = reader_password(embedded_server)
    assert password is not None
    for database in ("postgres", "template1"):
        with pytest.raises(psycopg.OperationalError, match="CONNECT privilege"):
            psycopg.connect(_reader_connect(module_db_url, password, database))


def test_nobody_logs_in_without_a_password(
    loaded: Engine, module_db_url: str, embedded_server: EmbeddedPostgres | None
) -> None:
    if embedded_server is None:
        pytest.skip("authentication of a DATABASE_URL server is its operator's")
    for user in ("postgres", "warehouse_reader"):
        url = make_url(module_db_url)
        place = {"host": url.query["host"], "port": url.query["port"], "dbname": url.database}
        with pytest.raises(psycopg.OperationalError, match="no password supplied"):
            psycopg.connect(**place, user=user, connect_timeout=5)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(**place, user=user, password="not-the-password", connect_timeout=5)


def test_the_reader_may_hold_at_most_twenty_connections(
    loaded: Engine, module_db_url: str, embedded_server: EmbeddedPostgres | None
) -> None:
    password = reader_password(embedded_server)
    if password is None:
        pytest.skip("WAREHOUSE_READER_PASSWORD is not set for this DATABASE_URL server")
    opened = []
    try:
        for _ in range(20):
            opened.append(psycopg.connect(_reader_connect(module_db_url, password)))
        with pytest.raises(psycopg.OperationalError, match="too many connections for role"):
            psycopg.connect(_reader_connect(module_db_url, password))
    finally:
        for conn in opened:
            conn.close()
