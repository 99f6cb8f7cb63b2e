"""`warehouse status`: what is loaded, what was quarantined, what the checks found."""

from __future__ import annotations

from sqlalchemy import Engine, text

_DOCUMENTS = text(
    """
    SELECT d.document_id, d.doc_kind, d.fiscal_year, u.unit_name, d.status, d.source_name,
           t.coverage, t.source_inconsistencies, t.extraction_failures,
           (SELECT count(*) FROM core.fact_expenditure f WHERE f.document_id = d.document_id)
         + (SELECT count(*) FROM core.fact_revenue f WHERE f.document_id = d.document_id)
         + (SELECT count(*) FROM core.fact_three_public f WHERE f.document_id = d.document_id)
             AS facts,
           (SELECT count(*) FROM core.fact_kpi k WHERE k.document_id = d.document_id) AS kpis,
           (SELECT count(*) FROM ops.extraction_issue i WHERE i.document_id = d.document_id)
             AS issues,
           t.checks_passed, t.figures_printed, t.figures_loaded, t.figures_repeated,
           t.figures_unmapped, t.figures_missed, d.part
    FROM core.dim_document d JOIN core.dim_unit u ON u.unit_id = d.unit_id
    JOIN ops.v_document_trust t ON t.document_id = d.document_id
    ORDER BY d.document_id
    """
)
_QUARANTINE = text(
    "SELECT source_name, stage, reason, last_seen FROM ops.quarantine ORDER BY last_seen"
)


_MARTS = text(
    "SELECT data_version, refreshed_version, changed_at, refreshed_at FROM ops.mart_state"
)


def print_status(engine: Engine) -> None:
    with engine.connect() as conn:
        documents = conn.execute(_DOCUMENTS).all()
        quarantined = conn.execute(_QUARANTINE).all()
        marts = conn.execute(_MARTS).one()
    print(f"{len(documents)} documents")
    for d in documents:
        print(
            f"  #{d.document_id} {d.fiscal_year} {d.doc_kind:<13} {d.status:<10} {d.unit_name} "
            f"({d.source_name}): {d.facts} facts, {d.kpis} KPIs, {d.issues} unmapped, "
            f"checks {d.checks_passed} passed / {d.source_inconsistencies} source "
            f"inconsistencies / {d.extraction_failures} extraction failures; "
            f"{d.figures_printed} money figures printed in tables: {d.figures_loaded} loaded, "
            f"{d.figures_repeated} repeated printings, {d.figures_unmapped} unmapped, "
            f"{d.figures_missed} missed (coverage "
            f"{'n/a' if d.coverage is None else f'{float(d.coverage):.1%}'})"
            + ("" if d.part == "complete" else f"; {d.part} only")
        )
    print(f"{len(quarantined)} quarantined")
    for q in quarantined:
        print(f"  {q.source_name}: [{q.stage}] {q.reason}")
    if marts.data_version > marts.refreshed_version:
        print(
            f"marts: STALE ({marts.data_version - marts.refreshed_version} loads since the "
            f"last refresh at {marts.refreshed_at or 'never'}); the next run refreshes them"
        )
    else:
        print(f"marts: fresh (refreshed {marts.refreshed_at or 'never'})")
