"""Write one StagedDocument into core and ops inside the caller's transaction.

The caller owns the transaction: a document is loaded whole or not at all. Constraints, not
luck, keep concurrent loads from duplicating anything: the document's hash is unique, and a
second process loading the same bytes fails on it and rolls back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from warehouse.db.models import (
    CheckResult,
    DimDocument,
    DimEconomic,
    DimFunction,
    DimProject,
    DimUnit,
    ExtractionIssue,
    FactExpenditure,
    FactKpi,
    FactRevenue,
    FactStated,
    FactThreePublic,
    TableInstance,
)
from warehouse.load.copy import copy_rows
from warehouse.marts.refresh import mark_changed
from warehouse.parse.document import PARSER_VERSION
from warehouse.parse.staging import (
    ExpenditureGrain,
    RevenueGrain,
    StagedDocument,
    StagedIssue,
    ThreePublicGrain,
    UnitRef,
)


def unit_key(name: str, province: str | None, city: str | None) -> str:
    """Natural key of a unit: its printed name (spaces removed) within province and city."""
    compact = re.sub(r"\s+", "", name)
    return f"{province or ''}|{city or ''}|{compact}"


def _upsert_unit(
    conn: Connection, unit: UnitRef, staged: StagedDocument, parent: int | None
) -> int:
    meta = staged.meta
    stmt = insert(DimUnit).values(
        unit_name=unit.name,
        unit_code=unit.code,
        parent_unit_id=parent,
        province=meta.province,
        city=meta.city,
        unit_key=unit_key(unit.name, meta.province, meta.city),
    )
    upsert = stmt.on_conflict_do_update(
        index_elements=[DimUnit.unit_key],
        set_={
            "unit_code": func.coalesce(stmt.excluded.unit_code, DimUnit.unit_code),
            "parent_unit_id": func.coalesce(DimUnit.parent_unit_id, stmt.excluded.parent_unit_id),
        },
    ).returning(DimUnit.unit_id)
    return int(conn.execute(upsert).scalar_one())


def document_exists(conn: Connection, sha256: str) -> int | None:
    found = conn.execute(
        select(DimDocument.document_id).where(DimDocument.sha256 == sha256)
    ).scalar_one_or_none()
    return int(found) if found is not None else None


def _ensure_codes(conn: Connection, staged: StagedDocument, document_id: int) -> None:
    """Codes printed but absent from the reference become dimension rows marked 'document'."""
    function_codes = {code for g in staged.facts if (code := _function_code(g))}
    known = set(
        conn.execute(
            select(DimFunction.function_code).where(DimFunction.function_code.in_(function_codes))
        ).scalars()
    )
    issues: list[StagedIssue] = []
    for code in sorted(function_codes - known):
        parent = code[:-2] if len(code) > 3 else None
        if (
            parent
            and parent not in known
            and not conn.execute(
                select(DimFunction.function_code).where(DimFunction.function_code == parent)
            ).first()
        ):
            parent = None
        conn.execute(
            insert(DimFunction)
            .values(
                function_code=code,
                level={3: 1, 5: 2, 7: 3}[len(code)],
                name=_printed_name(staged, code),
                parent_code=parent,
                origin="document",
            )
            .on_conflict_do_nothing()
        )
        known.add(code)
        issues.append(
            StagedIssue(
                reason=f"function code {code} is not in the reference classification",
                table=None,
                page=None,
                lines=None,
                cell=code,
            )
        )
    economic = {
        (g.economic_scheme, g.economic_code)
        for g in staged.facts
        if isinstance(g, ExpenditureGrain) and g.economic_scheme and g.economic_code
    }
    known_economic = {
        (scheme, code)
        for scheme, code in conn.execute(
            select(DimEconomic.scheme, DimEconomic.economic_code).where(
                tuple_(DimEconomic.scheme, DimEconomic.economic_code).in_(sorted(economic))
            )
        )
    }
    for scheme, code in sorted(economic - known_economic):
        assert scheme is not None and code is not None
        conn.execute(
            insert(DimEconomic)
            .values(
                scheme=scheme,
                economic_code=code,
                level=1 if len(code) == 3 else 2,
                name=_printed_name(staged, code),
                parent_code=None,
                origin="document",
            )
            .on_conflict_do_nothing()
        )
        issues.append(
            StagedIssue(
                reason=f"{scheme} economic code {code} is not in the reference classification",
                table=None,
                page=None,
                lines=None,
                cell=code,
            )
        )
    _insert_issues(conn, document_id, issues)


def _function_code(grain: object) -> str | None:
    if isinstance(grain, ExpenditureGrain | RevenueGrain):
        return grain.function_code
    return None


def _printed_name(staged: StagedDocument, code: str) -> str:
    for fact in staged.facts.values():
        row = fact.source.row or ""
        if row.startswith(code + " "):
            return row[len(code) + 1 :]
    return code


def _insert_issues(conn: Connection, document_id: int, issues: Iterable[StagedIssue]) -> None:
    rows = [
        {
            "document_id": document_id,
            "table_title": i.table,
            "page": i.page,
            "source_lines": i.lines,
            "row_label": i.row,
            "column_label": i.column,
            "cell_text": i.cell,
            "reason": i.reason,
        }
        for i in issues
    ]
    copy_rows(conn, ExtractionIssue, rows)


def load_document(
    conn: Connection,
    staged: StagedDocument,
    source_path: str | None,
    *,
    admission_seq: int | None = None,
    source_path_bytes: bytes | None = None,
) -> int:
    """Insert the document and everything staged for it; returns its document_id.

    admission_seq orders versions of one unit/year/kind/part (see `_place_version`); a
    caller that did not admit the file first gets the next number now.
    """
    meta = staged.meta
    publisher = staged.units[""]
    publisher_id = _upsert_unit(conn, publisher, staged, None)
    unit_ids = {"": publisher_id}
    for key, unit in staged.units.items():
        if key:
            unit_ids[key] = _upsert_unit(conn, unit, staged, publisher_id)
    if admission_seq is None:
        admission_seq = next_admission(conn)

    active, outranked = _place_version(conn, staged, publisher_id, admission_seq)
    if active is not None and not outranked:  # one active version at any moment (index)
        conn.execute(
            update(DimDocument)
            .where(DimDocument.document_id == active)
            .values(status="superseded", superseded_at=func.now())
        )
    document_id = int(
        conn.execute(
            insert(DimDocument)
            .values(
                sha256=staged.sha256,
                source_name=staged.source_name,
                source_path=source_path,
                source_path_bytes=source_path_bytes,
                source_format=staged.source_format,
                doc_kind=meta.doc_kind,
                fiscal_year=meta.fiscal_year,
                unit_id=publisher_id,
                scope=meta.scope,
                part=meta.part,
                title=meta.title,
                page_count=staged.page_count,
                parser_version=PARSER_VERSION,
                admission_seq=admission_seq,
                is_correction=meta.is_correction,
                status="superseded" if outranked else "active",
                superseded_by=active if outranked else None,
                superseded_at=func.now() if outranked else None,
            )
            .returning(DimDocument.document_id)
        ).scalar_one()
    )
    if active is not None and not outranked:
        conn.execute(
            update(DimDocument)
            .where(DimDocument.document_id == active)
            .values(superseded_by=document_id)
        )
    mark_changed(conn)

    project_ids = _upsert_projects(conn, staged, publisher_id)

    _ensure_codes(conn, staged, document_id)
    _insert_facts(conn, staged, document_id, unit_ids, project_ids)
    _insert_kpis(conn, staged, document_id, publisher_id, project_ids)
    _insert_statements(conn, staged, document_id, publisher_id, project_ids)
    _insert_issues(conn, document_id, staged.issues)
    _insert_checks(conn, staged, document_id)
    _insert_tables(conn, staged, document_id)
    return document_id


def next_admission(conn: Connection) -> int:
    """The next number of ops.admission_seq: later admissions are later versions."""
    return int(conn.execute(text("SELECT nextval('ops.admission_seq')")).scalar_one())


def _place_version(
    conn: Connection, staged: StagedDocument, publisher_id: int, admission_seq: int
) -> tuple[int | None, bool]:
    """The active version of this unit/year/kind/part, and whether it outranks this one.

    The rule does not depend on which transaction commits first: a correction by content
    outranks a plain copy, then the later admission outranks the earlier. Two versions
    loading at once serialize on an advisory lock of their key (the tables and the
    narrative of one disclosure, published as two files, are two parts and never compete).
    """
    meta = staged.meta
    conn.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
        {"key": f"document:{publisher_id}:{meta.fiscal_year}:{meta.doc_kind}:{meta.part}"},
    )
    current = conn.execute(
        select(DimDocument.document_id, DimDocument.is_correction, DimDocument.admission_seq)
        .where(
            DimDocument.unit_id == publisher_id,
            DimDocument.fiscal_year == meta.fiscal_year,
            DimDocument.doc_kind == meta.doc_kind,
            DimDocument.part == meta.part,
            DimDocument.status == "active",
        )
        .with_for_update()
    ).first()
    if current is None:
        return None, False
    outranks = (current.is_correction, current.admission_seq) > (
        meta.is_correction,
        admission_seq,
    )
    return int(current.document_id), outranks


def _upsert_projects(conn: Connection, staged: StagedDocument, unit_id: int) -> dict[str, int]:
    """The document's projects in one statement; their ids by project key."""
    if not staged.projects:
        return {}
    stmt = insert(DimProject).values(
        [
            {
                "unit_id": unit_id,
                "fiscal_year": staged.meta.fiscal_year,
                "project_name": name,
                "project_key": key,
            }
            for key, name in staged.projects.items()
        ]
    )
    upsert = stmt.on_conflict_do_update(
        constraint="uq_dim_project_unit_id_fiscal_year_project_key",
        set_={"project_name": stmt.excluded.project_name},
    ).returning(DimProject.project_key, DimProject.project_id)
    return {key: int(project_id) for key, project_id in conn.execute(upsert)}


