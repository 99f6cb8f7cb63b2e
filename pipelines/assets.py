"""Assets along the data flow, one dynamic partition per source file:

source_document -> extracted_document -> staged_document -> core_document, then marts.

A partition is a file's path relative to the inbox. An unchanged file (its hash already
loaded) stops at source_document: the downstream assets of that partition are skipped. A
document rejected at any stage is quarantined in ops and fails its own partition only.
"""

# No `from __future__ import annotations` here: Dagster reads config and resource types
# from the annotations at definition time.

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    DynamicPartitionsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    Output,
    asset,
    asset_check,
)
from sqlalchemy import text

from pipelines.resources import Inbox, WarehouseDatabase
from warehouse.db.migrate import ensure_schema
from warehouse.extract.errors import DocumentRejected
from warehouse.extract.model import ExtractedDocument
from warehouse.extract.source import extract_document
from warehouse.load.ingest import (
    DocumentOutcome,
    IngestReport,
    Outcome,
    already_loaded,
    finish_run,
    load_staged,
    read_source,
    settle_failure,
    skip,
    start_run,
)
from warehouse.marts.refresh import MARTS, refresh_marts
from warehouse.parse.document import parse_document
from warehouse.parse.staging import StagedDocument

DOCUMENTS = "documents"
documents = DynamicPartitionsDefinition(name=DOCUMENTS)


@dataclass(frozen=True)
class SourceFile:
    """A file to (re)load: its path, its content hash, and the ops run it belongs to."""

    path: Path
    sha256: str
    run_id: int


def _settle(
    database: WarehouseDatabase, source: SourceFile, stage: str, exc: BaseException
) -> Failure | DocumentOutcome:
    """A failed stage, with the rules of `warehouse ingest`: the document is quarantined (and
    this partition fails), or it lost a race to another run loading the same bytes (a skip)."""
    engine = database.engine()
    try:
        outcome = settle_failure(engine, source.path, source.sha256, source.run_id, stage, exc)
    finally:
        engine.dispose()
    _close_run(database, source, outcome.outcome)
    if outcome.outcome == "skipped":
        return outcome
    return Failure(
        description=f"quarantined at {outcome.stage}: {outcome.reason}",
        metadata={
            "stage": outcome.stage or stage,
            "reason": outcome.reason or "",
            "path": str(source.path),
        },
    )


def _fail(database: WarehouseDatabase, source: SourceFile, stage: str, exc: Exception) -> Failure:
    settled = _settle(database, source, stage, exc)
    if isinstance(settled, Failure):
        return settled
    return Failure(description=f"{source.path.name}: {settled.reason}")


def _close_run(database: WarehouseDatabase, source: SourceFile, outcome: Outcome) -> None:
    engine = database.engine()
    outcomes = [DocumentOutcome(path=source.path, sha256=source.sha256, outcome=outcome)]
    finish_run(engine, IngestReport(run_id=source.run_id, outcomes=outcomes))
    engine.dispose()


@asset(
    partitions_def=documents,
    group_name="sources",
    output_required=False,
    description="The source file of this partition; skipped downstream when its content hash "
    "is already loaded.",
)
def source_document(
    context: AssetExecutionContext, inbox: Inbox, database: WarehouseDatabase
) -> Iterator[Output[SourceFile]]:
    path = inbox.path_of(context.partition_key)
    engine = database.engine()
    ensure_schema(engine)
    run_id = start_run(engine, f"dagster:{context.run.run_id}")
    try:
        _, digest = read_source(path)
    except DocumentRejected as exc:
        engine.dispose()
        unreadable = SourceFile(path, f"unreadable:{path.resolve()}", run_id)
        raise _fail(database, unreadable, exc.stage, exc) from exc
    existing = already_loaded(engine, digest)
    if existing is not None:
        skip(engine, path, digest, run_id, existing, reason="already loaded (same hash)")
        _close_run(database, SourceFile(path, digest, run_id), "skipped")
        context.log.info(f"{path.name}: unchanged (document {existing}); nothing to do")
        engine.dispose()
        return
    engine.dispose()
    yield Output(
        SourceFile(path=path, sha256=digest, run_id=run_id),
        metadata={"sha256": digest, "path": str(path), "bytes": path.stat().st_size},
    )


@asset(
    partitions_def=documents,
    group_name="staging",
    description="Raw tables and running text from pdfplumber or the text front end.",
)
def extracted_document(
    database: WarehouseDatabase, source_document: SourceFile
) -> Output[ExtractedDocument]:
    try:
        data, digest = read_source(source_document.path)
        if digest != source_document.sha256:
            raise DocumentRejected("read", "the file changed while it was being loaded; retry")
        extracted = extract_document(source_document.path, data)
    except Exception as exc:  # any failure quarantines this document only
        raise _fail(database, source_document, "extract", exc) from exc
    return Output(
        extracted,
        metadata={"pages": extracted.page_count or 0, "tables": len(extracted.tables)},
    )


