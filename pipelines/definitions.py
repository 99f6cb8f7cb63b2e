"""The code location `dagster dev -m pipelines.definitions` loads."""

from __future__ import annotations

from dagster import Definitions

from pipelines.assets import core_facts, marts, no_quarantine_in_last_run, source_documents
from pipelines.resources import WarehouseDatabase

defs = Definitions(
    assets=[source_documents, core_facts, marts],
    asset_checks=[no_quarantine_in_last_run],
    resources={"database": WarehouseDatabase()},
)
