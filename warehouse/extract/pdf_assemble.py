"""Page tables to document tables: titles from the printed lines above, continuations joined.

The lines above a table (after the previous table on the page, furniture dropped) are read
bottom-up: number (表 5 / 公开01表), unit line (单位：万元), year line ((2024 年度)) and context
lines (单位:医保局, 数据来源于 …) are recognized by shape; the nearest other line is the title.
A table with no line of its own above it continues the table before it — on the next page
(a long table) or on the same page (the blocks of a 绩效目标 table) — and a repeated header
is dropped from the continuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warehouse.extract.model import RawTable
from warehouse.extract.pdf_lines import Chunk, PageLine
from warehouse.extract.titles_context import (
    is_table_number,
    is_unit_line,
    is_year_line,
    normalize_table_number,
)

_CONTEXT = re.compile(
    r"^(?:单位名称|单位|部门|编制单位|填报单位|数据来源于?|金额单位|预算年度)\s*[:：]"
)
_TITLE_LOOKBACK = 6


@dataclass
class PageTable:
    page: int
    top: float
    bottom: float
    rows: list[list[str]]
    lines_above: list[PageLine]
    header_rows: int | None  # known for open tables; None: ask the header splitter


def is_title_text(text: str) -> bool:
    """A line that starts a table: a table number, or a short line ending in …表."""
    squashed = re.sub(r"\s+", "", text)
    if is_table_number(squashed):
        return True
    return len(squashed) <= 40 and bool(re.search(r"表(?:[（(][^）)]*[）)])?$", squashed))


def _merge_wraps(lines: list[PageLine]) -> list[list[Chunk]]:
    """Chunks per line; a chunk wrapped under a longer chunk of the line above joins it."""
    out: list[list[Chunk]] = []
    for ln in lines:
        kept: list[Chunk] = []
        for chunk in ln.chunks:
            host = None
            if out:
                for prev in out[-1]:
                    height = prev.bottom - prev.top
                    if (
                        abs(prev.x0 - chunk.x0) <= 2
                        and chunk.x1 <= prev.x1 + 2
                        and 0 <= chunk.top - prev.bottom <= 0.8 * height
                        and not is_unit_line(chunk.text)
                        and not is_table_number(chunk.text)
                        and _CONTEXT.match(prev.text)
                    ):
                        host = prev
            if host is not None:
                host.text += chunk.text
            else:
                kept.append(Chunk(chunk.text, chunk.x0, chunk.x1, chunk.top, chunk.bottom))
        if kept:
            out.append(kept)
    return out


def title_context(
    lines: list[PageLine],
) -> tuple[str | None, str | None, str | None, list[str]]:
    """(title, number, unit line, context lines) from the lines above a table."""
    title = number = unit_line = None
    context: list[str] = []
    merged = _merge_wraps([ln for ln in lines if not ln.furniture])
    recent = merged[-_TITLE_LOOKBACK:]
    for i in range(len(recent) - 1, -1, -1):
        chunks = recent[i]
        texts = [c.text.strip() for c in chunks]
        whole = " ".join(texts)
        if any(is_unit_line(t) for t in texts):
            for t in reversed(texts):
                if is_unit_line(t) and unit_line is None:
                    unit_line = t
                else:
                    context.insert(0, t)
            continue
        if is_table_number(whole):
            number = number or normalize_table_number(whole)
            continue
        if is_year_line(whole) or all(_CONTEXT.match(t) for t in texts):
            context[:0] = texts
            continue
        title = whole
        taller = _taller_title_above(recent[max(0, i - 2) : i], chunks)
        if taller is not None:  # a bare unit name (医保局) printed under the real title
            context[:0] = texts
            i = recent.index(taller)
            chunks = taller
            title = " ".join(c.text.strip() for c in taller)
        if number is None:
            for above in reversed(recent[max(0, i - 2) : i]):
                joined = " ".join(c.text.strip() for c in above)
                if is_table_number(joined):
                    number = normalize_table_number(joined)
                    break
        break
    return title, number, unit_line, context


def _taller_title_above(above: list[list[Chunk]], line: list[Chunk]) -> list[Chunk] | None:
    """A title-shaped line just above, printed larger than the line taken for the title."""
    height = max(c.bottom - c.top for c in line)
    for chunks in reversed(above):
        text = " ".join(c.text.strip() for c in chunks)
        if is_table_number(text):
            continue
        if is_title_text(text) and max(c.bottom - c.top for c in chunks) > 1.3 * height:
            return chunks
        return None
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _same_header(a: list[list[str]], b: list[list[str]], n: int) -> bool:
    squash = [[re.sub(r"\s+", "", c) for c in row] for row in a[:n]]
    other = [[re.sub(r"\s+", "", c) for c in row] for row in b[:n]]
    return len(a) >= n and len(b) >= n and squash == other


def _header_rows(rows: list[list[str]]) -> int:
    from warehouse.parse.header import split_header  # header knowledge lives in parse/

    return split_header(rows)


def _is_caption(text: str) -> bool:
    """A line that belongs above a table, whether printed above its rules or inside them."""
    squashed = re.sub(r"\s+", "", text)
    return (
        is_title_text(text)
        or is_unit_line(text)
        or is_year_line(text)
        or is_table_number(squashed)
        or bool(_CONTEXT.match(squashed))
    )


def lift_captions(pt: PageTable) -> PageTable:
    """Title, number and unit rows ruled inside the grid become lines above it.

    Some producers draw one frame around the title, the unit line and the table (北京's
    预算01表 reports, 长春's 预算单位：… | 单位：万元 row): the grid's first rows then hold
    captions only. Read as rows they
    would leave the table untitled and join it to the table before it.
    """
    lifted: list[PageLine] = []
    rows = pt.rows
    while rows:
        texts = list(dict.fromkeys(c.strip() for c in rows[0] if c and c.strip()))
        if not texts and lifted == [] and len(rows) > 1:
            rows = rows[1:]  # an empty band between the frame and the title
            continue
        if not texts:
            break
        # one caption, or a caption line split over the frame ('预算单位：…' | '单位：万元')
        captions = [t.strip() for text in texts for t in text.split("\n") if t.strip()]
        if not all(_is_caption(t) for t in captions):
            break
        lifted.extend(
            PageLine(pt.page, pt.top, pt.top, [Chunk(t, 0.0, 0.0, pt.top, pt.top)])
            for t in captions
        )
        rows = rows[1:]
    if not lifted or not rows:
        return pt
    return PageTable(
        page=pt.page,
        top=pt.top,
        bottom=pt.bottom,
        rows=rows,
        lines_above=[*pt.lines_above, *lifted],
        header_rows=None if pt.header_rows is None else max(0, pt.header_rows - len(lifted)),
    )


def assemble(page_tables: list[PageTable]) -> list[RawTable]:
    """Join continuations (no own title lines) onto the table before them."""
    tables: list[RawTable] = []
    header_counts: list[int | None] = []
    for pt in map(lift_captions, page_tables):
        fresh = [ln for ln in pt.lines_above if not ln.furniture]
        previous = tables[-1] if tables else None
        title, number, unit_line, context = title_context(pt.lines_above)
        on_next_page = (
            previous is not None
            and previous.page_last is not None
            and pt.page in (previous.page_last, previous.page_last + 1)
            and bool(pt.rows)
        )
        continues = on_next_page and not fresh
        # a long table printed with its title and header again on every page is one table
        retitled = (
            on_next_page
            and previous is not None
            and title is not None
            and pt.page == (previous.page_last or 0) + 1
            and _squash(title) == _squash(previous.title or "")
        )
        if (continues or retitled) and previous is not None:
            n_header = header_counts[-1]
            if n_header is None:
                n_header = _header_rows(previous.rows)
            rows = pt.rows
            if n_header and _same_header(previous.rows, rows, n_header):
                rows = rows[n_header:]
            elif retitled:
                n_header = None  # another header under the same title: a table of its own
            if continues or n_header:
                previous.rows.extend(rows)
                previous.page_last = pt.page
                continue
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
        header_counts.append(pt.header_rows)
    return tables
