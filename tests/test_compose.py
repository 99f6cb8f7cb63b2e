"""docker-compose.yml, checked without Docker: every path, module, command and variable exists."""

from __future__ import annotations

import importlib
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]


def _compose() -> dict[str, Any]:
    return dict(yaml.safe_load((REPO / "docker-compose.yml").read_text()))


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_services_and_what_they_reference_exist() -> None:
    services = _compose()["services"]
    assert {"postgres", "code_location", "webserver", "daemon"} <= set(services)
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        if "build" in service:
            context = REPO / service["build"]
            assert (context / "Dockerfile").exists()
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                target = REPO / source
                assert target.exists() or source == "./inbox", f"{name}: {source}"
        if "env_file" in service:
            assert (REPO / ".env.example").exists()


def test_commands_name_installed_programs_and_importable_modules() -> None:
    services = _compose()["services"]
    for name in ("code_location", "webserver", "daemon"):
        command = services[name]["command"]
        assert (
            shutil.which(command[0])
            or Path(command[0]).exists()
            or command[0] in {"dagster", "dagster-webserver", "dagster-daemon"}
        )
        if "-m" in command:
            module = command[command.index("-m") + 1]
            assert hasattr(importlib.import_module(module), "defs")


def test_dockerfile_copies_only_what_exists() -> None:
    for line in (REPO / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY"):
            sources = line.split()[1:-1]
            for source in sources:
                assert (REPO / source).exists(), source


def test_every_variable_the_stack_reads_is_in_the_env_example_and_no_secret_is_committed() -> None:
    env = _env_example()
    compose = (REPO / "docker-compose.yml").read_text()
    referenced = set(
        re.findall(r"env:\s*([A-Z_]+)", (REPO / "docker" / "dagster.yaml").read_text())
    )
    from_compose = set(re.findall(r"\$\{([A-Z_]+)", compose))
    # DATABASE_URL and DAGSTER_PG_USER/PASSWORD are composed from the POSTGRES_* values
    built = {"DATABASE_URL", "DAGSTER_PG_USER", "DAGSTER_PG_PASSWORD"}
    assert built <= set(_compose()["x-warehouse-env"])
    assert (referenced | from_compose) - built <= set(env), (referenced | from_compose) - set(env)
    assert not (REPO / ".env").exists() or ".env" in (REPO / ".gitignore").read_text()
    # no password has a value to copy: each must be chosen, and compose refuses it empty
    passwords = {k: v for k, v in env.items() if "PASSWORD" in k}
    assert passwords and all(v == "" for v in passwords.values()), passwords
    for key in passwords:
        assert f"${{{key}:?" in compose, key
        assert f"${{{key}:-" not in compose and f"${{{key}-" not in compose, key
    assert "change-me" not in compose + (REPO / ".env.example").read_text()


def test_the_reader_role_gets_its_password_on_the_first_start() -> None:
    postgres = _compose()["services"]["postgres"]
    assert any("init-reader.sh" in volume for volume in postgres["volumes"])
    script = (REPO / "docker" / "init-reader.sh").read_text()
    assert "WAREHOUSE_READER_PASSWORD:?" in script and "PASSWORD :'pw'" in script
    assert "scram-sha-256" in postgres["environment"]["POSTGRES_INITDB_ARGS"]
