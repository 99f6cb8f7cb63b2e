"""Loads that survive faults: SIGKILL mid-load, concurrent ingests, corrected documents."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
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
    _sigkill(victim)

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


def _wait_until(predicate: Callable[[], bool], process: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if predicate():
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError(f"never reached: {what}")


def _sigkill(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _migration_lock_held(db_url: str) -> bool:
    from warehouse.db.migrate import MIGRATION_LOCK_KEY

    conninfo = make_url(db_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s",
            (MIGRATION_LOCK_KEY,),
        ).fetchone()
    return bool(row and row[0])


def test_sigkill_during_the_first_migration_leaves_an_empty_database_that_the_next_run_builds(
    engine: Engine, db_url: str
) -> None:
    document = SAMPLES / "001_shenyang_center_2023_budget.pdf"
    victim = _ingest_process(db_url, [document], WAREHOUSE_FAULT_PAUSE="migration:60")
    _wait_until(lambda: _migration_lock_held(db_url), victim, "the first migration")
    time.sleep(0.5)  # inside the pause: every table created, the reference not yet seeded
    _sigkill(victim)
    time.sleep(0.5)
    with engine.connect() as conn:
        schemas = conn.execute(
            text("SELECT count(*) FROM pg_namespace WHERE nspname IN ('core', 'ops', 'mart')")
        ).scalar_one()
    assert schemas == 0  # one transaction: nothing of the half migration remains

    again = _ingest_process(db_url, [document])
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    with engine.connect() as conn:
        functions = conn.execute(text("SELECT count(*) FROM core.dim_function")).scalar_one()
        facts = conn.execute(text("SELECT count(*) FROM core.fact_expenditure")).scalar_one()
    assert functions > 100 and facts > 100  # reference seeded with the schema, then loaded


def test_sigkill_during_the_mart_refresh_is_repaired_by_the_next_run_even_if_it_loads_nothing(
    engine: Engine, db_url: str
) -> None:
    ensure_schema(engine)
    document = SAMPLES / "001_shenyang_center_2023_budget.pdf"
    victim = _ingest_process(db_url, [document], WAREHOUSE_FAULT_PAUSE="mart_refresh:60")

    def loaded_and_refreshing() -> bool:
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text("SELECT data_version > refreshed_version FROM ops.mart_state")
                ).scalar_one()
            ) and bool(conn.execute(text("SELECT count(*) FROM core.dim_document")).scalar_one())

    _wait_until(loaded_and_refreshing, victim, "the mart refresh")
    time.sleep(1.0)
    _sigkill(victim)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM mart.kpi_attainment")).scalar_one() == 0
        assert conn.execute(
            text("SELECT data_version > refreshed_version FROM ops.mart_state")
        ).scalar_one()

    report = ingest(engine, [document])  # the same file: skipped, nothing loads
    assert [o.outcome for o in report.outcomes] == ["skipped"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM mart.expenditure_yoy")).scalar_one() > 0
        assert conn.execute(text("SELECT count(*) FROM mart.kpi_attainment")).scalar_one() > 0
        assert not conn.execute(
            text("SELECT data_version > refreshed_version FROM ops.mart_state")
        ).scalar_one()


def _version(tmp_path: Path, name: str, amount: str, *, title_suffix: str = "") -> Path:
    original = TEXT_001.read_text(encoding="utf-8")
    changed = original.replace(
        "2101301\t城乡医疗救助\t6,701.00", f"2101301\t城乡医疗救助\t{amount}"
    )
    if title_suffix:
        changed = changed.replace("2023 年单位预算", f"2023 年单位预算{title_suffix}", 1)
    assert changed != original
    path = tmp_path / name
    path.write_text(changed, encoding="utf-8")
    return path


def _active(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [
            (row.source_name, row.status)
            for row in conn.execute(
                text("SELECT source_name, status FROM core.dim_document ORDER BY admission_seq")
            )
        ]


def test_the_later_admission_is_the_active_version_whichever_commits_first(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    ensure_schema(engine)
    first = _version(tmp_path, "first.txt", "6,711.00")
    second = _version(tmp_path, "second.txt", "6,722.00")
    # first is admitted, then held before it is read; second is admitted after it and
    # commits while first still waits
    slow = _ingest_process(db_url, [first], WAREHOUSE_FAULT_PAUSE="admitted:8")

    def first_admitted() -> bool:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT is_called FROM ops.admission_seq")).scalar_one())

    _wait_until(first_admitted, slow, "the admission of the first version")
    fast = _ingest_process(db_url, [second])
    assert fast.wait(timeout=300) == 0
    assert _active(engine) == [("second.txt", "active")]
    _out, err = slow.communicate(timeout=300)
    assert slow.returncode == 0, err
    # committed last, admitted first: the earlier version, superseded by the later one
    assert _active(engine) == [("first.txt", "superseded"), ("second.txt", "active")]
    with engine.connect() as conn:
        superseded_by = conn.execute(
            text(
                "SELECT d.superseded_by = a.document_id FROM core.dim_document d, "
                "core.dim_document a WHERE d.source_name = 'first.txt' "
                "AND a.source_name = 'second.txt'"
            )
        ).scalar_one()
        mart = conn.execute(
            text(
                "SELECT amount FROM mart.expenditure_yoy WHERE function_code = '2101301' "
                "AND fiscal_year = 2023 AND stage = 'budget'"
            )
        ).scalar_one()
    assert superseded_by is True
    assert str(mart).startswith("6722.00")


def test_a_correction_by_content_stays_active_against_a_later_plain_copy(
    engine: Engine, tmp_path: Path
) -> None:
    ensure_schema(engine)
    correction = _version(tmp_path, "correction.txt", "6,733.00", title_suffix="（更正）")
    plain = _version(tmp_path, "plain.txt", "6,744.00")
    assert ingest(engine, [correction]).ok
    assert ingest(engine, [plain]).ok
    assert _active(engine) == [("correction.txt", "active"), ("plain.txt", "superseded")]
    with engine.connect() as conn:
        flags = dict(
            (name, flag)
            for name, flag in conn.execute(
                text("SELECT source_name, is_correction FROM core.dim_document")
            )
        )
    assert flags == {"correction.txt": True, "plain.txt": False}
