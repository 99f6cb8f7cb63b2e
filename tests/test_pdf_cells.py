"""Ruled tables' cells read through the page's character index equal pdfplumber's own reading.

`warehouse.extract.pdf_cells` replaces `Table.extract()` for speed; these tests hold it to
the same text, cell by cell, on every ruled table of every sample PDF (two fonts, portrait and
landscape, wrapped and merged cells) and of the LibreOffice-made PDF.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from warehouse.extract.pdf_cells import CharIndex, cell_texts
from warehouse.extract.pdf_source import TABLE_SETTINGS, read_pdf_document

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(
    [
        *(ROOT / "data" / "samples").glob("*.pdf"),
        *(ROOT / "data" / "invented").glob("*.pdf"),
        ROOT / "tests" / "fixtures" / "libreoffice" / "budget.pdf",
    ]
)


@pytest.mark.parametrize("pdf_path", PDFS, ids=[p.stem for p in PDFS])
def test_cells_read_as_pdfplumber_reads_them(pdf_path: Path) -> None:
    tables = cells = 0
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            found = page.find_tables(table_settings=TABLE_SETTINGS)
            index = CharIndex(page.chars)
            for table in found:
                expected = table.extract()
                assert cell_texts(table, index) == expected, f"page {page.page_number}"
                tables += 1
                cells += sum(len(row) for row in expected)
            page.flush_cache()
    if pdf_path.stem.startswith("003"):  # the narrative-only final account has no tables
        assert tables == 0
    else:
        assert tables > 0 and cells >= 40


def test_text_outside_grids_keeps_characters_printed_across_a_border() -> None:
    """A character reaching into a table (a '。' overflowing a KPI cell) sits on a table row:
    it never becomes a line of running text of its own."""
    pdf = ROOT / "data" / "samples" / "002_shenyang_2024_final.pdf"
    extracted = read_pdf_document(pdf.read_bytes(), pdf.name, "test")
    lone = [ln for ln in extracted.lines if ln.text in {"。", "、", "，"}]
    assert lone == []
    cells = "".join(cell for t in extracted.tables for row in t.rows for cell in row)
    assert "。" in cells and "、" in cells
