"""Reconciliation on real documents: source inconsistencies are warnings, a garbled table is
an extraction failure that `warehouse checks` reports and fails on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest


@pytest.fixture(scope="module")
def samples_loaded(module_engine: Engine) -> Engine:
    ensure_schema(module_engine)
    report = ingest(module_engine, sorted(SAMPLES.glob("*.pdf")))
    assert report.ok
    return module_engine


def test_sample_pdfs_have_no_extraction_failure(samples_loaded: Engine) -> None:
    with samples_loaded.connect() as conn:
        rows = conn.execute(
            text("SELECT source_name, extraction_failures, checks_passed FROM ops.v_document_trust")
        ).all()
    assert len(rows) == 5
    assert {r.source_name: r.extraction_failures for r in rows} == {r.source_name: 0 for r in rows}
    assert all(r.checks_passed > 0 for r in rows if not r.source_name.startswith("003"))


def test_the_2019_budgets_known_disagreements_are_source_inconsistencies(
    samples_loaded: Engine,
) -> None:
    with samples_loaded.connect() as conn:
        findings = conn.execute(
            text(
                "SELECT c.expected, c.found FROM ops.check_result c "
                "JOIN core.dim_document d USING (document_id) "
                "WHERE d.source_name = '000_shenyang_2019_budget.pdf' "
                "AND c.outcome = 'source_inconsistency'"
            )
        ).all()
    pairs = {frozenset((str(f.expected), str(f.found))) for f in findings}
    # DOMAIN.md: 1,146.53 vs 1,146.54 and 952.88 vs 952.89 between tables of seed 000
    assert frozenset(("1146.530000", "1146.540000")) in pairs
    assert frozenset(("952.880000", "952.890000")) in pairs


@pytest.fixture(scope="module")
def garbled_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2023 unit budget rendered again with one figure of 表6 garbled (1,392.11 ->
    7,392.11): the kind of damage a bad export or a careless re-typing does."""
    from tools.samplegen import generate

    doc = "001_shenyang_center_2023_budget"
    root = tmp_path_factory.mktemp("garbled")
    shutil.copytree(SAMPLES / doc, root / doc)
    shutil.copytree(SAMPLES / "text", root / "text")
    table = root / doc / "tables" / "t06.yaml"
    printed = table.read_text(encoding="utf-8")
    assert '"1,392.11"' in printed
    table.write_text(printed.replace('"1,392.11"', '"7,392.11"'), encoding="utf-8")
    generate(root, root, doc)
    return root / f"{doc}.pdf"


def test_a_garbled_table_is_an_extraction_failure_and_checks_say_so(
    engine: Engine, db_url: str, garbled_pdf: Path
) -> None:
    ensure_schema(engine)
    assert ingest(engine, [garbled_pdf]).ok  # loaded: its other tables are fine
    with engine.connect() as conn:
        failures = conn.execute(
            text(
                "SELECT table_title, expected, found FROM ops.check_result "
                "WHERE outcome = 'extraction_failure'"
            )
        ).all()
    assert failures, "a 6,000 万元 hole in 表6 must not pass as rounding"
    assert {f.table_title for f in failures} == {"一般公共预算基本支出表"}

    env = {k: v for k, v in os.environ.items() if k != "WAREHOUSE_HOME"} | {"DATABASE_URL": db_url}
    result = subprocess.run(
        [sys.executable, "-m", "warehouse.cli.main", "checks", "--outcome", "extraction_failure"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "一般公共预算基本支出表" in result.stdout and "extraction_failure" in result.stdout
