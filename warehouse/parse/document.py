"""From an ExtractedDocument to a StagedDocument: metadata, then every table by its kind."""

from __future__ import annotations

from warehouse.extract.model import ExtractedDocument, RawTable
from warehouse.parse.code_tables import (
    CODE_TABLE_KINDS,
    TableContext,
    default_fund_source,
    money_unit_of,
    parse_code_table,
)
from warehouse.parse.metadata import detect_metadata
from warehouse.parse.numbers import looks_like_amount
from warehouse.parse.staging import Stage, StagedDocument, StagedIssue, StagedTable, UnitRef
from warehouse.parse.table_kinds import classify_title

PARSER_VERSION = "0.1.0"


def _count_figures(table: RawTable) -> int:
    return sum(1 for row in table.rows for cell in row if looks_like_amount(cell))


def parse_document(doc: ExtractedDocument) -> StagedDocument:
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
    for table in doc.tables:
        match = classify_title(table.title)
        title = table.title or f"(untitled table {table.index + 1})"
        if match is not None and match.kind in CODE_TABLE_KINDS:
            ctx = TableContext(
                kind=match.kind,
                title=title,
                fiscal_year=meta.fiscal_year,
                stage=stage,
                money_unit=money_unit_of(table),
                default_fund_source=default_fund_source(title),
            )
            staged.tables.append(parse_code_table(table, ctx, staged))
            continue
        n_figures = _count_figures(table)
        reason = (
            f"table kind {match.kind!r} is recognized but not mapped to facts yet"
            if match is not None
            else "table title not recognized as a disclosure table"
        )
        if n_figures:
            staged.issues.append(
                StagedIssue(
                    reason=reason,
                    table=title,
                    page=table.page_first,
                    lines=table.source_lines,
                    cell=f"{n_figures} printed figures",
                )
            )
        staged.tables.append(
            StagedTable(
                index=table.index,
                title=table.title,
                kind=match.kind if match else None,
                page_first=table.page_first,
                page_last=table.page_last,
                lines=table.source_lines,
                n_rows=len(table.rows),
                n_figures=n_figures,
                n_facts=0,
            )
        )
    return staged
