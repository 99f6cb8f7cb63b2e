"""Number and name tables from the list of tables (附件: 1.部门预算收支总表（表 1-1）).

Budget documents list their tables, with number and title, before printing them; the table
pages themselves often print no number, and in text extractions a table may come out under a
unit line or a header label instead of its title. Tables whose printed title matches a list
entry take its number. Between two matched tables, when as many tables as unused entries are
left, they are paired in order: each takes its entry's number, and its title too when what
stands above it is not a table title. Anything else is left as printed.

A wide table printed in two halves comes out as two tables with the same body rows, the
second under one of its header labels (上年结余安排), the first under another or under none:
the halves are joined side by side first.
A "table" under a long sentence is the previous table going on after a wrapped text cell.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from warehouse.extract.model import RawTable
from warehouse.extract.text_cells import cell_kind
from warehouse.extract.titles_context import normalize_table_number

_ENTRY = re.compile(
    r"^[\s\-•]*\d+\s*[.、．]\s*(?P<title>.+?)\s*[（(]\s*"
    r"(?P<number>表\s*\d+(?:\s*[-－—]\s*\d+)?)\s*[）)]\s*$"
)
_TITLE_WORDS = ("表", "预算", "决算", "绩效")
_MAX_TITLE = 50
_LIKENESS = 0.6  # printed title vs listed title (2020年市级…绩效目标 vs 市本级…绩效目标)


@dataclass(frozen=True)
class ListedTable:
    number: str
    title: str


def listed_tables(lines: list[str]) -> list[ListedTable]:
    """The 附件 entries, in the order the document lists them (first list only)."""
    out: list[ListedTable] = []
    for line in lines:
        match = _ENTRY.match(line)
        if match:
            number = normalize_table_number(match.group("number")).replace("－", "-")
            if any(e.number == number for e in out):
                break  # the list printed again further on
            out.append(ListedTable(number, match.group("title").strip()))
        elif out and line.strip():
            break
    return out


def _key(title: str | None) -> str:
    return re.sub(r"[\s()（）“”\"]", "", title or "")


def is_title_like(title: str | None) -> bool:
    return (
        bool(title)
        and len(title or "") <= _MAX_TITLE
        and any(w in (title or "") for w in _TITLE_WORDS)
    )


def _body(table: RawTable) -> list[list[str]]:
    return [r for r in table.rows if any(cell_kind(c) in ("amount", "code") for c in r)]


def _header(table: RawTable) -> list[list[str]]:
    first = next((i for i, r in enumerate(table.rows) if r in _body(table)), len(table.rows))
    return table.rows[:first]


def join_halves(tables: list[RawTable]) -> list[RawTable]:
    """A table under a header label, after another such with as many body rows: its right half.

    Only when neither half stands under a table title: a titled table is whole.
    """
    out: list[RawTable] = []
    for table in tables:
        prev = out[-1] if out else None
        if prev is not None and table.number is None and len(table.title or "") > _MAX_TITLE:
            # a wrapped cell of the previous table's last row, printed on a line of its own
            prev.rows.extend([[table.title or ""], *table.rows])
            prev.line_last = table.line_last
            continue
        if (
            prev is not None
            and table.number is None
            and not is_title_like(table.title)
            and not is_title_like(prev.title)
            and table.title
            and _body(table)
            and len(_body(table)) == len(_body(prev))
            and len(_header(table)) <= len(_header(prev))
        ):
            left_h, right_h = _header(prev), _header(table)
            right_w = max(len(r) for r in table.rows)
            pad = [[""] * right_w for _ in range(len(left_h) - len(right_h))]
            if pad:
                pad[0][0] = table.title
            else:
                left_h = [[""] * len(left_h[0]), *left_h]
                right_h = [[table.title] + [""] * (right_w - 1), *right_h]
            right_h = pad + right_h
            rows = [a + b for a, b in zip(left_h, right_h, strict=True)]
            rows += [a + b for a, b in zip(_body(prev), _body(table), strict=True)]
            prev.rows = rows
            prev.line_last = table.line_last
            prev.context_lines.append(table.title)
            continue
        out.append(table)
    for i, table in enumerate(out):
        table.index = i
    return out


def name_tables(tables: list[RawTable], listed: list[ListedTable]) -> None:
    """Numbers (and missing titles) from the list, for matched tables and gaps that pair up."""
    if not listed:
        return
    keys = [_key(e.title) for e in listed]
    matched: list[tuple[int, int]] = []  # (table index, entry index)
    for t, table in enumerate(tables):
        key = _key(table.title)
        start = matched[-1][1] + 1 if matched else 0
        entry = next((k for k in range(start, len(listed)) if keys[k] == key), None)
        if entry is not None:
            matched.append((t, entry))
            table.number = table.number or listed[entry].number
    bounds = [(-1, -1), *matched, (len(tables), len(listed))]
    for (t0, e0), (t1, e1) in itertools.pairwise(bounds):
        gap_tables = list(range(t0 + 1, t1))
        gap_entries = list(range(e0 + 1, e1))
        if not gap_tables:
            continue
        if len(gap_tables) != len(gap_entries):
            _pair_by_likeness(tables, gap_tables, listed, gap_entries)
            continue
        for t, e in zip(gap_tables, gap_entries, strict=True):
            table = tables[t]
            table.number = table.number or listed[e].number
            if not is_title_like(table.title):
                if table.title:
                    table.context_lines.insert(0, table.title)
                table.title = listed[e].title


def _pair_by_likeness(
    tables: list[RawTable], gap_tables: list[int], listed: list[ListedTable], gap_entries: list[int]
) -> None:
    """Titled tables of an uneven gap: the most alike listed title, in order, if alike enough."""
    start = 0
    for t in gap_tables:
        table = tables[t]
        if not is_title_like(table.title) or table.number:
            continue
        scored = [
            (SequenceMatcher(None, _key(table.title), _key(listed[e].title)).ratio(), k)
            for k, e in enumerate(gap_entries[start:], start)
        ]
        best = max(scored, default=(0.0, -1))
        if best[0] >= _LIKENESS:
            table.number = listed[gap_entries[best[1]]].number
            start = best[1] + 1
