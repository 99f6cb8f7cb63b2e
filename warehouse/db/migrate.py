"""Schema migrations (Alembic) run from code, serialized by an advisory lock.

Two ingests started at once both bring the schema to head; the lock makes the second wait
instead of racing the first through CREATE SCHEMA. Migrations and the reference seed run in
one transaction: a process killed half way leaves the schema where it was, never at head
without its classifications.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from warehouse.config import MIGRATIONS_DIR
from warehouse.faults import pause_at

MIGRATION_LOCK_KEY = 7_420_017  # arbitrary, constant: pg_advisory_lock key for migrations


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        command.upgrade(_config(conn), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        command.downgrade(_config(conn), revision)


def upgrade_and_seed(engine: Engine, revision: str = "head") -> dict[str, int]:
    """`warehouse db upgrade`: migrations, then the reference classifications, committed
    together."""
    from warehouse.db.reference_seed import seed_reference_in

    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        command.upgrade(_config(conn), revision)
        pause_at("migration")
        return seed_reference_in(conn) if revision == "head" else {}


def ensure_schema(engine: Engine) -> None:
    """Bring the schema to head if it is behind (ingest does this by itself)."""
    if current_revision(engine) != head_revision():
        upgrade_and_seed(engine)
