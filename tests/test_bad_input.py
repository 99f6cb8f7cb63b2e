"""Bad input never crashes a run: each bad file gets one ops.quarantine row with its stage
and a reason a person understands, and the good sample in the same run still loads.

Fixtures: tests/fixtures/bad/, written by tests/fixtures/make_bad_inputs.py.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import IngestReport, ingest

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
GOOD = SAMPLES / "001_shenyang_center_2023_budget.pdf"
GOOD_NAME = "沈阳 医保中心 2023年 单位预算 (副本).pdf"  # spaces, Chinese, brackets
EXPECTED = {  # file -> (stage, words the reason must contain)
    "empty.pdf": ("extract", "empty"),
    "truncated.pdf": ("extract", "damaged"),
    "encrypted.pdf": ("extract", "password"),
    "scanned.pdf": ("extract", "no text layer; OCR is not enabled"),
    "not_a_pdf.pdf": ("extract", "not a PDF"),
    "other_genre.pdf": ("extract", "no budget/final-account content found"),
}


@pytest.fixture(scope="module")
def run(module_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> IngestReport:
    folder = tmp_path_factory.mktemp("inbox")
    for path in sorted(BAD.glob("*.pdf")):
        shutil.copy(path, folder / path.name)
    shutil.copy(GOOD, folder / GOOD_NAME)
    ensure_schema(module_engine)
    return ingest(module_engine, [folder])


def _quarantine(engine: Engine) -> dict[str, tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT source_name, stage, reason FROM ops.quarantine")).all()
    return {str(r.source_name): (str(r.stage), str(r.reason)) for r in rows}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_quarantined_with_stage_and_reason(
    run: IngestReport, module_engine: Engine, name: str
) -> None:
    stage, words = EXPECTED[name]
    quarantined = _quarantine(module_engine)
    assert name in quarantined, f"{name} not quarantined: {quarantined}"
    assert quarantined[name][0] == stage
    assert words in quarantined[name][1]


def test_one_quarantine_row_per_bad_file(run: IngestReport, module_engine: Engine) -> None:
    with module_engine.connect() as conn:
        names = conn.execute(text("SELECT source_name FROM ops.quarantine")).scalars().all()
    assert len(names) == len(set(names))
    assert set(EXPECTED) <= set(names)
    assert GOOD_NAME not in names


def test_broken_xref_loads_or_fails_cleanly(run: IngestReport, module_engine: Engine) -> None:
    """pdfminer may rebuild a broken xref; then the file is read like any other."""
    outcome = next(o for o in run.outcomes if o.path.name == "broken_xref.pdf")
    assert outcome.outcome in ("loaded", "quarantined")
    if outcome.outcome == "quarantined":
        stage, reason = _quarantine(module_engine)["broken_xref.pdf"]
        assert stage in ("extract", "genre", "metadata", "parse")
        assert "Error" not in reason.split(":")[0]  # a stated reason, not a stray exception


def test_good_sample_with_spaces_and_chinese_in_its_name_still_loads(
    run: IngestReport, module_engine: Engine
) -> None:
    outcome = next(o for o in run.outcomes if o.path.name == GOOD_NAME)
    assert outcome.outcome == "loaded", outcome.reason
    with module_engine.connect() as conn:
        facts = conn.execute(
            text("SELECT count(*) FROM core.fact_expenditure WHERE document_id = :d"),
            {"d": outcome.document_id},
        ).scalar_one()
    assert facts > 0
    assert run.count("quarantined") >= len(EXPECTED)


def test_a_520_page_document_loads_with_its_table_on_the_right_pages(
    engine: Engine, tmp_path: Path
) -> None:
    from tests.fixtures.huge_pdf import PAGES, ROWS, make_huge_pdf

    ensure_schema(engine)
    pdf = make_huge_pdf(tmp_path / "示例 长文档 2024.pdf")
    report = ingest(engine, [pdf])
    assert [o.outcome for o in report.outcomes] == ["loaded"], report.outcomes[0].reason
    with engine.connect() as conn:
        pages = conn.execute(text("SELECT page_count FROM core.dim_document")).scalar_one()
        facts = conn.execute(
            text(
                "SELECT function_code, amount, source_page FROM core.fact_expenditure "
                "WHERE expense_type = 'total' AND fund_source = 'all'"
            )
        ).all()
    assert pages == PAGES
    printed = {code or None: Decimal(total.replace(",", "")) for code, _, total, *_ in ROWS}
    assert {f.function_code: f.amount for f in facts} == printed
    assert {f.source_page for f in facts} == {PAGES - 1}  # a table spanning pages: its first


def test_the_same_document_twice_in_one_run_is_loaded_once(engine: Engine, tmp_path: Path) -> None:
    ensure_schema(engine)
    original = SAMPLES / "003_panjin_2020_final.pdf"
    copy = tmp_path / "盘锦 决算 副本.pdf"
    shutil.copy(original, copy)
    report = ingest(engine, [original, copy])
    assert [o.outcome for o in report.outcomes] == ["loaded", "skipped"]
    assert report.outcomes[1].reason == "same content twice in run"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM core.dim_document")).scalar_one() == 1
