"""Alembic environment: one PostgreSQL database, schemas core / mart / ops."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from warehouse.db.engine import normalize_url
from warehouse.db.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from warehouse.config import database_url_from_env

        url = database_url_from_env()
    if not url:
        raise RuntimeError("set DATABASE_URL, or run migrations through `warehouse db upgrade`")
    return normalize_url(url)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, include_schemas=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, include_schemas=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
