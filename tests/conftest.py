"""Test fixtures: a real PostgreSQL for every test that needs one.

DATABASE_URL, when set, names a server the tests may create databases on; otherwise the
embedded PostgreSQL from the pip wheel is started once for the session in a temporary
WAREHOUSE_HOME. Each test module (or test) gets a database of its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, make_url

from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.engine import make_engine, normalize_url

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"


@pytest.fixture(scope="session")
def embedded_server() -> Iterator[EmbeddedPostgres | None]:
    """The embedded server of the session (None when DATABASE_URL names a server)."""
    if os.environ.get("DATABASE_URL"):
        yield None
        return
    # not under pytest's basetemp: a concurrent pytest run rotates those folders away
    home = Path(tempfile.mkdtemp(prefix="warehouse-test-"))
    server = EmbeddedPostgres(home)
    try:
        with server.session():
            yield server
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def fresh_home() -> Iterator[Path]:
    """A WAREHOUSE_HOME path that does not exist yet, for one test's own embedded server.

    Outside pytest's basetemp: another pytest session resets /tmp/pytest-of-<user> to 0700,
    which would lock the server's system user out of a home below it.
    """
    parent = Path(tempfile.mkdtemp(prefix="warehouse-home-"))
    yield parent / "home"
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url(embedded_server: EmbeddedPostgres | None) -> str:
    """Admin URL of the server the tests run against."""
    if embedded_server is None:
        return normalize_url(os.environ["DATABASE_URL"])
    return embedded_server.url(database="postgres")


def reader_password(server: EmbeddedPostgres | None) -> str | None:
    """warehouse_reader's password: the embedded server's secret, or the operator's
    WAREHOUSE_READER_PASSWORD for a DATABASE_URL server (None: not known here)."""
    if server is None:
        return os.environ.get("WAREHOUSE_READER_PASSWORD")
    return server.secrets.password("warehouse_reader")


def _psycopg_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(server_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_psycopg_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_psycopg_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(server_url: str) -> Iterator[str]:
    """A new, empty database for one test."""
    url = create_database(server_url)
    yield url
    drop_database(server_url, url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def module_db_url(server_url: str) -> Iterator[str]:
    """A database shared by the tests of one module (loaded once, read many times)."""
    url = create_database(server_url)
    yield url
    drop_database(server_url, url)


@pytest.fixture(scope="module")
def module_engine(module_db_url: str) -> Iterator[Engine]:
    eng = make_engine(module_db_url)
    yield eng
    eng.dispose()
