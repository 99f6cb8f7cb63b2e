"""Hostile inputs through `warehouse ingest`: each one quarantined with its limit named, the
good files after them loaded, every file name stored as it is. Real processes, real server;
the inputs are written by tools/hostile_inputs.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES
from tools.hostile_inputs import (
    HOSTILE_NAMES,
    bomb_pdf,
    good_copies,
    long_string_pdf,
    write_all,
)
from warehouse.db.migrate import ensure_schema

GOOD = SAMPLES / "001_shenyang_center_2023_budget.pdf"
LAST = SAMPLES / "004_nanchong_2020_budget.pdf"


@pytest.fixture(scope="module")
def run(
    tmp_path_factory: pytest.TempPathFactory, module_db_url: str, module_engine: Engine
) -> tuple[subprocess.CompletedProcess[bytes], Path]:
    ensure_schema(module_engine)
    folder = tmp_path_factory.mktemp("hostile")
    write_all(folder, bomb_mib=1024)
    good_copies(GOOD, folder)
    (folder / "zz_last.pdf").write_bytes(LAST.read_bytes())  # sorted after every hostile file
    env = {k: v for k, v in os.environ.items() if k != "WAREHOUSE_HOME"}
    env["DATABASE_URL"] = module_db_url
    result = subprocess.run(
        [sys.executable, "-m", "warehouse.cli.main", "ingest", str(folder)],
        env=env,
        capture_output=True,
        timeout=900,
    )
    return result, folder


def test_each_hostile_file_is_quarantined_with_the_limit_it_broke(
    run: tuple[subprocess.CompletedProcess[bytes], Path], module_engine: Engine
) -> None:
    result, _ = run
    assert result.returncode == 2  # quarantines, and the run finished
    with module_engine.connect() as conn:
        reasons = dict(
            (name, reason)
            for name, reason in conn.execute(text("SELECT source_name, reason FROM ops.quarantine"))
        )
    assert set(reasons) == {"one_line_64mib.txt", "string_16mib.pdf", "bomb_1024mib.pdf"}
    assert reasons["one_line_64mib.txt"].startswith("line length limit exceeded")
    assert reasons["string_16mib.pdf"].startswith("string length limit exceeded")
    assert reasons["bomb_1024mib.pdf"].startswith("decompressed size limit exceeded")
    with module_engine.connect() as conn:
        stages = set(conn.execute(text("SELECT stage FROM ops.quarantine")).scalars())
    assert stages == {"limits"}


def test_the_good_files_after_them_load_and_the_run_is_closed(
    run: tuple[subprocess.CompletedProcess[bytes], Path], module_engine: Engine
) -> None:
    with module_engine.connect() as conn:
        loaded = conn.execute(
            text("SELECT count(*) FROM ops.document_load WHERE status = 'loaded'")
        ).scalar_one()
        finished = conn.execute(
            text("SELECT finished_at IS NOT NULL, loaded, quarantined FROM ops.ingest_run")
        ).one()
        stale = conn.execute(
            text("SELECT data_version > refreshed_version FROM ops.mart_state")
        ).scalar_one()
        yoy = conn.execute(text("SELECT count(*) FROM mart.three_public")).scalar_one()
    assert loaded == len(HOSTILE_NAMES) + 1
    assert tuple(finished) == (True, len(HOSTILE_NAMES) + 1, 3)
    assert stale is False and yoy > 0


def test_every_file_name_is_printed_on_one_line_and_stored_losslessly(
    run: tuple[subprocess.CompletedProcess[bytes], Path], module_engine: Engine
) -> None:
    result, folder = run
    stdout = result.stdout.decode("utf-8")  # valid UTF-8, whatever the names were
    loaded_lines = [line for line in stdout.splitlines() if line.startswith("loaded")]
    assert len(loaded_lines) == len(HOSTILE_NAMES) + 1
    assert any("\\xff\\xfe-not-utf8.pdf" in line for line in loaded_lines)
    assert any("line\\nbreak.pdf" in line for line in loaded_lines)
    with module_engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT source_path, source_path_bytes FROM ops.document_load "
                "WHERE status = 'loaded'"
            )
        ).all()
        documents = conn.execute(
            text(
                "SELECT source_path_bytes FROM core.dim_document "
                "WHERE source_path_bytes IS NOT NULL"
            )
        ).scalars()
        in_core = {bytes(b) for b in documents}
    raw_paths = {os.path.join(os.fsencode(folder), name) for name in HOSTILE_NAMES}
    by_bytes = {bytes(b) for _, b in stored if b is not None}
    # the names that are not plain printable UTF-8 keep their exact bytes; the quoted one
    # is printable as it is and needs none
    assert by_bytes == {p for p in raw_paths if b"\xff" in p or b"\n" in p}
    assert in_core == by_bytes
    for path, raw in stored:
        assert "\n" not in path  # the readable form is one line
        if raw is not None:
            assert "\\x" in path or "\\n" in path


def _limited_run(db_url: str, folder: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """`warehouse ingest` with the byte checks lifted, so that the worker itself meets the
    slow or the huge file."""
    env = {k: v for k, v in os.environ.items() if k != "WAREHOUSE_HOME"}
    env.update(
        DATABASE_URL=db_url,
        WAREHOUSE_LIMIT_LINE_CHARS=str(2**30),
        WAREHOUSE_LIMIT_INFLATED_MB="4096",
    )
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli.main", "ingest", str(folder), *flags],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _quarantined_and_loaded(engine: Engine) -> tuple[dict[str, tuple[str, str]], list[str]]:
    with engine.connect() as conn:
        reasons = {
            name: (stage, reason)
            for name, stage, reason in conn.execute(
                text("SELECT source_name, stage, reason FROM ops.quarantine")
            )
        }
        loaded = conn.execute(
            text("SELECT source_name FROM ops.document_load WHERE status = 'loaded'")
        ).scalars()
        return reasons, list(loaded)


@pytest.mark.slow
def test_a_document_over_the_wall_time_limit_is_quarantined_and_the_run_goes_on(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    ensure_schema(engine)
    (tmp_path / "a_slow.pdf").write_bytes(long_string_pdf())
    (tmp_path / "b_good.pdf").write_bytes(GOOD.read_bytes())
    # memory left ample: lexing the string also grows the worker, and it must be the clock
    result = _limited_run(db_url, tmp_path, "--limit-seconds", "8", "--limit-memory-mb", "8192")
    assert result.returncode == 2, result.stderr
    reasons, loaded = _quarantined_and_loaded(engine)
    assert reasons == {
        "a_slow.pdf": (
            "limits",
            "wall time limit exceeded: still being read after 8 s (WAREHOUSE_LIMIT_SECONDS); "
            "the worker was stopped",
        )
    }
    assert loaded == ["b_good.pdf"]
    assert "QUARANTINED" in result.stderr and "wall time limit exceeded" in result.stderr


@pytest.mark.slow
def test_a_document_over_the_memory_limit_is_quarantined_and_the_run_goes_on(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    ensure_schema(engine)
    (tmp_path / "a_huge.pdf").write_bytes(bomb_pdf(1024))
    (tmp_path / "b_good.pdf").write_bytes(GOOD.read_bytes())
    result = _limited_run(db_url, tmp_path, "--limit-memory-mb", "600")
    assert result.returncode == 2, result.stderr
    reasons, loaded = _quarantined_and_loaded(engine)
    assert list(reasons) == ["a_huge.pdf"]
    stage, reason = reasons["a_huge.pdf"]
    assert stage == "limits" and "memory limit" in reason and "600 MB" in reason
    assert loaded == ["b_good.pdf"]
