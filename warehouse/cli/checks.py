"""`warehouse checks`: reconciliation findings per document, with both values and places."""

from __future__ import annotations

from sqlalchemy import Engine, text

_SUMMARY = text(
    """
    SELECT document_id, source_name, fiscal_year, doc_kind, unit_name, status, checks_passed,
           source_inconsistencies, extraction_failures, figures_printed, figures_unmapped,
           figures_missed,
           coverage
    FROM ops.v_document_trust
    WHERE (CAST(:document_id AS integer) IS NULL OR document_id = :document_id)
    ORDER BY document_id
    """
)
_FINDINGS = text(
    """
    SELECT document_id, check_name, outcome, table_title, page, row_label, expected, found,
           difference, message
    FROM ops.check_result
    WHERE outcome <> 'pass'
      AND (CAST(:document_id AS integer) IS NULL OR document_id = :document_id)
      AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
    ORDER BY document_id, outcome DESC, check_id
    """
)


def print_checks(engine: Engine, document_id: int | None, outcome: str | None) -> int:
    """Print the trust summary and the findings; returns the number of extraction failures."""
    params = {"document_id": document_id, "outcome": outcome}
    with engine.connect() as conn:
        summary = conn.execute(_SUMMARY, params).all()
        findings = conn.execute(_FINDINGS, params).all()
    failures = 0
    for d in summary:
        coverage = "n/a" if d.coverage is None else f"{float(d.coverage):.1%}"
        print(
            f"#{d.document_id} {d.fiscal_year} {d.doc_kind} {d.unit_name} ({d.source_name}, "
            f"{d.status}): {d.checks_passed} passed, {d.source_inconsistencies} source "
            f"inconsistencies, {d.extraction_failures} extraction failures; coverage {coverage} "
            f"(of {d.figures_printed} printed figures {d.figures_unmapped} unmapped, "
            f"{d.figures_missed} missed)"
        )
        failures += int(d.extraction_failures)
    for f in findings:
        place = f"{f.table_title or '?'} p.{f.page if f.page is not None else '?'}"
        print(
            f"  [{f.outcome}] #{f.document_id} {f.check_name} — {place} — {f.row_label or ''}: "
            f"expected {f.expected}, found {f.found}, difference {f.difference}. {f.message or ''}"
        )
    return failures
