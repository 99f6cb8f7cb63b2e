"""Production profiles and paragraph styles.

Each sample document is produced differently (font, ruling, where the table number sits,
page furniture) so the extractor is not tuned to one look. The profile is the single place
that says how a document is dressed; layout code only asks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import FontKind
from .model import Table


class Ruling(Enum):
    """(a) fully ruled grid, (b) rules only above/below the header and at the bottom."""

    GRID = "grid"
    RULES = "rules"


@dataclass(frozen=True)
class Profile:
    """How one document is produced."""

    font: FontKind
    ruling: Ruling
    alternate_ruling: bool = False  # odd-numbered grid tables use the other ruling
    title_first: bool = False  # title line above the number line (2023 layout)
    spaced_number: bool = False  # print 表5 as 表 5
    running_header: bool = False  # document title printed at the top of every page
    footer: str = "- {n} -"  # page footer, {n} = page number
    project_label: str = "项目名称"
    body_size: float = 11.0

    def ruling_for(self, table: Table, index: int) -> Ruling:
        """Ruling for the index-th table of the document (KPI blocks are always ruled)."""
        if not self.alternate_ruling or table.kind.startswith("kpi"):
            return self.ruling
        if index % 2 == 1:
            return Ruling.RULES if self.ruling is Ruling.GRID else Ruling.GRID
        return self.ruling

    def printed_number(self, number: str | None) -> str | None:
        """The number line as printed: 表5 -> 表 5 in layouts that space it."""
        if number is None or not self.spaced_number:
            return number
        return re.sub(r"^表(?=\d)", "表 ", number)


PROFILES: dict[str, Profile] = {
    # 2019 layout: 部门公开表N above the title, full grid, unembedded Song.
    "000": Profile(font=FontKind.CID, ruling=Ruling.GRID),
    # 2023 layout: title, then 表 N, then 单位：万元; full grid, embedded font.
    "001": Profile(
        font=FontKind.EMBEDDED,
        ruling=Ruling.GRID,
        title_first=True,
        spaced_number=True,
        footer="第 {n} 页",
        project_label="项目(政策)名称",
    ),
    # Final accounts, narrative heavy: open tables, running header, embedded font.
    "002": Profile(font=FontKind.EMBEDDED, ruling=Ruling.RULES, running_header=True),
    "003": Profile(font=FontKind.EMBEDDED, ruling=Ruling.GRID, footer="第 {n} 页"),
    # Sichuan: grid and open tables alternate, unembedded Song, running header.
    "004": Profile(
        font=FontKind.CID,
        ruling=Ruling.GRID,
        alternate_ruling=True,
        spaced_number=True,
        running_header=True,
    ),
}

DEFAULT_PROFILE = Profile(font=FontKind.EMBEDDED, ruling=Ruling.GRID)


def profile_for(doc_id: str) -> Profile:
    """Profile by the document's numeric prefix (000_..., 001_...)."""
    return PROFILES.get(doc_id[:3], DEFAULT_PROFILE)


@dataclass(frozen=True)
class TextStyles:
    """Paragraph styles of one document, all in its single font."""

    cover: ParagraphStyle
    cover_sub: ParagraphStyle
    part: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    toc: ParagraphStyle
    table_title: ParagraphStyle
    number_left: ParagraphStyle
    number_right: ParagraphStyle
    unit_right: ParagraphStyle
    line_left: ParagraphStyle
    note: ParagraphStyle


def text_styles(font: str, body_size: float) -> TextStyles:
    """Build the paragraph styles; CJK wrapping everywhere so long names break anywhere."""

    def style(name: str, size: float, align: int = TA_LEFT, **kw: float) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=size * 1.45,
            alignment=align,
            wordWrap="CJK",
            **kw,
        )

    return TextStyles(
        cover=style("cover", 26, TA_CENTER, spaceAfter=18),
        cover_sub=style("cover_sub", 15, TA_CENTER, spaceAfter=8),
        part=style("part", 16, TA_CENTER, spaceBefore=6, spaceAfter=12),
        heading=style("heading", body_size + 1, spaceBefore=6, spaceAfter=4),
        body=style("body", body_size, firstLineIndent=body_size * 2, spaceAfter=4),
        toc=style("toc", body_size, leftIndent=body_size * 2, spaceAfter=2),
        table_title=style("table_title", 16, TA_CENTER, spaceAfter=6),
        number_left=style("number_left", 10, spaceAfter=4),
        number_right=style("number_right", 10, TA_RIGHT, spaceAfter=2),
        unit_right=style("unit_right", 9, TA_RIGHT, spaceAfter=3),
        line_left=style("line_left", 9),
        note=style("note", 9, spaceBefore=4),
    )


def cell_style(font: str, size: float, align: str) -> ParagraphStyle:
    """Style for table cells: 'left' text, 'right' amounts, 'center' header labels."""
    alignment = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[align]
    return ParagraphStyle(
        f"cell_{align}_{size}",
        fontName=font,
        fontSize=size,
        leading=size * 1.25,
        alignment=alignment,
        wordWrap="CJK",
    )
