"""Named pause points where crash tests hold a real process before killing it.

env WAREHOUSE_FAULT_PAUSE="point:seconds[,point:seconds]" makes the process sleep at that
point, so a test can SIGKILL it there and prove what a crash at exactly that moment leaves
behind. Unset (always, outside tests), a point costs one environment lookup.
"""

from __future__ import annotations

import os
import time

POINTS = (
    "admitted",  # a file numbered in the order of admission, not yet read
    "migration",  # schema migrated, reference not yet seeded, nothing committed
    "before_commit",  # a document written, its transaction not committed
    "mart_refresh",  # the first mart refreshed, the others not yet
)


def pause_at(point: str) -> None:
    """Sleep here if the environment asks for it (see the module docstring)."""
    assert point in POINTS, point
    wanted = os.environ.get("WAREHOUSE_FAULT_PAUSE", "")
    for item in wanted.split(","):
        name, _, seconds = item.partition(":")
        if name.strip() == point and seconds:
            time.sleep(float(seconds))
