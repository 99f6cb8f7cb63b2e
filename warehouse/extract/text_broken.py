"""Final-account 公开表 whose text extraction broke the cells into fragments (seed 002 style).

The print: a title line, a number line (公开 01 表), the unit line, a header broken into
fragments of a few characters over many lines, then one line per body row with the non-blank
cells separated by spaces. The header words pick the national layout (text_broken_layouts),
whose header rows are handed over as the PDF front end hands them over; the body lines are
cut into cells by what each token is (text_broken_rows, text_broken_groups). The notes below
the table (注：…) stay running text.
"""

from __future__ import annotations

import re

from warehouse.extract.model import RawTable
from warehouse.extract.text_broken_groups import GroupPlacer
from warehouse.extract.text_broken_kpi import read_self_evaluation
from warehouse.extract.text_broken_layouts import Layout, choose_layout
from warehouse.extract.text_broken_rows import (
    BodyRow,
    coded_cells,
    is_amount,
    place_coded,
    place_left,
    split_coded,
    split_label,
    split_two_sided,
)
from warehouse.extract.titles_context import (
    is_table_number,
    is_unit_line,
    is_year_line,
    normalize_table_number,
)

_TITLE = re.compile(r"^\S.{1,40}(决算|预算)(总|明细)?表$")
_NOTE = re.compile(r"^(注|备注|说明)\s*[:：]")
_COLUMN_NUMBERS = re.compile(r"^栏\s*次")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_BODY_START = re.compile(r"^(\d{3}(\d{2}){0,2}\s|合\s*计|总\s*计|[一二三四五六七八九十]+、|\d+、)")
_LOOKAHEAD = 60
_SELF_EVALUATION = re.compile(r"^\S.{0,30}绩效自评表$")


def _nonblank(lines: list[str], start: int, limit: int) -> list[int]:
    found: list[int] = []
    for i in range(start, min(len(lines), start + limit)):
        if lines[i].strip():
            found.append(i)
    return found


def _is_title(text: str) -> bool:
    return bool(_TITLE.match(text)) and "。" not in text and "，" not in text


def _header_end(lines: list[str], start: int) -> int:
    """Index of the first body line: after the 栏次 line when one is printed before the first
    amount, else the first line that reads as a body row (a code, a 合计, an enumerated label
    or an amount). A header cell such as 合计 may come before the 栏次 line."""
    first_body: int | None = None
    for i in range(start, min(len(lines), start + _LOOKAHEAD)):
        text = lines[i].strip()
        if _COLUMN_NUMBERS.match(text):
            return i + 1
        if not text:
            continue
        has_amount = any(is_amount(t) for t in text.split())
        if first_body is None and (_BODY_START.match(text + " ") or has_amount):
            first_body = i
        if has_amount or re.match(r"^\d{3}(\d{2}){0,2}\s", text):
            break
    return first_body if first_body is not None else start


def _region_end(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        text = lines[i].strip()
        if not text:
            continue
        if "\t" in lines[i] or _NOTE.match(text) or _PART_HEADING.match(text):
            return i
        if _is_title(text) and any(
            is_table_number(lines[j].strip()) for j in _nonblank(lines, i + 1, 3)[:1]
        ):
            return i
    return len(lines)


def _header_text(lines: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(lines))


def _locate(lines: list[str], index: int) -> tuple[int, int | None, int, Layout] | None:
    """(number line, unit line, first body line, layout) of a broken table titled at index."""
    text = lines[index].strip()
    if "\t" in lines[index] or not _is_title(text):
        return None
    after = _nonblank(lines, index + 1, 6)
    if not after or not is_table_number(lines[after[0]].strip()):
        return None
    number = after[0]
    unit = next((i for i in after[1:3] if is_unit_line(lines[i])), None)
    head = (unit if unit is not None else number) + 1
    body = _header_end(lines, head)
    if body <= head or any("\t" in ln for ln in lines[head:body]):
        return None
    layout = choose_layout(_header_text(lines[head:body]))
    if layout is None:
        return None
    return number, unit, body, layout


def _group_labels(layout: Layout) -> tuple[str, ...]:
    labels: list[str] = []
    top = layout.header[0]
    for g in range(layout.amounts):
        label = top[3 * g] if 3 * g < len(top) else ""
        labels.append(label or (labels[-1] if labels else ""))
    return tuple(labels)


def _body(lines: list[str], body: int, end: int, layout: Layout) -> list[list[str]]:
    texts = [(i, lines[i].strip()) for i in range(body, end) if lines[i].strip()]
    if layout.shape == "two_sided":
        return [split_two_sided(t, layout.amounts) for _, t in texts]
    if layout.shape == "groups":
        placer = GroupPlacer(layout.amounts)
        labels = _group_labels(layout)
        return [placer.cells(t, labels) for _, t in texts]
    if layout.shape == "label":
        rows = []
        for _, t in texts:
            lead, amounts = split_label(t)
            rows.append([*lead, *place_left(amounts, layout.amounts)])
        return rows
    coded = [BodyRow(i + 1, *split_coded(t)) for i, t in texts]
    place_coded(coded, layout)
    return [coded_cells(r, layout) for r in coded]


def read_broken_table(
    lines: list[str], index: int, table_index: int
) -> tuple[RawTable, int] | None:
    """The table titled at lines[index] and the index one past its region (its notes and
    whatever follows stay running text); None when no broken table starts there."""
    located = _locate(lines, index)
    if located is None:
        return _self_evaluation_title(lines, index, table_index)
    number, unit, body, layout = located
    end = _region_end(lines, body)
    header = [list(row) for row in layout.header]
    table = RawTable(
        index=table_index,
        rows=[*header, *_body(lines, body, end, layout)],
        title=lines[index].strip(),
        number=normalize_table_number(lines[number]),
        unit_line=lines[unit].strip() if unit is not None else None,
        line_first=index + 1,
        line_last=end,
    )
    return table, end


def _self_evaluation_title(
    lines: list[str], index: int, table_index: int
) -> tuple[RawTable, int] | None:
    """A 绩效自评表 title over a (年度) line whose cells are broken in the same way: its
    indicator grid is rebuilt by text_broken_kpi; when that reads nothing the table is handed
    over without rows (the KPI parser then records 'no performance indicator recognized')
    and its lines stay running text."""
    text = lines[index].strip()
    if "\t" in lines[index] or not _SELF_EVALUATION.match(text):
        return None
    after = _nonblank(lines, index + 1, 3)
    if not after or not is_year_line(lines[after[0]]):
        return None
    rebuilt = read_self_evaluation(lines, index, after[0], table_index)  # text_broken_kpi
    if rebuilt is not None:
        return rebuilt
    table = RawTable(
        index=table_index,
        rows=[],
        title=text,
        context_lines=[lines[after[0]].strip()],
        line_first=index + 1,
        line_last=index + 1,
    )
    return table, index + 1