def _insert_facts(
    conn: Connection,
    staged: StagedDocument,
    document_id: int,
    unit_ids: dict[str, int],
    project_ids: dict[str, int],
) -> None:
    expenditure: list[dict[str, Any]] = []
    revenue: list[dict[str, Any]] = []
    three_public: list[dict[str, Any]] = []
    for grain, fact in staged.facts.items():
        common = {
            "document_id": document_id,
            "unit_id": unit_ids[grain.unit],
            "fiscal_year": grain.fiscal_year,
            "stage": grain.stage,
            "amount": fact.amount,
            "source_table": fact.source.table,
            "source_page": fact.source.page,
            "source_lines": fact.source.lines,
        }
        if isinstance(grain, ExpenditureGrain):
            expenditure.append(
                common
                | {
                    "function_code": grain.function_code,
                    "economic_scheme": grain.economic_scheme,
                    "economic_code": grain.economic_code,
                    "project_id": project_ids[grain.project] if grain.project else None,
                    "fund_source": grain.fund_source,
                    "expense_type": grain.expense_type,
                    "stated_rate": fact.stated_rate,
                    "origin": fact.origin,
                    "source_row": fact.source.row,
                    "source_column": fact.source.column,
                }
            )
        elif isinstance(grain, RevenueGrain):
            revenue.append(
                common
                | {
                    "fund_source": grain.fund_source,
                    "function_code": grain.function_code,
                    "source_row": fact.source.row,
                    "source_column": fact.source.column,
                }
            )
        elif isinstance(grain, ThreePublicGrain):
            three_public.append(common | {"item": grain.item, "stated_rate": fact.stated_rate})
    copy_rows(conn, FactExpenditure, expenditure)
    copy_rows(conn, FactRevenue, revenue)
    copy_rows(conn, FactThreePublic, three_public)


