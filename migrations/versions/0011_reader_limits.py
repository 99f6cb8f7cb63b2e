"""Limits on the read-only role, so one BI session cannot hold the server.

warehouse_reader (migration 0004) could run a query for ever (a cross join went on after its
client had died), sit idle in a transaction holding locks, fill the disk with temporary
files, keep large objects of any size, and open any number of connections. Now:

- statement_timeout 5 min, idle_in_transaction_session_timeout 10 min: runaway and forgotten
  sessions end by themselves (PostgreSQL lets a session lower or raise these two for itself;
  they are defaults against accidents, the server-side guards are the next two);
- client_connection_check_interval 10 s: a query whose client has gone is cancelled;
- temp_file_limit 2 GB (a superuser-only setting the reader cannot change);
- CONNECTION LIMIT 20;
- no large-object writes: EXECUTE on the large-object functions that create or change one is
  revoked from PUBLIC (the warehouse itself stores none).

Role settings are cluster-wide. Changing the large-object functions needs a superuser: on a
managed server where the migrating role is not one, that step is reported and skipped.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = "warehouse_reader"
SETTINGS = {
    "statement_timeout": "5min",
    "idle_in_transaction_session_timeout": "10min",
    "client_connection_check_interval": "10s",
    "temp_file_limit": "2GB",
}
CONNECTION_LIMIT = 20
LARGE_OBJECT_WRITERS = (
    "lo_creat(integer)",
    "lo_create(oid)",
    "lo_from_bytea(oid, bytea)",
    "lo_import(text)",
    "lo_import(text, oid)",
    "lo_put(oid, bigint, bytea)",
    "lowrite(integer, bytea)",
    "lo_truncate(integer, integer)",
    "lo_truncate64(integer, bigint)",
    "lo_unlink(oid)",
)


def _functions(verb: str) -> str:
    direction = "FROM" if verb == "REVOKE" else "TO"
    statements = " ".join(
        f"{verb} EXECUTE ON FUNCTION pg_catalog.{f} {direction} PUBLIC;"
        for f in LARGE_OBJECT_WRITERS
    )
    return f"""
DO $$
BEGIN
    {statements}
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'large-object functions unchanged: the migrating role is not a superuser';
END
$$;
"""


def _settings(clause: str) -> str:
    return f"""
DO $$
BEGIN
    {clause}
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING '{READER} settings unchanged: the migrating role may not alter it';
END
$$;
"""


def upgrade() -> None:
    sets = " ".join(f"ALTER ROLE {READER} SET {k} = '{v}';" for k, v in SETTINGS.items())
    op.execute(_settings(f"{sets} ALTER ROLE {READER} CONNECTION LIMIT {CONNECTION_LIMIT};"))
    op.execute(_functions("REVOKE"))


def downgrade() -> None:
    resets = " ".join(f"ALTER ROLE {READER} RESET {k};" for k in SETTINGS)
    op.execute(_settings(f"{resets} ALTER ROLE {READER} CONNECTION LIMIT -1;"))
    op.execute(_functions("GRANT"))
