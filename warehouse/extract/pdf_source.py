"""PDF front end (pdfplumber): ruled tables, their titles, and the running text.

Settings, and why:
- Tables are found by ruling lines (`lines` strategy): disclosure tables are exported from
  Excel/WPS with cell borders, and lines give exact cell boundaries even for wrapped cells
  and merged header cells (which come back as None, i.e. '' here).
- snap/join tolerance 3pt: Excel exports draw borders as separate segments a point apart.
- Tables with rules under the header only (no vertical lines) fall back to column
  boundaries inferred from the words' x-positions (see `_whitespace_table`).
- Text lines are grouped with y_tolerance 3pt: CJK glyphs of one line share a baseline, and a
  larger tolerance merges wrapped cell text of adjacent rows.
- Running headers/footers (page numbers, 第 N 页) are dropped from the running text.
- A table at the top of a page with no title above it continues the previous page's table;
  a repeated header is dropped from the continuation.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.model import ExtractedDocument, RawTable, TextLine
from warehouse.extract.titles_context import (
    is_table_number,
    is_unit_line,
    is_year_line,
    normalize_table_number,
)

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "text_x_tolerance": 1.5,
    "text_y_tolerance": 3,
}
_FOOTER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d{1,4}\s*[-—–]?)$"
)
_MARGIN_PT = 40  # running headers/footers live in the outer 40pt of a page
_TITLE_LOOKBACK = 6


@dataclass
class _PageTable:
    page: int
    top: float
    bottom: float
    rows: list[list[str]]
    lines_above: list[str]


def _cell(text: str | None) -> str:
    return (text or "").replace("\u3000", " ").strip()


def _text_lines(page: Any, exclude: list[tuple[float, float, float, float]]) -> list[Any]:
    """Running-text lines of a page, outside the given table boxes."""
    lines = []
    for line in page.extract_text_lines(layout=False, strip=True, return_chars=False):
        mid_y = (line["top"] + line["bottom"]) / 2
        mid_x = (line["x0"] + line["x1"]) / 2
        inside = any(
            x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in exclude
        )
        if not inside:
            lines.append(line)
    return lines


def _is_margin_noise(line: Any, page_height: float) -> bool:
    text = line["text"].strip()
    in_margin = line["top"] < _MARGIN_PT or line["bottom"] > page_height - _MARGIN_PT
    return bool(_FOOTER.match(text)) and (in_margin or len(text) <= 8)


def _title_context(lines: list[str]) -> tuple[str | None, str | None, str | None, list[str]]:
    title = number = unit_line = None
    context: list[str] = []
    for text in reversed(lines[-_TITLE_LOOKBACK:]):
        if is_table_number(text):
            number = number or normalize_table_number(text)
        elif is_unit_line(text):
            unit_line = unit_line or text
            # '单位: 医保局 ... 单位: 万元' lines carry context too
            if re.sub(r"单位\s*[:：]\s*(万元|元|千元)", "", text).strip():
                context.append(text)
        elif is_year_line(text):
            context.append(text)
        elif title is None:
            title = text
            break
        else:
            context.append(text)
    return title, number, unit_line, list(reversed(context))


def _same_header(a: list[list[str]], b: list[list[str]], n: int) -> bool:
    return len(a) >= n and len(b) >= n and all(a[i] == b[i] for i in range(n))


def _header_rows(rows: list[list[str]]) -> int:
    from warehouse.parse.header import split_header  # header knowledge lives in parse/

    return split_header(rows)


def read_pdf_document(data: bytes, source_name: str, sha256: str) -> ExtractedDocument:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentRejected("extract", "encrypted PDF: a password is needed") from exc
    except (PDFSyntaxError, PSException) as exc:
        raise DocumentRejected("extract", f"damaged PDF: {exc}") from exc
    except Exception as exc:  # pdfminer raises plain exceptions for broken files
        raise DocumentRejected("extract", f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    with pdf:
        try:
            return _read(pdf, source_name, sha256)
        except DocumentRejected:
            raise
        except (PDFSyntaxError, PSException) as exc:
            raise DocumentRejected("extract", f"damaged PDF: {exc}") from exc


def _read(pdf: Any, source_name: str, sha256: str) -> ExtractedDocument:
    text_lines: list[TextLine] = []
    page_tables: list[_PageTable] = []
    chars_seen = 0
    for page_no, page in enumerate(pdf.pages, start=1):
        chars_seen += len(page.chars)
        found = page.find_tables(table_settings=TABLE_SETTINGS)
        boxes = [t.bbox for t in found]
        lines = [
            line for line in _text_lines(page, boxes) if not _is_margin_noise(line, page.height)
        ]
        for line in lines:
            text_lines.append(TextLine(text=line["text"].strip(), page=page_no, line_no=None))
        for table in sorted(found, key=lambda t: t.bbox[1]):
            rows = [[_cell(c) for c in row] for row in table.extract()]
            above = [line["text"].strip() for line in lines if line["bottom"] <= table.bbox[1] + 1]
            page_tables.append(
                _PageTable(
                    page=page_no,
                    top=table.bbox[1],
                    bottom=table.bbox[3],
                    rows=rows,
                    lines_above=above,
                )
            )
        page.flush_cache()
    if chars_seen == 0:
        raise DocumentRejected("extract", "no text layer; OCR is not enabled")
    tables = _assemble(page_tables)
    return ExtractedDocument(
        source_name=source_name,
        sha256=sha256,
        source_format="pdf",
        page_count=len(pdf.pages),
        lines=text_lines,
        tables=tables,
    )


def _assemble(page_tables: list[_PageTable]) -> list[RawTable]:
    """Page tables to document tables: continuations across pages are joined."""
    tables: list[RawTable] = []
    consumed_lines: dict[int, int] = {}  # page -> lines above already used as titles
    for pt in page_tables:
        used = consumed_lines.get(pt.page, 0)
        fresh_lines = pt.lines_above[used:]
        consumed_lines[pt.page] = len(pt.lines_above)
        previous = tables[-1] if tables else None
        continues = (
            previous is not None
            and not fresh_lines
            and previous.page_last is not None
            and pt.page == previous.page_last + 1
            and len(pt.rows[0]) == len(previous.rows[0])
        )
        if continues and previous is not None:
            n_header = _header_rows(previous.rows)
            rows = pt.rows
            if n_header and _same_header(previous.rows, rows, n_header):
                rows = rows[n_header:]
            previous.rows.extend(rows)
            previous.page_last = pt.page
            continue
        title, number, unit_line, context = _title_context(fresh_lines)
        tables.append(
            RawTable(
                index=len(tables),
                rows=pt.rows,
                title=title,
                number=number,
                unit_line=unit_line,
                context_lines=context,
                page_first=pt.page,
                page_last=pt.page,
            )
        )
    return tables
