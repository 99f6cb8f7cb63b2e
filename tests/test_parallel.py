"""The worker pool loads exactly what the serial path loads, and keeps its rules."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.conftest import create_database, drop_database
from tests.oracle import SAMPLES
from warehouse.db.engine import make_engine
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest
from warehouse.load.parallel import ingest_parallel

PDFS = sorted(SAMPLES.glob("*.pdf"))
_COUNTS = {
    "documents": "SELECT count(*) FROM core.dim_document",
    "units": "SELECT count(*) FROM core.dim_unit",
    "projects": "SELECT count(*) FROM core.dim_project",
    "expenditure": "SELECT count(*) FROM core.fact_expenditure",
    "revenue": "SELECT count(*) FROM core.fact_revenue",
    "three_public": "SELECT count(*) FROM core.fact_three_public",
    "kpi": "SELECT count(*) FROM core.fact_kpi",
    "checks": "SELECT count(*) FROM ops.check_result",
    "issues": "SELECT count(*) FROM ops.extraction_issue",
    "tables": "SELECT count(*) FROM ops.table_instance",
    "amount_sum": "SELECT coalesce(sum(amount), 0) FROM core.fact_expenditure",
}


def counts(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {name: conn.execute(text(sql)).scalar_one() for name, sql in _COUNTS.items()}


@pytest.fixture
def serial_engine(server_url: str) -> Iterator[Engine]:
    url = create_database(server_url)
    eng = make_engine(url)
    yield eng
    eng.dispose()
    drop_database(server_url, url)


def test_two_workers_load_the_samples_like_one(engine: Engine, serial_engine: Engine) -> None:
    assert len(PDFS) == 5
    ensure_schema(serial_engine)
    serial = ingest(serial_engine, PDFS)
    ensure_schema(engine)
    pooled = ingest_parallel(engine, PDFS, workers=2)

    assert pooled.count("loaded") == serial.count("loaded") == 5
    assert [o.path for o in pooled.outcomes] == PDFS  # loaded in input order
    assert [o.facts for o in pooled.outcomes] == [o.facts for o in serial.outcomes]
    assert counts(engine) == counts(serial_engine)
    assert counts(engine)["expenditure"] != 0


def test_pool_skips_same_bytes_and_quarantines_bad_files(engine: Engine, tmp_path: Path) -> None:
    ensure_schema(engine)
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(PDFS[0], copy)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    report = ingest_parallel(engine, [PDFS[0], copy, bad, PDFS[1]], workers=2)
    assert [o.outcome for o in report.outcomes] == ["loaded", "skipped", "quarantined", "loaded"]
    assert report.outcomes[2].stage == "extract"

    again = ingest_parallel(engine, [PDFS[0], PDFS[1]], workers=2)
    assert [o.outcome for o in again.outcomes] == ["skipped", "skipped"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM core.dim_document")).scalar_one() == 2
        quarantined = conn.execute(text("SELECT count(*) FROM ops.quarantine")).scalar_one()
    assert quarantined == 1
