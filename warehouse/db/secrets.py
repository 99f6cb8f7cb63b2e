"""Passwords of the embedded server's roles, generated once and kept in WAREHOUSE_HOME.

The server asks every role for a password (scram-sha-256) on the socket and on TCP, so
knowing a role's name is no longer enough to become it. The passwords live in files only
their owner can read (0600 in a 0700 folder), next to a pgpass file for libpq tools
(`PGPASSFILE=$WAREHOUSE_HOME/secrets/pgpass psql …`). Every file is written whole or not at
all (a temporary file renamed into place), so a crash never leaves half a secret.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from warehouse.db.errors import DamagedHome

SUPERUSER = "postgres"
READER = "warehouse_reader"
ROLES = (SUPERUSER, READER)
PGPASS = "pgpass"


def _write_private(path: Path, content: str) -> None:
    """Write `content` to `path` with mode 0600, atomically."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


@dataclass(frozen=True)
class ServerSecrets:
    """The secrets folder of one warehouse home."""

    folder: Path

    @classmethod
    def of_home(cls, home: Path) -> ServerSecrets:
        return cls(home / "secrets")

    def exist(self) -> bool:
        return all((self.folder / role).is_file() for role in ROLES)

    def password(self, role: str) -> str:
        try:
            return (self.folder / role).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            home = self.folder.parent
            raise DamagedHome(
                f"the password of {role} is missing from {self.folder}; run "
                f"`WAREHOUSE_HOME={home} warehouse db repair` to set new passwords"
            ) from None

    @property
    def pgpass(self) -> Path:
        return self.folder / PGPASS

    def ensure(self) -> ServerSecrets:
        """Generate the passwords that do not exist yet; keep the ones that do."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        for role in ROLES:
            if not (self.folder / role).is_file():
                _write_private(self.folder / role, secrets.token_urlsafe(24) + "\n")
        self._write_pgpass()
        return self

    def renew(self) -> ServerSecrets:
        """New passwords for every role (the server must be told: see EmbeddedPostgres)."""
        for role in ROLES:
            (self.folder / role).unlink(missing_ok=True)
        return self.ensure()

    def _write_pgpass(self) -> None:
        # hostname:port:database:username:password; '*' matches the socket too
        lines = [f"*:*:*:{role}:{self.password(role)}" for role in ROLES]
        _write_private(self.pgpass, "\n".join(lines) + "\n")
