"""The code location: `dagster dev -m pipelines.definitions` (DAGSTER_HOME=dagster_home)."""

from dagster import Definitions

from pipelines.assets import (
    core_document,
    document_reconciles,
    extracted_document,
    marts,
    source_document,
    staged_document,
    stated_rates_agree_with_budgets,
)
from pipelines.automation import document_job, inbox_sensor, nightly_refresh
from pipelines.resources import Inbox, WarehouseDatabase

ASSETS = [source_document, extracted_document, staged_document, core_document, marts]
CHECKS = [document_reconciles, stated_rates_agree_with_budgets]

defs = Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[document_job],
    sensors=[inbox_sensor],
    schedules=[nightly_refresh],
    resources={"database": WarehouseDatabase(), "inbox": Inbox()},
)
