"""Refresh the marts after a load, without readers ever seeing half a refresh.

REFRESH MATERIALIZED VIEW CONCURRENTLY swaps in the new contents in one step while queries
keep reading the old ones; two refreshes at once simply queue.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, text

MARTS = ("expenditure_yoy", "budget_vs_actual", "three_public", "kpi_attainment")


def refresh_marts(engine: Engine) -> dict[str, float]:
    """Refresh every mart; seconds each took."""
    took: dict[str, float] = {}
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for mart in MARTS:
            start = time.perf_counter()
            conn.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY mart.{mart}"))
            took[mart] = time.perf_counter() - start
    return took
