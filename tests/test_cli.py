"""The `warehouse` command as a user runs it: real subprocesses, real servers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from tests.conftest import reader_password
from tests.oracle import SAMPLES
from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.migrate import head_revision

PDF = SAMPLES / "001_shenyang_center_2023_budget.pdf"


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli.main", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAREHOUSE_HOME")}
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_ingest_exit_code_and_stderr_name_each_quarantined_file(
    db_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "年度 预算 (copy).pdf"
    bad.write_bytes(b"this is not a pdf at all")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(["ingest", str(PDF), str(bad), str(empty)], _env(DATABASE_URL=db_url), tmp_path)
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("QUARANTINED")]
    assert len(errors) == 2
    assert any(str(bad) in line and "not a PDF" in line for line in errors)
    assert any(str(empty) in line and "empty file" in line for line in errors)
    assert "1 loaded" in result.stdout

    with psycopg.connect(
        make_url(db_url).set(drivername="postgresql").render_as_string(False)
    ) as conn:
        quarantined = conn.execute("SELECT source_name, stage FROM ops.quarantine").fetchall()
        documents = conn.execute("SELECT count(*) FROM core.dim_document").fetchone()
    assert sorted(quarantined) == sorted([(bad.name, "extract"), (empty.name, "extract")])
    assert documents == (1,)


def test_db_upgrade_and_downgrade_commands(db_url: str, tmp_path: Path) -> None:
    env = _env(DATABASE_URL=db_url)
    up = run(["db", "upgrade"], env, tmp_path)
    assert up.returncode == 0, up.stderr
    assert f"schema at {head_revision()}" in up.stdout
    assert "function" in up.stdout
    down = run(["db", "downgrade"], env, tmp_path)
    assert down.returncode == 0, down.stderr
    assert "base" in down.stdout


def test_db_url_of_an_explicit_server_never_lends_the_owner_password_to_the_reader(
    db_url: str, tmp_path: Path, embedded_server: EmbeddedPostgres | None
) -> None:
    password = reader_password(embedded_server)
    if password is None:
        pytest.skip("WAREHOUSE_READER_PASSWORD is not set for this DATABASE_URL server")
    up = run(["db", "upgrade"], _env(DATABASE_URL=db_url), tmp_path)
    assert up.returncode == 0, up.stderr
    without = run(["db", "url", "--reader", "--libpq"], _env(DATABASE_URL=db_url), tmp_path)
    printed = make_url(without.stdout.strip())
    assert printed.username == "warehouse_reader" and printed.password is None
    env = _env(DATABASE_URL=db_url, WAREHOUSE_READER_PASSWORD=password)
    reader_url = run(["db", "url", "--reader", "--libpq"], env, tmp_path).stdout.strip()
    assert reader_url.startswith("postgresql://warehouse_reader:")
    with psycopg.connect(reader_url) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("warehouse_reader",)


def test_help_on_every_command(tmp_path: Path) -> None:
    for args in (
        ["--help"],
        ["ingest", "--help"],
        ["build", "--help"],
        ["status", "--help"],
        ["db", "--help"],
        ["db", "serve", "--help"],
        ["db", "url", "--help"],
    ):
        result = run(args, _env(), tmp_path)
        assert result.returncode == 0
        assert "usage:" in result.stdout


@pytest.mark.slow
def test_embedded_server_starts_on_demand_and_serves_bi_tools_on_a_port(
    tmp_path: Path, fresh_home: Path
) -> None:
    env = _env(WAREHOUSE_HOME=str(fresh_home))
    ingest = run(["ingest", str(PDF)], env, tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    # started on demand, stopped when the command ended
    assert run(["db", "url"], env, tmp_path).returncode == 1

    port = _free_port()
    started = run(["db", "start", "--port", str(port)], env, tmp_path)
    assert started.returncode == 0, started.stderr
    try:
        assert "********" in started.stdout  # the password is printed only when asked for
        url = run(["db", "url"], env, tmp_path).stdout.strip()
        assert url.startswith("postgresql+psycopg://postgres:") and f"127.0.0.1:{port}" in url
        with pytest.raises(psycopg.OperationalError, match="no password supplied"):
            psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="warehouse")
        # the printed libpq URLs are what psql and BI tools take, password included
        for args, user in (
            (["--libpq"], "postgres"),
            (["--libpq", "--reader"], "warehouse_reader"),
        ):
            libpq = run(["db", "url", *args], env, tmp_path).stdout.strip()
            assert libpq.startswith(f"postgresql://{user}:")
            with psycopg.connect(libpq) as c:
                count = c.execute("SELECT count(*) FROM core.fact_expenditure").fetchone()
                assert count is not None and count[0] > 100
                assert c.execute("SELECT current_user").fetchone() == (user,)
        status = run(["status"], env, tmp_path)
        assert "1 documents" in status.stdout
    finally:
        stopped = run(["db", "stop"], env, tmp_path)
    assert stopped.stdout.strip() == "stopped"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="warehouse", connect_timeout=2
        )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://user@host/db", "is not a usable URL: only PostgreSQL through psycopg 3"),
        ("::not a url", "is not a usable URL: cannot parse"),
        ("postgresql://user:s3cret@127.0.0.1:1/warehouse", "cannot connect to DATABASE_URL"),
    ],
)
def test_a_bad_database_url_is_one_clear_line(tmp_path: Path, url: str, says: str) -> None:
    result = run(["status"], _env(DATABASE_URL=url), tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], lines
    assert "s3cret" not in result.stderr  # the password is never printed


def test_ingest_refuses_missing_paths_and_folders_with_nothing_to_read(
    db_url: str, tmp_path: Path
) -> None:
    env = _env(DATABASE_URL=db_url)
    missing = run(["ingest", str(PDF), str(tmp_path / "nope.pdf")], env, tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"error: no such file or folder: {tmp_path / 'nope.pdf'}"
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    empty = run(["ingest", str(folder)], env, tmp_path)
    assert empty.returncode == 1
    assert "nothing to ingest: no .pdf or .txt file" in empty.stderr
    with psycopg.connect(
        make_url(db_url).set(drivername="postgresql").render_as_string(False)
    ) as conn:  # neither run began: no schema, no run row, no quarantine row
        row = conn.execute("SELECT to_regclass('ops.ingest_run')").fetchone()
    assert row == (None,)


def test_a_word_document_named_explicitly_is_an_unsupported_format(
    db_url: str, tmp_path: Path
) -> None:
    import zipfile

    docx = tmp_path / "2026年部门预算.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>2026年部门预算</w:document>")
    result = run(["ingest", str(docx)], _env(DATABASE_URL=db_url), tmp_path)
    assert result.returncode == 2
    assert "unsupported format: a ZIP container (a Word/Excel .docx/.xlsx" in result.stderr
