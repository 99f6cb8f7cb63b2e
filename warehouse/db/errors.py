"""Errors of the database layer that a user can act on; the CLI prints them in one line."""

from __future__ import annotations


class DamagedHome(RuntimeError):
    """WAREHOUSE_HOME cannot be used as it is; the message names the repairing command."""


class UnusableDatabaseUrl(ValueError):
    """DATABASE_URL cannot be parsed, or names a driver other than PostgreSQL/psycopg 3."""
