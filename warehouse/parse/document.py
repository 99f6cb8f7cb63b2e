"""From an ExtractedDocument to a StagedDocument: metadata, every table by its kind, narrative.

Each family of table kinds has its own module with `KINDS` and `parse_table`; the registry
below is the only place that knows them all.
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from warehouse.checks.reconcile import reconcile
from warehouse.extract.model import ExtractedDocument, RawTable
from warehouse.parse import (
    code_tables,
    figure_accounting,
    final_account_tables,
    kpi_tables,
    project_tables,
    recognized_unmapped,
    revenue_tables,
    summary_tables,
    three_public,
    unit_tables,
)
from warehouse.parse.context import (
    TableContext,
    TableParser,
    default_expense_type,
    default_fund_source,
    money_unit_of,
    unmapped_table,
)
from warehouse.parse.genre import require_disclosure_genre
from warehouse.parse.metadata import detect_metadata
from warehouse.parse.narrative import parse_narrative
from warehouse.parse.staging import Stage, StagedDocument, StagedTable, UnitRef
from warehouse.parse.table_kinds import classify_title

PARSER_VERSION = "0.2.0"

_FAMILIES: tuple[ModuleType, ...] = (
    code_tables,
    summary_tables,
    revenue_tables,
    unit_tables,
    project_tables,
    three_public,
    kpi_tables,
    final_account_tables,
    recognized_unmapped,
)
PARSERS: dict[str, TableParser] = {
    kind: family.parse_table for family in _FAMILIES for kind in family.KINDS
}


def _context(table: RawTable, kind: str, staged: StagedDocument, stage: Stage) -> TableContext:
    title = table.title or f"(untitled table {table.index + 1})"
    return TableContext(
        kind=kind,
        title=title,
        fiscal_year=staged.meta.fiscal_year,
        stage=stage,
        money_unit=money_unit_of(table),
        default_fund_source=default_fund_source(title),
        default_expense_type=default_expense_type(title),
    )


def _accounted(
    result: StagedTable,
    table: RawTable,
    staged: StagedDocument,
    before: figure_accounting.Mark,
    ctx: TableContext,
) -> StagedTable:
    """The staged table with its money figures accounted for; KPI tables print no money."""
    if ctx.kind in kpi_tables.KINDS:
        return result
    figures = figure_accounting.account(table, staged, before, ctx.money_unit)
    return replace(
        result,
        figures_printed=figures.printed,
        figures_loaded=figures.loaded,
        figures_repeated=figures.repeated,
        figures_unmapped=figures.unmapped,
    )


def parse_document(doc: ExtractedDocument) -> StagedDocument:
    require_disclosure_genre(doc)  # a notice or a template has no publisher to look for
    meta = detect_metadata(doc)
    staged = StagedDocument(
        source_name=doc.source_name,
        sha256=doc.sha256,
        source_format=doc.source_format,
        page_count=doc.page_count,
        meta=meta,
    )
    staged.units[""] = UnitRef(key="", name=meta.publisher, code=meta.unit_code, is_publisher=True)
    stage: Stage = "budget" if meta.doc_kind == "budget" else "actual"
    for table in kpi_tables.join_continuations(doc.tables):  # KPI blocks span tables
        match = classify_title(table.title)
        kind = match.kind if match else "unrecognized"
        ctx = _context(table, kind, staged, stage)
        parser = PARSERS.get(kind)
        before = figure_accounting.mark(staged)
        if parser is None:
            result = unmapped_table(
                table, ctx, staged, "table title not recognized as a disclosure table"
            )
        else:
            result = parser(table, ctx, staged)
        staged.tables.append(_accounted(result, table, staged, before, ctx))
    parse_narrative(doc, staged)
    reconcile(staged)
    return staged
