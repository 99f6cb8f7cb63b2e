"""Jobs, the inbox sensor and the nightly schedule."""

import json

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SensorResult,
    define_asset_job,
    schedule,
    sensor,
)

from pipelines.assets import DOCUMENTS, documents, marts
from pipelines.resources import Inbox
from warehouse.extract.limits import ResourceLimits

# one run reads one document: the run may take the per-document wall-time limit plus the
# time to load it and refresh the marts; run monitoring (dagster.yaml) stops it after that
MAX_RUN_SECONDS = int(ResourceLimits().seconds) + 300

document_job = define_asset_job(
    "load_document",
    selection=AssetSelection.groups("sources", "staging", "core") | AssetSelection.assets(marts),
    description="One document through extract -> parse -> load, then the marts.",
    tags={"dagster/max_runtime": MAX_RUN_SECONDS},
)


@sensor(
    job=document_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Watches the inbox; a new or changed file (by content hash) gets a run of its "
    "own partition. Unchanged files are not run again.",
)
def inbox_sensor(context: SensorEvaluationContext, inbox: Inbox) -> SensorResult:
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    current = inbox.scan()
    changed = {key: digest for key, digest in current.items() if seen.get(key) != digest}
    known = set(context.instance.get_dynamic_partitions(DOCUMENTS))
    new_keys = sorted(set(changed) - known)
    return SensorResult(
        run_requests=[
            RunRequest(partition_key=key, run_key=f"{key}@{digest[:16]}")
            for key, digest in sorted(changed.items())
        ],
        dynamic_partitions_requests=[documents.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(current, sort_keys=True),
    )


@schedule(
    job=document_job,
    cron_schedule="0 2 * * *",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Nightly refresh of every document; unchanged ones stop at their hash check.",
)
def nightly_refresh(context: ScheduleEvaluationContext) -> list[RunRequest]:
    keys = context.instance.get_dynamic_partitions(DOCUMENTS)
    stamp = context.scheduled_execution_time.strftime("%Y%m%d")
    return [RunRequest(partition_key=key, run_key=f"nightly-{stamp}-{key}") for key in keys]
