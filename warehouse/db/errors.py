"""Errors of the database layer that a user can act on; the CLI prints them in one line."""

from __future__ import annotations


class DamagedHome(RuntimeError):
    """WAREHOUSE_HOME cannot be used as it is; the message names the repairing command."""
