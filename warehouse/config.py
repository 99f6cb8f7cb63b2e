"""Where the warehouse keeps its files and which database it talks to."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO_ROOT / "data" / "samples"
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
MIGRATIONS_DIR = REPO_ROOT / "migrations"


def warehouse_home() -> Path:
    """The folder for the embedded server's data and runtime files (env WAREHOUSE_HOME)."""
    return Path(os.environ.get("WAREHOUSE_HOME", ".warehouse")).resolve()


def database_url_from_env() -> str | None:
    """An explicit server chosen by the user; None means: use the embedded PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or None
