"""Assemble one document into a PDF and record where each table landed.

The page numbers are recorded while reportlab draws (zero-size marker flowables around each
table), so layout.yaml is the truth about the PDF rather than an estimate; it is the oracle for
source_page in the warehouse tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from . import kpi, kpi_wide, layout, narrative
from .fonts import missing_glyphs, register
from .model import Document, GridTable, KpiTable, Table
from .styles import Profile, TextStyles, profile_for, text_styles

rl_config.invariant = 1


class PageMarker(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Invisible flowable that notes the page it is drawn on."""

    def __init__(self, sink: list[int]) -> None:
        super().__init__()
        self.sink = sink

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (0.0, 0.0)

    def draw(self) -> None:
        self.sink.append(self.canv.getPageNumber())


@dataclass
class TableRecord:
    """Printed identity and pages of one table file."""

    file_id: str
    number: str | None
    title: str
    landscape: bool
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)

    def pages(self) -> list[int]:
        if not self.start or not self.end:
            return []
        return list(range(self.start[0], self.end[-1] + 1))


def _unit_row(table: Table, st: TextStyles, width: float) -> list[Flowable]:
    """Extra lines (单位: 医保局, 数据来源于 …) at the left, the unit line at the right."""
    extras = list(table.extra_lines)
    unit = table.unit_line
    if not extras:
        return [Paragraph(escape(unit), st.unit_right)] if unit else []
    cells: list[object] = [Paragraph(escape(t), st.line_left) for t in extras]
    cells.append(Paragraph(escape(unit or ""), st.unit_right))
    lefts = [min(layout.text_width(t, st.line_left.fontName, 9) + 12, width * 0.6) for t in extras]
    rest = max(width - sum(lefts), 60.0)
    row = RLTable([cells], colWidths=[*lefts, rest])
    row.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [row, Spacer(1, 3)]


def _table_story(
    table: Table, index: int, font: str, profile: Profile, st: TextStyles, record: TableRecord
) -> tuple[bool, list[Flowable]]:
    """Heading lines and the table body; returns (landscape, flowables)."""
    story: list[Flowable] = [PageMarker(record.start)]
    story += narrative.table_heading(table, profile, st)
    if isinstance(table, GridTable):
        plan = layout.plan_grid(table, font)
        width = layout.LANDSCAPE_WIDTH if plan.landscape else layout.PORTRAIT_WIDTH
        story += _unit_row(table, st, width)
        story.append(layout.grid_flowable(table, font, plan, profile.ruling_for(table, index)))
        story += [Paragraph(escape(note), st.note) for note in table.notes]
        is_landscape = plan.landscape
    elif table.header:
        is_landscape, wide = kpi_wide.wide_flowable(table, font, profile.ruling_for(table, index))
        width = layout.LANDSCAPE_WIDTH if is_landscape else layout.PORTRAIT_WIDTH
        story += [*_unit_row(table, st, width), wide]
    else:
        kplan = kpi.plan_kpi(table, font)
        width = layout.LANDSCAPE_WIDTH if kplan.landscape else layout.PORTRAIT_WIDTH
        story += _unit_row(table, st, width)
        for block in table.blocks:
            story.append(kpi.block_flowable(block, kplan, font, profile.project_label))
            story.append(Spacer(1, 10))
        is_landscape = kplan.landscape
    story.append(PageMarker(record.end))
    return is_landscape, story


def _page_decorator(doc: Document, profile: Profile, font: str) -> Any:
    def decorate(canvas: Canvas, template: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(font, 9)
        number = canvas.getPageNumber()
        if number > 1:
            canvas.drawCentredString(width / 2, 28, profile.footer.format(n=number))
        if profile.running_header and number > 1:
            canvas.drawRightString(width - layout.MARGIN, height - 32, doc.title)
            canvas.setLineWidth(0.4)
            canvas.line(layout.MARGIN, height - 36, width - layout.MARGIN, height - 36)
        canvas.restoreState()

    return decorate


def _templates(doc: Document, profile: Profile, font: str) -> list[PageTemplate]:
    decorate = _page_decorator(doc, profile, font)
    out = []
    for name, size in (("portrait", layout.PORTRAIT), ("landscape", layout.LANDSCAPE)):
        m = layout.MARGIN
        frame = Frame(
            m,
            m,
            size[0] - 2 * m,
            size[1] - 2 * m,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        out.append(PageTemplate(id=name, frames=[frame], pagesize=size, onPage=decorate))
    return out


def _all_text(doc: Document) -> str:
    parts = [doc.title, doc.publisher]
    for t in doc.tables:
        parts.append(t.title)
        if isinstance(t, GridTable):
            parts += [c.text for row in t.header for c in row]
            parts += [cell for row in t.rows for cell in row]
        elif isinstance(t, KpiTable):
            for b in t.blocks:
                parts += [b.project or ""] + [f"{k}{v}" for k, v in b.fields]
                parts += [v for ind in b.indicators for v in ind.values()]
    parts += [narrative.sentence(item) for item in doc.narrative]
    return "".join(parts)


def render(doc: Document, samples_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Write <doc>.pdf and <doc>.layout.yaml into out_dir; return the layout mapping."""
    profile = profile_for(doc.doc_id)
    font = register(profile.font)
    missing = missing_glyphs(font, _all_text(doc))
    if missing:
        print(f"samplegen: {doc.doc_id}: font lacks {''.join(sorted(missing))}")
    st = text_styles(font, profile.body_size)
    seed_path = samples_dir / "text" / doc.seed if doc.seed else None
    story: list[Flowable] = narrative.cover(doc, st)
    story += [PageBreak(), *narrative.contents(doc, profile, st)]
    story += [PageBreak(), *narrative.overview(doc, seed_path, st)]
    records: list[TableRecord] = []
    current = "portrait"
    for index, table in enumerate(doc.tables):
        record = TableRecord(
            table.file_id, profile.printed_number(table.number), table.title, False
        )
        is_landscape, body = _table_story(table, index, font, profile, st, record)
        record.landscape = is_landscape
        records.append(record)
        wanted = "landscape" if is_landscape else "portrait"
        if wanted != current:
            story.append(NextPageTemplate(wanted))
            current = wanted
        story.append(PageBreak())
        if index == 0:
            story += [narrative.part_two_heading(doc, st)]
        story += body
    if current != "portrait":
        story.append(NextPageTemplate("portrait"))
    story += [PageBreak(), *narrative.explanation(doc, st)]
    story += [Spacer(1, 12), *narrative.glossary(st)]

    out_dir.mkdir(parents=True, exist_ok=True)
    pdf_path = out_dir / f"{doc.doc_id}.pdf"
    template = BaseDocTemplate(
        str(pdf_path),
        pagesize=layout.PORTRAIT,
        title=doc.title,
        author=doc.publisher,
        creator="tools.samplegen",
        producer="tools.samplegen",
        subject=doc.doc_id,
        invariant=1,
    )
    template.addPageTemplates(_templates(doc, profile, font))
    template.build(story)

    result: dict[str, Any] = {
        "doc": doc.doc_id,
        "pdf": pdf_path.name,
        "font": font,
        "tables": {
            r.file_id: {
                "number": r.number,
                "title": r.title,
                "landscape": r.landscape,
                "pages": r.pages(),
            }
            for r in records
        },
    }
    layout_path = out_dir / f"{doc.doc_id}.layout.yaml"
    header = "# generated by tools.samplegen: 1-based PDF pages of every table file\n"
    dumped = yaml.safe_dump(
        result, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
    )
    layout_path.write_text(header + dumped, encoding="utf-8")
    return result
