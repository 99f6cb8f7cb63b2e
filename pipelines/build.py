"""`warehouse build`: the same asset graph as the code location, materialized in-process.

Every file under the input folder is a partition of the `documents` dynamic partitions; each
runs through source -> extracted -> staged -> core, then the marts, in an ephemeral Dagster
instance (nothing is written to DAGSTER_HOME).
"""

from collections.abc import Callable
from pathlib import Path

from dagster import DagsterInstance

from pipelines.assets import DOCUMENTS
from pipelines.automation import document_job
from pipelines.definitions import ASSETS, CHECKS
from pipelines.resources import Inbox, WarehouseDatabase


def build_in_process(
    url: str,
    root: Path,
    files: list[Path],
    progress: Callable[[str, bool], None] | None = None,
) -> bool:
    """Materialize every asset for `files` (below `root`); True when every run succeeded."""
    from dagster import Definitions

    definitions = Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[document_job],
        resources={
            "database": WarehouseDatabase(url=url),
            "inbox": Inbox(path=str(root)),
        },
    )
    job = definitions.resolve_job_def(document_job.name)
    keys = [path.resolve().relative_to(root.resolve()).as_posix() for path in files]
    ok = True
    with DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(DOCUMENTS, keys)
        for key in keys:
            result = job.execute_in_process(
                instance=instance,
                partition_key=key,
                raise_on_error=False,
                run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            )
            checks_ok = all(
                e.passed
                for e in result.get_asset_check_evaluations()
                if e.severity.value == "ERROR"
            )
            ok = ok and result.success and checks_ok
            if progress is not None:
                progress(key, result.success and checks_ok)
    return ok
