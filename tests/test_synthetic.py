"""The synthetic corpus: deterministic, consistent with the oracle, and loadable."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from warehouse.config import SAMPLES_DIR
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest
from warehouse.synthetic.corpus import build_corpus, plan, render_document, write_transcription
from warehouse.synthetic.expected import expected_facts, read_folder
from warehouse.synthetic.perturb import scale_amount
from warehouse.synthetic.verify import accuracy


def test_plan_is_deterministic_and_prefix_stable() -> None:
    assert plan(12, seed=7) == plan(12, seed=7)
    assert plan(5, seed=7) == plan(12, seed=7)[:5]
    assert plan(12, seed=7) != plan(12, seed=8)


def test_scaling_keeps_the_printed_form() -> None:
    assert scale_amount("235,791.06", 3) == "707,373.18"
    assert scale_amount("11.97", 2) == "23.94"
    assert scale_amount("", 2) == ""
    assert scale_amount("-", 2) == "-"


def test_perturbed_facts_are_the_source_facts_moved_and_scaled(tmp_path: Path) -> None:
    variant = next(v for v in plan(8, seed=3) if v.scale > 1 and v.year_shift != 0)
    source = {f.grain: f.amount for f in expected_facts(*read_folder(SAMPLES_DIR / variant.source))}
    folder = write_transcription(variant, tmp_path / "src")
    first = write_transcription(variant, tmp_path / "again")
    assert (folder / "document.yaml").read_bytes() == (first / "document.yaml").read_bytes()
    moved = {f.grain: f.amount for f in expected_facts(*read_folder(folder))}
    assert len(moved) == len(source)
    shifted = {
        dataclasses.replace(g, fiscal_year=g.fiscal_year + variant.year_shift): a * variant.scale
        for g, a in source.items()
    }
    # unit names carry the new city; the rest of every grain and every amount is the source's
    rename = {g.unit: g.unit.replace(variant.city_from, variant.city_to) for g in shifted}
    assert {dataclasses.replace(g, unit=rename[g.unit]): a for g, a in shifted.items()} == moved
    assert all(isinstance(a, Decimal) for a in moved.values())


def test_a_rendered_synthetic_document_loads_with_its_expected_facts(
    engine: Engine, tmp_path: Path
) -> None:
    variant = plan(4, seed=11)[2]  # a final account
    doc = render_document(variant, tmp_path)
    ensure_schema(engine)
    report = ingest(engine, [doc.pdf])
    assert report.count("loaded") == 1
    document_id = report.outcomes[0].document_id
    assert document_id is not None
    from warehouse.synthetic.corpus import load_expected

    with engine.connect() as conn:
        got = accuracy(conn, document_id, load_expected(doc))
    assert got.expected == doc.facts > 0
    assert got.recall >= 0.9, got


def test_a_corpus_rendered_by_two_processes_equals_documents_rendered_alone(
    tmp_path: Path,
) -> None:
    """Parallel rendering: two variants of one sample (documents 0 and 4) perturb the same
    running text at once, and each must still get its own."""
    docs = build_corpus(tmp_path / "pooled", 5, seed=5, workers=2)
    assert [d.variant for d in docs] == plan(5, seed=5)
    assert docs[0].variant.source == docs[4].variant.source
    for doc in (docs[0], docs[4]):
        alone = render_document(doc.variant, tmp_path / "alone")
        assert alone.pdf.read_bytes() == doc.pdf.read_bytes()
        assert alone.expected.read_bytes() == doc.expected.read_bytes()
