"""Plain-text front end: disclosures as text extracted from PDFs by other tools.

Handles tab-separated rows (one table row per line) with tables broken by blank lines at page
boundaries. Cell text is kept as printed; garbled numbers are repaired in parse/numbers.
"""

from __future__ import annotations

import re

from warehouse.extract.model import ExtractedDocument, RawTable, TextLine
from warehouse.extract.titles_context import (
    is_table_number,
    is_unit_line,
    is_year_line,
    normalize_table_number,
)

_RULE_ROW = re.compile(r"^[\s\-|:]+$")
_MAX_TITLE_LOOKBACK = 6


def _is_row(line: str) -> bool:
    if "\t" not in line:
        return False
    return any(cell.strip() for cell in line.split("\t"))


def _cells(line: str) -> list[str]:
    return [cell.strip().replace("\u3000", " ").strip() for cell in line.rstrip("\n").split("\t")]


def _title_context(preceding: list[str]) -> tuple[str | None, str | None, str | None, list[str]]:
    """Title, number and unit line among the short lines printed just above a table."""
    title: str | None = None
    number: str | None = None
    unit_line: str | None = None
    context: list[str] = []
    for line in reversed(preceding[-_MAX_TITLE_LOOKBACK:]):
        text = line.strip()
        if not text:
            continue
        if is_table_number(text):
            number = number or normalize_table_number(text)
        elif is_unit_line(text) and unit_line is None:
            unit_line = text
        elif is_year_line(text):
            context.append(text)
        elif title is None:
            title = text
            break
    return title, number, unit_line, list(reversed(context))


def read_text_document(data: bytes, source_name: str, sha256: str) -> ExtractedDocument:
    text = data.decode("utf-8-sig")
    raw_lines = text.splitlines()
    lines: list[TextLine] = []
    tables: list[RawTable] = []
    preceding: list[str] = []
    current: RawTable | None = None

    for line_no, line in enumerate(raw_lines, start=1):
        if _is_row(line):
            if _RULE_ROW.match(line.replace("\t", "")):
                continue
            if current is None:
                title, number, unit_line, context = _title_context(preceding)
                current = RawTable(
                    index=len(tables),
                    rows=[],
                    title=title,
                    number=number,
                    unit_line=unit_line,
                    context_lines=context,
                    line_first=line_no,
                )
                tables.append(current)
            current.rows.append(_cells(line))
            current.line_last = line_no
            continue
        if not line.strip():
            continue  # a blank line does not end a table: tables break across pages
        current = None
        preceding.append(line)
        lines.append(TextLine(text=line.strip(), page=None, line_no=line_no))

    return ExtractedDocument(
        source_name=source_name,
        sha256=sha256,
        source_format="text",
        page_count=None,
        lines=lines,
        tables=tables,
    )
