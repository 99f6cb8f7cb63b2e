"""The PDF front end against the transcription: every printed table comes out as one RawTable
with its title, number, unit line, pages and (grid tables) its header and body rows.

Also a PDF produced by LibreOffice Calc (tests/fixtures/make_libreoffice_pdf.py), so the
extractor is not only tested on our own generator's look.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import make_libreoffice_pdf as lo
from tests.oracle import DOCS, SAMPLES, layout, tables
from warehouse.extract.model import ExtractedDocument, RawTable
from warehouse.extract.source import extract_document

LIBREOFFICE_PDF = Path(__file__).resolve().parent / "fixtures" / "libreoffice" / "budget.pdf"
# known gaps, marked strict (a fixed gap fails until it is unmarked)
ROWS_KNOWN_GAPS = {
    ("000_shenyang_2019_budget", "t08"),  # header repeated on a continuation page
}
TITLE_KNOWN_GAPS = {
    ("002_shenyang_2024_final", "t01"),  # last page of the block table starts a new table
    ("004_nanchong_2020_budget", "t12"),  # open table over a page break: title not found
}


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@functools.cache
def extracted(doc: str) -> ExtractedDocument:
    return extract_document(SAMPLES / f"{doc}.pdf")


def expand_header(header: list[list[Any]]) -> list[list[str]]:
    """HTML-style spans to a grid: the label in the top-left cell, '' in the cells it covers."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(header):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            if isinstance(cell, dict):
                label = str(cell.get("text", ""))
                colspan, rowspan = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            else:
                label, colspan, rowspan = str(cell), 1, 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = label if dr == dc == 0 else ""
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(header))]


def expected_rows(table: dict[str, Any]) -> list[list[str]]:
    rows = expand_header(table.get("header") or [])
    for row in table.get("rows") or []:
        cells = row["cells"] if isinstance(row, dict) else row
        rows.append([str(c) for c in cells])
    return [[squash(c) for c in row] for row in rows]


def cases() -> list[tuple[str, str]]:
    return [(doc, file_id) for doc in DOCS for file_id, _ in tables(doc)]


def matching(doc: str, file_id: str) -> tuple[dict[str, Any], RawTable | None, int]:
    """The transcribed table and the extracted table with the same title, by printed order."""
    transcribed = dict(tables(doc))
    table = transcribed[file_id]
    same = [f for f, t in tables(doc) if squash(t["title"]) == squash(table["title"])]
    found = [t for t in extracted(doc).tables if squash(t.title) == squash(table["title"])]
    k = same.index(file_id)
    return table, (found[k] if k < len(found) else None), len(found) - len(same)


def marked(
    gaps: set[tuple[str, str]], name: str, skip: frozenset[tuple[str, str]] = frozenset()
) -> list[Any]:
    """The cases (less `skip`), known gaps marked strict: a fixed gap fails until unmarked."""
    mark = pytest.mark.xfail(strict=True, reason=f"known gap, see {name}")
    return [pytest.param(*c, marks=mark) if c in gaps else c for c in cases() if c not in skip]


@pytest.mark.parametrize(("doc", "file_id"), marked(TITLE_KNOWN_GAPS, "TITLE_KNOWN_GAPS"))
def test_table_title_number_unit_and_pages(doc: str, file_id: str) -> None:
    table, raw, surplus = matching(doc, file_id)
    assert raw is not None, f"no table titled {table['title']}"
    assert surplus == 0, "the table is split into several RawTables"
    assert squash(raw.number) == squash(table.get("number"))
    assert squash(raw.unit_line) == squash(table.get("unit_line"))
    pages = layout(doc)["tables"][file_id]["pages"]
    assert (raw.page_first, raw.page_last) == (pages[0], pages[-1])


@pytest.mark.parametrize(
    ("doc", "file_id"),
    marked(ROWS_KNOWN_GAPS, "ROWS_KNOWN_GAPS", frozenset(TITLE_KNOWN_GAPS)),
)
def test_grid_table_rows_equal_the_transcription(doc: str, file_id: str) -> None:
    table, raw, _ = matching(doc, file_id)
    if "blocks" in table:
        pytest.skip("绩效目标 blocks: their rows are the KPI parser's to read")
    assert raw is not None
    assert [[squash(c) for c in row] for row in raw.rows] == expected_rows(table)


def test_running_headers_and_year_lines_never_become_titles() -> None:
    for doc in DOCS:
        titles = [t.title or "" for t in extracted(doc).tables]
        assert not [
            t for t in titles if re.search(r"部门决算$|部门预算$|^[(（]?\d{4}\s*年度?[)）]?$", t)
        ]


def test_libreoffice_pdf_gives_the_printed_rows() -> None:
    doc = extract_document(LIBREOFFICE_PDF)
    assert len(doc.tables) == 1
    raw = doc.tables[0]
    assert (raw.title, raw.number, raw.unit_line) == (lo.TITLE, lo.NUMBER, lo.UNIT_LINE)
    assert raw.rows == lo.HEADER + lo.BODY
    assert lo.DOC_TITLE in [line.text for line in doc.lines]
