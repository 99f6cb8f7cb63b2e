"""Page geometry, column widths and ruled grid tables.

Widths are planned before anything is drawn: an amount must never wrap (a split figure is
exactly the garbling the corpus should not invent), while names and KPI texts may wrap as in
the originals. A table that does not fit a portrait page at a readable size goes landscape.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, TableStyle
from reportlab.platypus import Table as RLTable

from .model import CODE_KEYS, GridTable, HeaderCell
from .styles import Ruling, cell_style

MARGIN = 54.0
PORTRAIT = A4
LANDSCAPE = landscape(A4)
PORTRAIT_WIDTH = PORTRAIT[0] - 2 * MARGIN
LANDSCAPE_WIDTH = LANDSCAPE[0] - 2 * MARGIN
PAD = 3.0
SIZES = (9.0, 8.0, 7.0, 6.5, 6.0)
HEADING_ROOM = 90.0  # number, title and unit lines above a table
WIDE_COLUMNS = 10  # from this many leaf columns the originals are printed landscape


@dataclass(frozen=True)
class ColumnNeed:
    """Width wishes of one column: `rigid` ones (amounts, codes) never shrink below `least`."""

    least: float
    want: float
    rigid: bool


def text_width(text: str, font: str, size: float) -> float:
    """Printed width of a single line."""
    return float(stringWidth(text, font, size))


def distribute(needs: list[ColumnNeed], avail: float) -> list[float] | None:
    """Fit columns into `avail` points, or None when even the least widths overflow."""
    if sum(n.least for n in needs) > avail + 0.01:
        return None
    want_total = sum(n.want for n in needs)
    if want_total <= avail:
        return [n.want * avail / want_total for n in needs]
    widths = [n.least for n in needs]
    spare = avail - sum(widths)
    grow = [max(n.want - n.least, 0.0) for n in needs]
    total_grow = sum(grow)
    if total_grow > 0:
        widths = [w + spare * g / total_grow for w, g in zip(widths, grow, strict=True)]
    return widths


def place_header(
    header: tuple[tuple[HeaderCell, ...], ...], ncols: int
) -> list[tuple[int, int, HeaderCell]]:
    """Anchor (row, col) of every header cell, skipping slots taken by earlier spans."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, HeaderCell]] = []
    for r, row in enumerate(header):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= ncols:
                break
            colspan = max(1, min(cell.colspan, ncols - c))
            rowspan = max(1, min(cell.rowspan, len(header) - r))
            fixed = HeaderCell(cell.text, colspan, rowspan)
            placed.append((r, c, fixed))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken.add((rr, cc))
            c += colspan
    return placed


def _column_needs(table: GridTable, font: str, size: float) -> list[ColumnNeed]:
    placed = place_header(table.header, len(table.column_keys))
    char = text_width("国", font, size)
    needs: list[ColumnNeed] = []
    for col, key in enumerate(table.column_keys):
        values = [row[col] for row in table.rows if row[col]]
        natural = max((text_width(v, font, size) for v in values), default=0.0) + 2 * PAD
        leaf = [c.text for _, cc, c in placed if cc == col and c.colspan == 1]
        head = max((text_width(t, font, size) for t in leaf), default=0.0) + 2 * PAD
        if key == "amount" or key in CODE_KEYS:
            least = max(natural, 2 * char + 2 * PAD)
            needs.append(ColumnNeed(least, max(least, min(head, 6 * char)), True))
        else:
            want = min(max(natural, head), 22 * char)
            least = min(max(natural, 2 * char), 5 * char) + 2 * PAD
            needs.append(ColumnNeed(least, max(want, least), False))
    return needs


@dataclass(frozen=True)
class GridPlan:
    """Orientation, font size and column widths chosen for one grid table."""

    landscape: bool
    size: float
    widths: list[float]