def _insert_kpis(
    conn: Connection,
    staged: StagedDocument,
    document_id: int,
    unit_id: int,
    project_ids: dict[str, int],
) -> None:
    rows = [
        {
            "document_id": document_id,
            "unit_id": unit_id,
            "fiscal_year": staged.meta.fiscal_year,
            "project_id": project_ids[k.project] if k.project else None,
            "kpi_index": k.index,
            "level1": k.level1,
            "level2": k.level2,
            "level3": k.level3,
            "operator": k.operator,
            "target_text": k.target_text,
            "target_value": k.target_value,
            "measure_unit": k.measure_unit,
            "actual_text": k.actual_text,
            "actual_value": k.actual_value,
            "weight": k.weight,
            "score": k.score,
            "deadline": k.deadline,
            "deviation": k.deviation,
            "source_table": k.source.table,
            "source_page": k.source.page,
            "source_lines": k.source.lines,
        }
        for k in staged.kpis
    ]
    copy_rows(conn, FactKpi, rows)


def _insert_statements(
    conn: Connection,
    staged: StagedDocument,
    document_id: int,
    unit_id: int,
    project_ids: dict[str, int],
) -> None:
    rows = [
        {
            "document_id": document_id,
            "unit_id": unit_id,
            "fiscal_year": s.fiscal_year or staged.meta.fiscal_year,
            "stage": s.stage,
            "statement_index": s.index,
            "item": s.item,
            "project_id": project_ids[s.project] if s.project else None,
            "amount": s.amount,
            "stated_rate": s.stated_rate,
            "share_pct": s.share_pct,
            "change_amount": s.change_amount,
            "change_pct": s.change_pct,
            "source_page": s.source.page,
            "source_lines": s.source.lines,
            "source_text": s.text,
        }
        for s in staged.statements
    ]
    copy_rows(conn, FactStated, rows)


def _insert_checks(conn: Connection, staged: StagedDocument, document_id: int) -> None:
    rows = [
        {
            "document_id": document_id,
            "check_name": c.name,
            "outcome": c.outcome,
            "table_title": c.table,
            "page": c.page,
            "row_label": c.row,
            "expected": c.expected,
            "found": c.found,
            "difference": (
                c.found - c.expected if c.found is not None and c.expected is not None else None
            ),
            "message": c.message,
        }
        for c in staged.checks
    ]
    copy_rows(conn, CheckResult, rows)


def _insert_tables(conn: Connection, staged: StagedDocument, document_id: int) -> None:
    rows = [
        {
            "document_id": document_id,
            "table_index": t.index,
            "title": t.title,
            "kind": t.kind,
            "page_first": t.page_first,
            "page_last": t.page_last,
            "source_lines": t.lines,
            "n_rows": t.n_rows,
            "n_figures": t.n_figures,
            "n_facts": t.n_facts,
            "figures_printed": t.figures_printed,
            "figures_loaded": t.figures_loaded,
            "figures_repeated": t.figures_repeated,
            "figures_unmapped": t.figures_unmapped,
        }
        for t in staged.tables
    ]
    copy_rows(conn, TableInstance, rows)