@asset(
    partitions_def=documents,
    group_name="staging",
    description="Facts at the contract grain, KPIs, stated figures, issues and checks.",
)
def staged_document(
    database: WarehouseDatabase, source_document: SourceFile, extracted_document: ExtractedDocument
) -> Output[StagedDocument]:
    try:
        staged = parse_document(extracted_document)
    except Exception as exc:  # any failure quarantines this document only
        raise _fail(database, source_document, "parse", exc) from exc
    meta = staged.meta
    return Output(
        staged,
        metadata={
            "publisher": meta.publisher,
            "fiscal_year": meta.fiscal_year,
            "doc_kind": meta.doc_kind,
            "facts": len(staged.facts),
            "kpis": len(staged.kpis),
            "unmapped": len(staged.issues),
        },
    )


@asset(
    partitions_def=documents,
    group_name="core",
    description="The document in core: dimensions and facts, in one transaction.",
)
def core_document(
    database: WarehouseDatabase, source_document: SourceFile, staged_document: StagedDocument
) -> MaterializeResult[None]:
    engine = database.engine()
    try:
        document_id = load_staged(
            engine, staged_document, source_document.path, source_document.run_id
        )
    except Exception as exc:
        engine.dispose()
        settled = _settle(database, source_document, "load", exc)
        if isinstance(settled, Failure):
            raise settled from exc
        return MaterializeResult(metadata={"skipped": settled.reason or "loaded concurrently"})
    engine.dispose()
    _close_run(database, source_document, "loaded")
    return MaterializeResult(
        metadata={"document_id": document_id, "facts": len(staged_document.facts)}
    )


@asset(
    group_name="marts",
    deps=[core_document],
    description="mart.expenditure_yoy, budget_vs_actual, three_public, kpi_attainment: "
    "materialized views over the active documents, refreshed concurrently after each load.",
)
def marts(database: WarehouseDatabase) -> MaterializeResult[None]:
    engine = database.engine()
    ensure_schema(engine)
    took = refresh_marts(engine)
    counts = {}
    with engine.connect() as conn:
        for mart in MARTS:
            counts[mart] = int(conn.execute(text(f"SELECT count(*) FROM mart.{mart}")).scalar_one())
    engine.dispose()
    metadata: dict[str, MetadataValue] = {k: MetadataValue.int(v) for k, v in counts.items()}
    metadata["refresh_seconds"] = MetadataValue.float(round(sum(took.values()), 3))
    return MaterializeResult(metadata=metadata)


@asset_check(
    asset=core_document,
    description="No extraction failure among the document's reconciliation checks "
    "(source inconsistencies are warnings).",
)
def document_reconciles(
    context: AssetCheckExecutionContext, database: WarehouseDatabase, inbox: Inbox
) -> AssetCheckResult:
    op_context = context.op_execution_context
    if op_context.has_partition_key:  # the document this partition loaded last
        scope = (
            "d.document_id = (SELECT l.document_id FROM ops.document_load l "
            "WHERE l.status = 'loaded' AND l.source_path = :path "
            "ORDER BY l.load_id DESC LIMIT 1)"
        )
        params = {"path": str(inbox.path_of(op_context.partition_key))}
    else:
        scope, params = "d.status = 'active'", {}
    engine = database.engine()
    with engine.connect() as conn:
        row = conn.execute(
            text(
                f"""
                SELECT count(*) FILTER (WHERE c.outcome = 'extraction_failure') AS failures,
                       count(*) FILTER (WHERE c.outcome = 'source_inconsistency') AS warnings,
                       count(*) FILTER (WHERE c.outcome = 'pass') AS passed
                FROM core.dim_document d
                JOIN ops.check_result c ON c.document_id = d.document_id
                WHERE {scope}
                """
            ),
            params,
        ).one()
    engine.dispose()
    return AssetCheckResult(
        passed=row.failures == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "passed": row.passed,
            "source_inconsistencies": row.warnings,
            "extraction_failures": row.failures,
        },
    )


@asset_check(
    asset=marts,
    description="Where a budget disclosure and a stated execution rate both give a budget, "
    "they agree within half a cent of 万元.",
)
def stated_rates_agree_with_budgets(database: WarehouseDatabase) -> AssetCheckResult:
    engine = database.engine()
    with engine.connect() as conn:
        disagreements = conn.execute(
            text(
                """
                SELECT unit_name, fiscal_year, function_code, budget_amount, actual_amount,
                       stated_rate, execution_rate
                FROM mart.budget_vs_actual
                WHERE budget_basis = 'budget_document' AND stated_rate IS NOT NULL
                  AND abs(execution_rate - stated_rate) > 0.005
                """
            )
        ).all()
    engine.dispose()
    return AssetCheckResult(
        passed=not disagreements,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "disagreements": len(disagreements),
            "first": MetadataValue.md(
                "\n".join(
                    f"- {r.unit_name} {r.fiscal_year} {r.function_code}: stated "
                    f"{r.stated_rate}%, computed {r.execution_rate}%"
                    for r in disagreements[:10]
                )
                or "none"
            ),
        },
    )
