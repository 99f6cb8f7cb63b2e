"""Dagster: the inbox sensor, per-document partitions, and re-running only what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from dagster import DagsterInstance, Definitions, build_sensor_context
from sqlalchemy import Engine, text

from pipelines.assets import DOCUMENTS
from pipelines.automation import document_job, inbox_sensor
from pipelines.definitions import ASSETS, CHECKS
from pipelines.resources import Inbox, WarehouseDatabase
from tests.oracle import SAMPLES

# the bundled sample corpus; the first is the one a corrected copy replaces
FILES = tuple(
    sorted(
        (p.name for p in SAMPLES.glob("*.pdf")),
        key=lambda name: not name.startswith("001"),
    )
)


def _run(definitions: Definitions, instance: DagsterInstance, key: str) -> set[str]:
    """Run the document job for one partition; the asset keys it materialized."""
    job = definitions.resolve_job_def(document_job.name)
    result = job.execute_in_process(instance=instance, partition_key=key)
    assert result.success
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


def test_sensor_loads_the_inbox_and_reruns_only_a_changed_document(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    inbox_dir = tmp_path / "inbox"
    inbox_dir.mkdir()
    for name in FILES:
        shutil.copy(SAMPLES / name, inbox_dir / name)
    inbox = Inbox(path=str(inbox_dir))
    definitions = Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[document_job],
        sensors=[inbox_sensor],
        resources={"database": WarehouseDatabase(url=db_url), "inbox": inbox},
    )
    with DagsterInstance.ephemeral() as instance:
        first = inbox_sensor(build_sensor_context(instance=instance, resources={"inbox": inbox}))
        assert sorted(r.partition_key for r in first.run_requests) == sorted(FILES)
        for request in first.dynamic_partitions_requests:
            instance.add_dynamic_partitions(DOCUMENTS, list(request.partition_keys))
        for request in first.run_requests:
            assert request.partition_key is not None
            materialized = _run(definitions, instance, request.partition_key)
            assert {"core_document", "marts"} <= materialized

        with engine.connect() as conn:
            documents = conn.execute(text("SELECT count(*) FROM core.dim_document")).scalar_one()
            assert documents == len(FILES) == 5

        # nothing changed: the sensor asks for nothing
        cursor = first.cursor
        quiet = inbox_sensor(
            build_sensor_context(instance=instance, cursor=cursor, resources={"inbox": inbox})
        )
        assert quiet.run_requests == []

        # a corrected copy of one document: same name, other bytes
        changed = inbox_dir / FILES[0]
        changed.write_bytes(changed.read_bytes() + b"\n% corrected copy\n")
        second = inbox_sensor(
            build_sensor_context(instance=instance, cursor=cursor, resources={"inbox": inbox})
        )
        assert [r.partition_key for r in second.run_requests] == [FILES[0]]
        assert json.loads(second.cursor or "{}")[FILES[0]] != json.loads(cursor or "{}")[FILES[0]]
        materialized = _run(definitions, instance, FILES[0])
        assert {
            "source_document",
            "extracted_document",
            "staged_document",
            "core_document",
            "marts",
        } == materialized

        # an unchanged document re-run (the nightly schedule) stops at its hash: nothing
        # downstream of it, not even the marts, is materialized again
        assert _run(definitions, instance, FILES[1]) == set()

    with engine.connect() as conn:
        versions = conn.execute(
            text(
                "SELECT status, superseded_by IS NOT NULL FROM core.dim_document "
                "WHERE source_name = :name ORDER BY document_id"
            ),
            {"name": FILES[0]},
        ).all()
        active_facts = conn.execute(
            text(
                "SELECT count(*) FROM core.v_expenditure v JOIN core.dim_document d "
                "USING (document_id) WHERE d.source_name = :name"
            ),
            {"name": FILES[0]},
        ).scalar_one()
    assert [tuple(v) for v in versions] == [("superseded", True), ("active", False)]
    assert active_facts > 100


def test_the_webserver_serves_the_code_location_with_the_repository_instance(
    db_url: str, tmp_path: Path
) -> None:
    """What the README's `dagster dev` line relies on: the instance config in dagster_home/
    loads, the code location imports, and the webserver answers."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(SAMPLES.parents[1] / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = os.environ | {"DAGSTER_HOME": str(home), "DATABASE_URL": db_url}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dagster_webserver",
            "-m",
            "pipelines.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2) as r:
                    info = json.loads(r.read())
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1][-2000:]
                assert time.monotonic() < deadline, "the webserver did not come up"
                time.sleep(1)
        assert "dagster_webserver_version" in info
        query = json.dumps({"query": "{ assetNodes { assetKey { path } } }"}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql",
            data=query,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            nodes = json.loads(response.read())["data"]["assetNodes"]
        assert {n["assetKey"]["path"][0] for n in nodes} >= {
            "source_document",
            "extracted_document",
            "staged_document",
            "core_document",
            "marts",
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_document_run_is_bounded_by_the_per_document_limit_and_run_monitoring() -> None:
    from pipelines.automation import MAX_RUN_SECONDS
    from warehouse.extract.limits import ResourceLimits

    repo = Path(__file__).resolve().parents[1]
    assert document_job.tags["dagster/max_runtime"] == str(MAX_RUN_SECONDS)
    assert ResourceLimits().seconds < MAX_RUN_SECONDS
    for instance_yaml in ("dagster_home/dagster.yaml", "docker/dagster.yaml"):
        settings = yaml.safe_load((repo / instance_yaml).read_text())
        assert settings["run_monitoring"]["enabled"] is True, instance_yaml
