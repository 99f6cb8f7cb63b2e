"""Dagster resources: the warehouse database."""

from __future__ import annotations

from dagster import ConfigurableResource
from sqlalchemy import Engine

from warehouse.config import database_url_from_env, warehouse_home
from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.engine import make_engine


class WarehouseDatabase(ConfigurableResource):  # type: ignore[type-arg]
    """The warehouse's PostgreSQL; empty url = DATABASE_URL, else the embedded server."""

    url: str = ""

    def resolved_url(self) -> str:
        if self.url:
            return self.url
        explicit = database_url_from_env()
        if explicit:
            return explicit
        server = EmbeddedPostgres(warehouse_home())
        server.keep_running(None) if server.info() is None else None
        return server.url()

    def engine(self) -> Engine:
        return make_engine(self.resolved_url())
