"""Plain-text front end: disclosures as text extracted from PDFs by other tools.

Two table layouts are recognized, whichever the extracting tool produced:
- one table row per line, cells separated by tabs (text_rows: context lines, tables that
  continue on the next page under a repeated header);
- one cell per line under a table number line (text_blocks / text_grid rebuild the grid).
Tables are numbered, and untitled ones named, from the document's list of tables
(text_attachments). Cell text is kept as printed; garbled numbers are repaired in
parse/numbers. Every line that is not placed in a table stays a TextLine with its line number.
"""

from __future__ import annotations

from warehouse.extract.model import ExtractedDocument, RawTable, TextLine
from warehouse.extract.text_attachments import join_halves, listed_tables, name_tables
from warehouse.extract.text_blocks import read_cell_table, region_end, starts_cell_table
from warehouse.extract.text_broken import read_broken_table
from warehouse.extract.text_kpi_groups import regroup_paired_kpis
from warehouse.extract.text_rows import RowTableBuilder, is_row


def read_text_document(data: bytes, source_name: str, sha256: str) -> ExtractedDocument:
    raw_lines = data.decode("utf-8-sig").splitlines()
    lines: list[TextLine] = []
    tables: list[RawTable] = []
    builder = RowTableBuilder(tables)
    i = 0
    while i < len(raw_lines):
        line = raw_lines[i]
        broken = read_broken_table(raw_lines, i, len(tables))  # text_broken.py owns this layout
        if broken is not None:
            builder.close()
            tables.append(broken[0])
            i = broken[1]
            continue
        if starts_cell_table(raw_lines, i):
            builder.close()
            end = region_end(raw_lines, i)
            tables.append(read_cell_table(raw_lines, i, end, len(tables)))
            i = end
            continue
        if is_row(line) or (builder.open and "\t" in line and line.strip(" \t\u3000")):
            builder.add(line, i + 1)
            i += 1
            continue
        if line.strip():
            builder.close()
            builder.preceding.append(line)
            lines.append(TextLine(text=line.strip(), page=None, line_no=i + 1))
        i += 1
    builder.close()
    tables = join_halves(tables)
    name_tables(tables, listed_tables(raw_lines))
    regroup_paired_kpis(tables, raw_lines)  # Sichuan 绩效目标 row groups (text_kpi_groups)
    return ExtractedDocument(
        source_name=source_name,
        sha256=sha256,
        source_format="text",
        page_count=None,
        lines=lines,
        tables=tables,
    )
