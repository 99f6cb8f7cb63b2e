"""Refresh the marts after a load, without readers ever seeing half a refresh, and never
leave them stale.

REFRESH MATERIALIZED VIEW CONCURRENTLY swaps in the new contents in one step while queries
keep reading the old ones; two refreshes at once simply queue. Staleness is a fact in the
database, not a guess of the process: every load raises ops.mart_state.data_version in its
own transaction, and a refresh records the version it started from when it is done. A
process killed between its last commit and the refresh leaves the marts marked stale, and
the next run (whatever it loads, even nothing) refreshes them.
"""

from __future__ import annotations

import time

from sqlalchemy import Connection, Engine, text

from warehouse.faults import pause_at

MARTS = ("expenditure_yoy", "budget_vs_actual", "three_public", "kpi_attainment")


def mark_changed(conn: Connection) -> None:
    """Inside a load's transaction: the marts no longer show what core holds."""
    conn.execute(
        text(
            "UPDATE ops.mart_state SET data_version = data_version + 1, changed_at = now() "
            "WHERE singleton"
        )
    )


def marts_stale(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(
            conn.execute(
                text("SELECT data_version > refreshed_version FROM ops.mart_state")
            ).scalar_one()
        )


def refresh_marts(engine: Engine) -> dict[str, float]:
    """Refresh every mart; seconds each took."""
    took: dict[str, float] = {}
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        # what the refresh will show: every load committed before this statement
        version = conn.execute(text("SELECT data_version FROM ops.mart_state")).scalar_one()
        for mart in MARTS:
            start = time.perf_counter()
            conn.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY mart.{mart}"))
            took[mart] = time.perf_counter() - start
            pause_at("mart_refresh")
        conn.execute(
            text(
                "UPDATE ops.mart_state SET refreshed_at = now(), "
                "refreshed_version = greatest(refreshed_version, :version) WHERE singleton"
            ),
            {"version": version},
        )
    return took


def refresh_if_stale(engine: Engine) -> dict[str, float]:
    """Refresh when some load is not in the marts yet; {} when they are fresh."""
    return refresh_marts(engine) if marts_stale(engine) else {}
