"""Loads that survive faults: SIGKILL mid-load, concurrent ingests, corrected documents."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy import Engine, make_url, text

from tests.oracle import SAMPLES
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest

PDFS = sorted(SAMPLES.glob("*.pdf"))
TEXT_001 = SAMPLES / "text" / "001_1419a1545731c637.txt"


def _env(db_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "WAREHOUSE_HOME"}
    env["DATABASE_URL"] = db_url
    env.update(extra)
    return env


def _ingest_process(db_url: str, paths: list[Path], **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli.main", "ingest", *map(str, paths)],
        env=_env(db_url, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _counts(engine: Engine) -> dict[str, int]:
    tables = (
        "core.dim_document",
        "core.fact_expenditure",
        "core.fact_revenue",
        "core.fact_three_public",
        "core.fact_kpi",
        "core.fact_stated",
        "core.dim_project",
        "ops.extraction_issue",
        "ops.check_result",
        "ops.table_instance",
    )
    with engine.connect() as conn:
        return {
            t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables
        }


def test_sigkill_during_a_load_leaves_no_trace_and_the_next_run_loads_it_whole(
    engine: Engine, db_url: str
) -> None:
    ensure_schema(engine)
    document = SAMPLES / "001_shenyang_center_2023_budget.pdf"
    victim = _ingest_process(db_url, [document], WAREHOUSE_FAULT_PAUSE="before_commit:60")
    conninfo = make_url(db_url).set(drivername="postgresql").render_as_string(False)
    deadline = time.monotonic() + 120
    with psycopg.connect(conninfo, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND state = 'idle in transaction' "
                "AND pid <> pg_backend_pid()"
            ).fetchone()
            if row and row[0] > 0:
                break  # the document is written, not committed
            assert victim.poll() is None, victim.communicate()
            time.sleep(0.1)
        else:
            raise AssertionError("the load never reached its commit")
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL

    # the server notices the dead client and rolls its transaction back
    time.sleep(0.5)
    after_kill = _counts(engine)
    assert after_kill["core.dim_document"] == 0
    assert all(count == 0 for count in after_kill.values()), after_kill

    report = ingest(engine, [document])
    assert [o.outcome for o in report.outcomes] == ["loaded"]
    loaded = _counts(engine)
    assert loaded["core.dim_document"] == 1 and loaded["core.fact_expenditure"] > 100


def test_concurrent_ingests_of_overlapping_inputs_never_duplicate(
    engine: Engine, db_url: str, server_url: str
) -> None:
    ensure_schema(engine)
    first = _ingest_process(db_url, PDFS)
    second = _ingest_process(db_url, list(reversed(PDFS)))
    for process in (first, second):
        process.communicate(timeout=600)
    concurrent = _counts(engine)
    assert concurrent["core.dim_document"] == len(PDFS)

    # the same inputs loaded once, alone, give the same counts
    from tests.conftest import create_database, drop_database
    from warehouse.db.engine import make_engine

    alone_url = create_database(server_url)
    alone = make_engine(alone_url)
    try:
        ensure_schema(alone)
        ingest(alone, PDFS)
        assert _counts(alone) == concurrent
    finally:
        alone.dispose()
        drop_database(server_url, alone_url)
    with engine.connect() as conn:
        duplicates = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT sha256 FROM core.dim_document "
                "GROUP BY sha256 HAVING count(*) > 1) d"
            )
        ).scalar_one()
    assert duplicates == 0


def test_a_corrected_document_supersedes_the_earlier_one_and_the_marts_follow(
    engine: Engine, tmp_path: Path
) -> None:
    ensure_schema(engine)
    original = TEXT_001.read_text(encoding="utf-8")
    corrected_text = original.replace(
        "2101301\t城乡医疗救助\t6,701.00", "2101301\t城乡医疗救助\t6,801.00"
    )
    assert corrected_text != original
    corrected = tmp_path / "沈阳 医保中心 2023 更正版.txt"
    corrected.write_text(corrected_text, encoding="utf-8")

    assert ingest(engine, [TEXT_001]).ok

    def mart_amount() -> object:
        with engine.connect() as conn:
            return conn.execute(
                text(
                    "SELECT amount FROM mart.expenditure_yoy WHERE function_code = '2101301' "
                    "AND fiscal_year = 2023 AND stage = 'budget'"
                )
            ).scalar_one()

    assert str(mart_amount()).startswith("6701.00")
    assert ingest(engine, [corrected]).ok
    assert str(mart_amount()).startswith("6801.00")
    with engine.connect() as conn:
        versions = conn.execute(
            text(
                "SELECT source_name, status, superseded_at IS NOT NULL AS dated, superseded_by "
                "FROM core.dim_document ORDER BY document_id"
            )
        ).all()
    assert [(v.source_name, v.status, v.dated) for v in versions] == [
        (TEXT_001.name, "superseded", True),
        (corrected.name, "active", False),
    ]
    assert versions[0].superseded_by is not None
