"""Assets along the data flow: source documents -> core facts -> marts."""
# No `from __future__ import annotations` here: Dagster reads config and resource types
# from the annotations at definition time.

from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetExecutionContext,
    Config,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)
from sqlalchemy import text

from pipelines.resources import WarehouseDatabase
from warehouse.config import SAMPLES_DIR
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import collect_sources, ingest


class SourceConfig(Config):
    input_dir: str = str(SAMPLES_DIR)


@asset(group_name="sources", description="Disclosure files (PDF or text) under the input folder.")
def source_documents(context: AssetExecutionContext, config: SourceConfig) -> list[str]:
    files = [str(p) for p in collect_sources([Path(config.input_dir)])]
    context.add_output_metadata({"files": len(files), "input_dir": config.input_dir})
    return files


@asset(
    group_name="core",
    description="Every document extracted, parsed and loaded into core (one transaction each); "
    "unchanged files are skipped by content hash, bad ones quarantined.",
)
def core_facts(
    context: AssetExecutionContext, database: WarehouseDatabase, source_documents: list[str]
) -> MaterializeResult[None]:
    engine = database.engine()
    ensure_schema(engine)
    report = ingest(engine, [Path(p) for p in source_documents], command="dagster:core_facts")
    for outcome in report.outcomes:
        if outcome.outcome == "quarantined":
            context.log.warning(f"quarantined {outcome.path}: [{outcome.stage}] {outcome.reason}")
    engine.dispose()
    return MaterializeResult(
        metadata={
            "run_id": report.run_id,
            "loaded": report.count("loaded"),
            "skipped": report.count("skipped"),
            "quarantined": report.count("quarantined"),
        }
    )


@asset(
    group_name="marts",
    deps=[core_facts],
    description="Marts (views over active documents): expenditure_yoy, budget_vs_actual, "
    "three_public.",
)
def marts(database: WarehouseDatabase) -> MaterializeResult[None]:
    engine = database.engine()
    counts = {}
    with engine.connect() as conn:
        for view in ("expenditure_yoy", "budget_vs_actual", "three_public"):
            counts[view] = int(conn.execute(text(f"SELECT count(*) FROM mart.{view}")).scalar_one())
    engine.dispose()
    return MaterializeResult(metadata={k: MetadataValue.int(v) for k, v in counts.items()})


@asset_check(asset=core_facts, description="No document was quarantined in the last run.")
def no_quarantine_in_last_run(database: WarehouseDatabase) -> AssetCheckResult:
    engine = database.engine()
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT run_id, quarantined FROM ops.ingest_run ORDER BY run_id DESC LIMIT 1")
        ).one_or_none()
    engine.dispose()
    quarantined = int(row.quarantined) if row else 0
    return AssetCheckResult(passed=quarantined == 0, metadata={"quarantined": quarantined})
