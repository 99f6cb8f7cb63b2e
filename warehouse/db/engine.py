"""Engines for the configured server: DATABASE_URL, or the embedded PostgreSQL."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.exc import ArgumentError

from warehouse.config import database_url_from_env, warehouse_home
from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.errors import UnusableDatabaseUrl


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs too, and always talk through psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UnusableDatabaseUrl(f"cannot parse the URL ({exc})") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise UnusableDatabaseUrl(
            f"only PostgreSQL through psycopg 3 is supported, not {parsed.drivername}"
        )
    return parsed.render_as_string(hide_password=False)


@contextlib.contextmanager
def database_url() -> Iterator[str]:
    """The URL to use for the duration of a command, starting the embedded server if needed."""
    explicit = database_url_from_env()
    if explicit:
        yield normalize_url(explicit)
        return
    server = EmbeddedPostgres(warehouse_home())
    with server.session():
        yield server.url()


def make_engine(url: str) -> Engine:
    return create_engine(normalize_url(url), pool_pre_ping=True, future=True)
