"""The embedded server as users and attackers meet it: real `warehouse` processes, a real
PostgreSQL under a fresh WAREHOUSE_HOME each time."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from warehouse.db.embedded import ACCESS_RULES_MARK, EmbeddedPostgres

pytestmark = pytest.mark.slow


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAREHOUSE_HOME")}
    env["WAREHOUSE_HOME"] = str(home)
    return env


def warehouse(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli.main", *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_first_start_killed_during_initdb_leaves_a_home_the_next_command_uses(
    fresh_home: Path,
) -> None:
    home = fresh_home
    victim = subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli.main", "db", "start"],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its initdb child dies with it, as in a crash
    )
    deadline = time.monotonic() + 60
    while not list(home.glob("pgdata.init-*")):
        assert time.monotonic() < deadline and victim.poll() is None, "initdb never began"
        time.sleep(0.02)
    time.sleep(0.3)  # initdb is writing the cluster
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    assert not (home / "pgdata").exists()  # nothing half made where the server looks

    status = warehouse(home, "status")
    assert status.returncode == 0, status.stderr
    assert "0 documents" in status.stdout
    assert not list(home.glob("pgdata.init-*"))  # the interrupted attempt was cleared


def test_a_damaged_home_is_explained_with_the_command_that_repairs_it(fresh_home: Path) -> None:
    home = fresh_home
    assert warehouse(home, "status").returncode == 0
    (home / "pgdata" / "global" / "pg_control").unlink()  # as an interrupted copy leaves it

    broken = warehouse(home, "status")
    assert broken.returncode == 3
    assert "Traceback" not in broken.stderr
    assert "damaged (global/pg_control is missing)" in broken.stderr
    assert "warehouse db repair" in broken.stderr

    repaired = warehouse(home, "db", "repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "moved the damaged data folder" in repaired.stdout
    assert len(list(home.glob("pgdata.damaged-*"))) == 1  # kept, never deleted
    assert warehouse(home, "status").returncode == 0


def test_lost_passwords_are_explained_and_renewed_by_repair(fresh_home: Path) -> None:
    home = fresh_home
    assert warehouse(home, "status").returncode == 0
    for secret in (home / "secrets").iterdir():
        secret.unlink()
    lost = warehouse(home, "status")
    assert lost.returncode == 3 and "warehouse db repair" in lost.stderr, lost.stderr
    repaired = warehouse(home, "db", "repair")
    assert "set new passwords" in repaired.stdout, repaired.stderr
    assert warehouse(home, "status").returncode == 0


def test_secrets_socket_and_access_rules_are_closed_to_everyone_else(fresh_home: Path) -> None:
    home = fresh_home
    server = EmbeddedPostgres(home)
    info = server.keep_running(None)
    try:
        assert stat.S_IMODE((home / "secrets").stat().st_mode) == 0o700
        for secret in (home / "secrets").iterdir():
            assert stat.S_IMODE(secret.stat().st_mode) == 0o600, secret
        assert stat.S_IMODE(info.socket_dir.stat().st_mode) == 0o700
        socket_file = next(info.socket_dir.glob(".s.PGSQL.*"))
        assert stat.S_IMODE(socket_file.stat().st_mode) & 0o077 == 0
        rules = (home / "pgdata" / "pg_hba.conf").read_text()
        active = [line for line in rules.splitlines() if line and not line.startswith("#")]
        assert active and all(line.split()[-1] == "scram-sha-256" for line in active)
        assert not any("replication" in line for line in active)
        with pytest.raises(psycopg.OperationalError, match="no password supplied"):
            psycopg.connect(host=str(info.socket_dir), port=info.port, user="postgres")
        system_python = Path("/usr/bin/python3")
        if os.geteuid() == 0 and system_python.exists():  # another OS user: not even the socket
            other = subprocess.run(
                [
                    "su",
                    "nobody",
                    "-s",
                    str(system_python),
                    "-c",
                    "import os, socket; s = socket.socket(socket.AF_UNIX); "
                    f"s.connect({str(socket_file)!r})",
                ],
                capture_output=True,
                text=True,
            )
            assert other.returncode != 0 and "PermissionError" in other.stderr
    finally:
        server.stop()


def test_a_home_made_before_passwords_is_hardened_at_its_next_start(fresh_home: Path) -> None:
    home = fresh_home
    server = EmbeddedPostgres(home)
    server.keep_running(None)
    server.stop()
    # what earlier versions wrote: trust for everyone, no secrets
    (home / "pgdata" / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\nlocal replication all trust\n"
    )
    for secret in (home / "secrets").iterdir():
        secret.unlink()
    (home / "secrets").rmdir()

    status = warehouse(home, "status")
    assert status.returncode == 0, status.stderr
    assert (home / "pgdata" / "pg_hba.conf").read_text().startswith(ACCESS_RULES_MARK + "\n")
    info = server.info()
    if info is None:  # the status command stopped the server it started
        info = server.keep_running(None)
    try:
        with pytest.raises(psycopg.OperationalError, match="no password supplied"):
            psycopg.connect(host=str(info.socket_dir), port=info.port, user="postgres")
        password = server.secrets.password("postgres")
        with psycopg.connect(
            host=str(info.socket_dir), port=info.port, user="postgres", password=password
        ) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        server.stop()
