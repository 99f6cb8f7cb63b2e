"""Dagster resources: the warehouse database and the inbox of disclosure files."""

import hashlib
import os
from pathlib import Path

from dagster import ConfigurableResource
from sqlalchemy import Engine

from warehouse.config import database_url_from_env, warehouse_home
from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.engine import make_engine
from warehouse.load.ingest import collect_sources


class WarehouseDatabase(ConfigurableResource):  # type: ignore[type-arg]
    """The warehouse's PostgreSQL; empty url = DATABASE_URL, else the embedded server
    (started and kept running for the Dagster processes, `warehouse db stop` stops it)."""

    url: str = ""

    def resolved_url(self) -> str:
        if self.url:
            return self.url
        explicit = database_url_from_env()
        if explicit:
            return explicit
        server = EmbeddedPostgres(warehouse_home())
        if server.info() is None:
            server.keep_running(None)
        return server.url()

    def engine(self) -> Engine:
        return make_engine(self.resolved_url())


class Inbox(ConfigurableResource):  # type: ignore[type-arg]
    """The folder users drop disclosures into (env WAREHOUSE_INBOX, default ./inbox).

    A partition key is a file's path relative to the inbox, so a corrected copy of a file
    re-runs the same partition.
    """

    path: str = ""

    def root(self) -> Path:
        return Path(self.path or os.environ.get("WAREHOUSE_INBOX", "inbox")).resolve()

    def path_of(self, partition_key: str) -> Path:
        return self.root() / partition_key

    def scan(self) -> dict[str, str]:
        """Partition key -> content hash of every .pdf/.txt below the inbox."""
        root = self.root()
        if not root.exists():
            return {}
        found = {}
        for path in collect_sources([root]):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(root).as_posix()] = digest
        return found
