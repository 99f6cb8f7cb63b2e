"""PDF front end (pdfplumber): ruled tables, open tables, their titles, and the running text.

Settings, and why:
- Grid tables are found by ruling lines (`lines` strategy): disclosure tables are exported
  from Excel/WPS with cell borders, and lines give exact cell boundaries even for wrapped
  cells and merged header cells (which come back as None, i.e. '' here).
- snap/join tolerance 3pt: Excel exports draw borders as separate segments a point apart.
- Open tables (rules above/below the header and at the bottom, no vertical lines) are
  rebuilt from the rules and the words' x-positions (`pdf_open_tables`).
- A grid cell's text is its characters by centre, read as pdfplumber's `Table.extract()`
  reads them (x/y tolerance 3) but through a per-page character index (`pdf_cells`), except
  that a full-width closing mark hanging past a cell's right border stays in its cell.
- Words (x tolerance 1.5: CJK glyphs sit close) are read once per page from the characters
  outside the grids and grouped into lines and chunks (`pdf_lines`); running headers/footers
  are recognized by repetition in the margins and never become titles.
- Titles, numbers and unit lines come from the lines above a table; a table without lines
  of its own above it continues the previous one (`pdf_assemble`).
"""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.text import extract_words

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.model import ExtractedDocument, TextLine
from warehouse.extract.pdf_assemble import PageTable, assemble, is_title_text
from warehouse.extract.pdf_cells import CharIndex, cell_texts
from warehouse.extract.pdf_glyphs import repair_glyph_boxes, without_overprint
from warehouse.extract.pdf_lines import PageLine, mark_furniture, page_lines
from warehouse.extract.pdf_open_tables import find_open_tables, horizontal_rules
from warehouse.extract.spilled_text import return_spilled_text

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
Box = tuple[float, float, float, float]


def _cell(text: str | None) -> str:
    return (text or "").replace("\u3000", " ").strip()


def _rejection(exc: BaseException) -> DocumentRejected:
    """Name what is wrong with a PDF pdfminer cannot open (it wraps the real error).

    Running out of memory is not the PDF's fault: it goes up as MemoryError, for the worker
    to report against its memory limit."""
    if _out_of_memory(exc):
        raise MemoryError(str(exc)) from exc
    causes: list[BaseException] = [exc]
    for candidate in (*exc.args, exc.__cause__, exc.__context__):
        if isinstance(candidate, BaseException):
            causes.append(candidate)
    if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
        return DocumentRejected("extract", "encrypted PDF: a password is needed to read it")
    root = causes[-1]
    message = str(root) or type(root).__name__
    if any(isinstance(c, (PDFSyntaxError, PSException)) for c in causes):
        return DocumentRejected("extract", f"damaged PDF (truncated or corrupt): {message}")
    return DocumentRejected("extract", f"unreadable PDF: {type(root).__name__}: {message}")


def read_pdf_document(data: bytes, source_name: str, sha256: str) -> ExtractedDocument:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        raise _rejection(exc) from exc
    with pdf:
        try:
            return _read(pdf, source_name, sha256)
        except DocumentRejected:
            raise
        except Exception as exc:  # a page that pdfminer cannot parse
            raise _rejection(exc) from exc


def _out_of_memory(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or any(
        isinstance(c, MemoryError) for c in (*exc.args, exc.__cause__, exc.__context__)
    )


def _inside(line: PageLine, boxes: list[Box]) -> bool:
    mid_y = (line.top + line.bottom) / 2
    mid_x = (line.x0 + line.x1) / 2
    return any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)


def _page_tables(page: Any, page_no: int) -> tuple[list[PageLine], list[tuple[Box, PageTable]]]:
    """Lines and tables of one page (tables still without their lines above).

    A grid table's characters are read once, as its cells; the page's words (running text,
    titles, open tables) are made of the characters outside the grid tables only."""
    page = without_overprint(page)
    chars = page.chars
    repair_glyph_boxes(chars, float(page.height))
    index = CharIndex(chars, hanging=True)
    found: list[tuple[Box, PageTable]] = []
    in_grids: set[int] = set()
    for table in page.find_tables(table_settings=TABLE_SETTINGS):
        rows = return_spilled_text([[_cell(c) for c in row] for row in cell_texts(table, index)])
        found.append((table.bbox, PageTable(page_no, table.bbox[1], table.bbox[3], rows, [], None)))
        in_grids.update(index.touching(table.bbox))
    outside = [c for i, c in enumerate(chars) if i not in in_grids] if in_grids else chars
    words = extract_words(outside, x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
    words = [w for w in words if w["text"].strip()]
    grid_boxes = [box for box, _ in found]
    rules = horizontal_rules(page, grid_boxes, words)
    if len(rules) >= 2:
        free = [w for w in words if not _inside_box(w, grid_boxes)]
        limit = float(page.height) * 0.92
        for ot in find_open_tables(page, rules, free, is_title_text, limit):
            box = (ot.x0, ot.top, ot.x1, ot.bottom)
            found.append((box, PageTable(page_no, ot.top, ot.bottom, ot.rows, [], ot.header_rows)))
    lines = page_lines(words, page_no)
    return lines, sorted(found, key=lambda item: item[1].top)


def _inside_box(w: dict[str, Any], boxes: list[Box]) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _read(pdf: Any, source_name: str, sha256: str) -> ExtractedDocument:
    chars_seen = 0
    pages: list[tuple[float, list[PageLine]]] = []
    per_page: list[tuple[list[PageLine], list[tuple[Box, PageTable]]]] = []
    for page_no, page in enumerate(pdf.pages, start=1):
        chars_seen += len(page.chars)
        lines, found = _page_tables(page, page_no)
        per_page.append((lines, found))
        pages.append((float(page.height), lines))
        page.flush_cache()
    if chars_seen == 0:
        raise DocumentRejected("extract", "no text layer; OCR is not enabled")
    mark_furniture(pages)
    text_lines: list[TextLine] = []
    page_tables: list[PageTable] = []
    for lines, found in per_page:
        boxes = [box for box, _ in found]
        outside = [ln for ln in lines if not _inside(ln, boxes)]
        text_lines += [
            TextLine(text=ln.text.strip(), page=ln.page, line_no=None)
            for ln in outside
            if not ln.furniture
        ]
        used_until = -1.0
        for box, pt in found:
            pt.lines_above = [
                ln for ln in outside if used_until < ln.top and ln.bottom <= box[1] + 1
            ]
            used_until = box[3]
            page_tables.append(pt)
    return ExtractedDocument(
        source_name=source_name,
        sha256=sha256,
        source_format="pdf",
        page_count=len(pdf.pages),
        lines=text_lines,
        tables=assemble(page_tables),
    )
