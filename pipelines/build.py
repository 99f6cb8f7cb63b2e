"""`warehouse build`: the same asset graph, materialized in-process."""

from __future__ import annotations

from pathlib import Path

from dagster import DagsterInstance, materialize

from pipelines.assets import core_facts, marts, no_quarantine_in_last_run, source_documents
from pipelines.resources import WarehouseDatabase


def build_in_process(url: str, input_dir: Path) -> bool:
    """Materialize every asset over input_dir; True when the run and its checks succeeded."""
    result = materialize(
        [source_documents, core_facts, marts, no_quarantine_in_last_run],
        resources={"database": WarehouseDatabase(url=url)},
        run_config={"ops": {"source_documents": {"config": {"input_dir": str(input_dir)}}}},
        instance=DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    checks_passed = all(evaluation.passed for evaluation in result.get_asset_check_evaluations())
    return bool(result.success) and checks_passed
