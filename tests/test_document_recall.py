"""Whole documents against the oracle: every expected fact at its grain with the exact
printed amount, once. PDFs must be complete; the seed texts as they are at least 95%, with
every miss visible in ops.extraction_issue."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES
from tests.recall import measure
from tests.recall_report import TEXTS
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest

DOCUMENTS = (
    "000_shenyang_2019_budget",
    "001_shenyang_center_2023_budget",
    "004_nanchong_2020_budget",
    "002_shenyang_2024_final",  # a final account: its 公开01-09表 (actual and budget columns)
)


@pytest.fixture(scope="module")
def loaded(module_engine: Engine) -> Engine:
    ensure_schema(module_engine)
    return module_engine


def _load(engine: Engine, path_name: str, text_input: bool) -> int:
    path = SAMPLES / "text" / TEXTS[path_name[:3]] if text_input else SAMPLES / f"{path_name}.pdf"
    outcome = ingest(engine, [path]).outcomes[0]
    assert outcome.document_id is not None, outcome.reason
    return outcome.document_id


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_pdf_is_complete_exact_and_without_duplicates(loaded: Engine, doc: str) -> None:
    result = measure(loaded, _load(loaded, doc, text_input=False), doc)
    assert result.missing == []
    assert result.wrong == []
    assert result.duplicates == []
    assert result.recall == 1.0


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_seed_text_reaches_95_percent_and_misses_are_listed(loaded: Engine, doc: str) -> None:
    document_id = _load(loaded, doc, text_input=True)
    result = measure(loaded, document_id, doc)
    assert result.recall >= 0.95, (result.missing[:5], result.wrong[:5])
    assert result.duplicates == []
    if result.missing:
        with loaded.connect() as conn:
            issues = conn.execute(
                text("SELECT count(*) FROM ops.extraction_issue WHERE document_id = :d"),
                {"d": document_id},
            ).scalar_one()
        assert issues > 0, "misses must be visible in ops.extraction_issue"
