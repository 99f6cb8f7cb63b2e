"""Databases for the benchmark: DATABASE_URL's server, or a throw-away embedded PostgreSQL."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import Engine, make_url

from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.engine import make_engine, normalize_url
from warehouse.db.migrate import ensure_schema


def conninfo(url: str) -> str:
    """A SQLAlchemy URL as a psycopg connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def server() -> Iterator[str]:
    """Admin URL of the server to benchmark against (never the user's warehouse database)."""
    explicit = os.environ.get("DATABASE_URL")
    if explicit:
        yield normalize_url(explicit)
        return
    home = Path(tempfile.mkdtemp(prefix="warehouse-bench-"))
    try:
        with EmbeddedPostgres(home).session():
            yield EmbeddedPostgres(home).url(database="postgres")
    finally:
        shutil.rmtree(home, ignore_errors=True)


class Databases:
    """Fresh databases on one server, each dropped at the end."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.engines: list[tuple[str, Engine]] = []

    def fresh(self, label: str) -> Engine:
        name = f"bench_{label}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(conninfo(self.server_url), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = make_url(self.server_url).set(database=name).render_as_string(hide_password=False)
        engine = make_engine(url)
        ensure_schema(engine)
        self.engines.append((name, engine))
        return engine

    def close(self) -> None:
        for name, engine in self.engines:
            engine.dispose()
            with psycopg.connect(conninfo(self.server_url), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.engines.clear()