def plan_grid(table: GridTable, font: str) -> GridPlan:
    """Prefer portrait at 9 pt; go landscape when asked, when wide, or when it cannot fit."""
    wide = table.landscape or len(table.column_keys) >= WIDE_COLUMNS
    orientations = [True] if wide else [False, True]
    for is_landscape in orientations:
        avail = LANDSCAPE_WIDTH if is_landscape else PORTRAIT_WIDTH
        sizes = SIZES if is_landscape else SIZES[:2]
        for size in sizes:
            widths = distribute(_column_needs(table, font, size), avail)
            if widths is not None:
                return GridPlan(is_landscape, size, widths)
    size = SIZES[-1]
    needs = _column_needs(table, font, size)
    scale = LANDSCAPE_WIDTH / sum(n.least for n in needs)
    return GridPlan(True, size, [n.least * scale for n in needs])


def para(text: str, font: str, size: float, align: str) -> Paragraph:
    """A wrapping cell paragraph; text is escaped so >= and & print as such."""
    return Paragraph(escape(text), cell_style(font, size, align))


def ruling_commands(
    ruling: Ruling, nrows: int, header_rows: int, spans: list[tuple[int, int, HeaderCell]]
) -> list[tuple[object, ...]]:
    """Line commands for the two table looks."""
    if ruling is Ruling.GRID:
        return [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("BOX", (0, 0), (-1, -1), 1.0, "black")]
    cmds: list[tuple[object, ...]] = [
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.7, "black"),
        ("LINEBELOW", (0, nrows - 1), (-1, nrows - 1), 1.2, "black"),
    ]
    for r, c, cell in spans:
        if cell.colspan > 1 and r + cell.rowspan < header_rows:
            end = r + cell.rowspan - 1
            cmds.append(("LINEBELOW", (c, end), (c + cell.colspan - 1, end), 0.4, "black"))
    return cmds


def grid_flowable(table: GridTable, font: str, plan: GridPlan, ruling: Ruling) -> Flowable:
    """The table itself: merged header cells, repeated header on every page."""
    ncols = len(table.column_keys)
    placed = place_header(table.header, ncols)
    header_rows = max(len(table.header), 1)
    data: list[list[object]] = [["" for _ in range(ncols)] for _ in range(header_rows)]
    cmds: list[tuple[object, ...]] = []
    if table.header:
        for r, c, cell in placed:
            data[r][c] = para(cell.text, font, plan.size, "center")
            if cell.colspan > 1 or cell.rowspan > 1:
                end = (c + cell.colspan - 1, r + cell.rowspan - 1)
                cmds.append(("SPAN", (c, r), end))
    else:
        header_rows = 0
        data = []
    for row in table.rows:
        cells: list[object] = []
        for col, value in enumerate(row):
            align = "right" if table.is_amount(col) else "left"
            cells.append(para(value, font, plan.size, align) if value else "")
        data.append(cells)
    if not data:
        data = [["" for _ in range(ncols)]]
    cmds += [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    cmds += ruling_commands(ruling, len(data), max(header_rows, 1), placed)
    rl = RLTable(data, colWidths=plan.widths, repeatRows=header_rows, hAlign="CENTER")
    rl.setStyle(TableStyle(cmds))
    if _has_giant_row(rl, plan, header_rows):
        rl = RLTable(
            data, colWidths=plan.widths, repeatRows=header_rows, hAlign="CENTER", splitInRow=1
        )
        rl.setStyle(TableStyle(cmds))
    return rl


def _has_giant_row(rl: RLTable, plan: GridPlan, header_rows: int) -> bool:
    """A body row taller than a page cannot move whole: let reportlab break it inside."""
    page = LANDSCAPE if plan.landscape else PORTRAIT
    rl.wrap(sum(plan.widths), 1e6)
    heights: list[float] = list(rl._rowHeights)
    room = page[1] - 2 * MARGIN - sum(heights[:header_rows]) - HEADING_ROOM
    return bool(max(heights[header_rows:], default=0.0) > room)
