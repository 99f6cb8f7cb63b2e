"""The generated sample PDFs keep every transcribed figure recoverable by pdfplumber.

The transcriptions (data/samples/<doc>/) are the oracle; the PDFs rendered from them by
tools.samplegen are the extractor's inputs. If a printed figure cannot be read back from the
pages that <doc>.layout.yaml names, the oracle and the input disagree and every downstream
test would be testing the generator instead of the extractor.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

from tools.samplegen import generate, load_document
from tools.samplegen.model import GridTable, KpiTable, Table

ROOT = Path(__file__).resolve().parents[1]
# SAMPLEGEN_SAMPLES points the tests at another transcriptions root (generator development).
SAMPLES = Path(os.environ.get("SAMPLEGEN_SAMPLES", ROOT / "data" / "samples"))
DOCS = (
    "000_shenyang_2019_budget",
    "001_shenyang_center_2023_budget",
    "002_shenyang_2024_final",
    "003_panjin_2020_final",
    "004_nanchong_2020_budget",
)
TOKEN = re.compile(r"\d[\d,，]*(?:\.\d+)?")  # 002 prints full-width thousands commas
FIGURE = re.compile(r"^[-+]?\d[\d,， ]*(?:\.[\d ]+)?%?$")
REGENERATE_HINT = "run: python -m tools.samplegen"


def norm_figure(text: str) -> str:
    """Figure without separators, sign or percent: what both sides are compared on."""
    return re.sub(r"[,，\s]", "", text).lstrip("+-").rstrip("%")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def require_doc(doc: str) -> Path:
    folder = SAMPLES / doc
    if not (folder / "document.yaml").is_file():
        pytest.skip(f"{doc}: not transcribed yet (no {doc}/document.yaml)")
    for suffix in (".pdf", ".layout.yaml"):
        if not (SAMPLES / f"{doc}{suffix}").is_file():
            pytest.fail(f"{doc}{suffix} missing: {REGENERATE_HINT}")
    return folder


@functools.cache
def page_texts(pdf_path: Path) -> tuple[str, ...]:
    with pdfplumber.open(pdf_path) as pdf:
        return tuple(page.extract_text() or "" for page in pdf.pages)


@functools.cache
def layout_of(doc: str) -> dict[str, Any]:
    data = yaml.safe_load((SAMPLES / f"{doc}.layout.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def expected_figures(table: Table) -> list[str]:
    """Amount cells of grid tables; figure-only values of KPI blocks."""
    if isinstance(table, GridTable):
        return table.amount_strings()
    assert isinstance(table, KpiTable)
    values: list[str] = []
    for block in table.blocks:
        values += [v for _, v in block.fields]
        values += [v for ind in block.indicators for k, v in ind.items() if k != "deadline"]
        values += [v for row in block.extra_rows for v in row]
    return [v for v in values if v and FIGURE.match(v)]


def table_pages(doc: str, table: Table) -> list[int]:
    entry = layout_of(doc)["tables"].get(table.file_id)
    assert entry, f"{doc}: {table.file_id} missing from layout.yaml: {REGENERATE_HINT}"
    pages = list(entry["pages"])
    assert pages, f"{doc}: {table.file_id} has no pages in layout.yaml"
    return pages


@pytest.mark.parametrize("doc", DOCS)
def test_every_figure_is_extractable(doc: str) -> None:
    folder = require_doc(doc)
    document = load_document(folder)
    texts = page_texts(SAMPLES / f"{doc}.pdf")
    problems: list[str] = []
    for table in document.tables:
        pages = table_pages(doc, table)
        text = "\n".join(texts[p - 1] for p in pages)
        found = Counter(norm_figure(t) for t in TOKEN.findall(text))
        wanted = Counter(norm_figure(v) for v in expected_figures(table))
        missing = wanted - found
        if missing:
            problems.append(f"{table.file_id} pages {pages}: missing {dict(missing)}")
    assert not problems, f"{doc}: " + "; ".join(problems)


def printed_strings(table: Table) -> list[str]:
    """Every string the table prints; KPI strings once each (merged cells print repeats once)."""
    out = [table.title, table.unit_line or "", *table.extra_lines]
    if isinstance(table, GridTable):
        out += [cell.text for row in table.header for cell in row]
        out += [cell for row in table.rows for cell in row]
        return out + list(table.notes)
    assert isinstance(table, KpiTable)
    distinct: set[str] = {table.year_line or ""}
    for block in table.blocks:
        distinct.add(block.project or "")
        distinct.update(x for pair in block.fields for x in pair)
        distinct.update(block.indicator_header)
        distinct.update(v for ind in block.indicators for v in ind.values())
        distinct.update(v for row in block.extra_rows for v in row)
    return out + sorted(distinct)


@pytest.mark.parametrize("doc", DOCS)
def test_every_character_is_extractable(doc: str) -> None:
    """No CID garbage, no dropped glyph: the pages hold every printed character."""
    folder = require_doc(doc)
    document = load_document(folder)
    texts = page_texts(SAMPLES / f"{doc}.pdf")
    problems: list[str] = []
    for table in document.tables:
        pages = table_pages(doc, table)
        found = Counter(squash("".join(texts[p - 1] for p in pages)))
        wanted = Counter(squash("".join(printed_strings(table))))
        missing = wanted - found
        if missing:
            problems.append(f"{table.file_id}: {''.join(sorted(missing.elements()))[:80]}")
    assert not problems, f"{doc}: characters not extracted: " + "; ".join(problems)


@pytest.mark.parametrize("doc", DOCS)
def test_titles_on_recorded_pages(doc: str) -> None:
    folder = require_doc(doc)
    document = load_document(folder)
    texts = page_texts(SAMPLES / f"{doc}.pdf")
    assert set(layout_of(doc)["tables"]) == {t.file_id for t in document.tables}, REGENERATE_HINT
    for table in document.tables:
        first = table_pages(doc, table)[0]
        assert squash(table.title) in squash(texts[first - 1]), (
            f"{doc}: {table.file_id} title {table.title!r} not on page {first}"
        )


@pytest.mark.parametrize("doc", DOCS)
def test_narrative_figures_are_printed(doc: str) -> None:
    folder = require_doc(doc)
    document = load_document(folder)
    found = Counter(
        norm_figure(t) for t in TOKEN.findall("\n".join(page_texts(SAMPLES / f"{doc}.pdf")))
    )
    missing: list[str] = []
    for item in document.narrative:
        for key in ("amount", "change_amount", "stated_rate", "share_pct", "change_pct"):
            value = item.values.get(key)
            if value is None or not str(value).strip():
                continue
            if key == "change_amount" and norm_figure(str(value)) == "0":
                continue  # 持平 prints no figure
            if norm_figure(str(value)) not in found:
                missing.append(f"{item.kind} {key}={value}")
    assert not missing, f"{doc}: narrative figures not in the PDF text: {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_regeneration_is_stable(doc: str, tmp_path: Path) -> None:
    require_doc(doc)
    assert generate(SAMPLES, tmp_path, doc) == [doc]
    fresh_layout = (tmp_path / f"{doc}.layout.yaml").read_text(encoding="utf-8")
    committed_layout = (SAMPLES / f"{doc}.layout.yaml").read_text(encoding="utf-8")
    assert fresh_layout == committed_layout, f"{doc}: stale layout.yaml, {REGENERATE_HINT}"
    committed = SAMPLES / f"{doc}.pdf"
    fresh = tmp_path / f"{doc}.pdf"
    if fresh.read_bytes() == committed.read_bytes():
        return  # identical bytes: identical text on every page
    assert page_texts(fresh) == page_texts(committed), f"{doc}: stale PDF, {REGENERATE_HINT}"
