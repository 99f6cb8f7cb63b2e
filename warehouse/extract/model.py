"""The document model shared by the PDF and text front ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceFormat = Literal["pdf", "text"]


@dataclass(frozen=True)
class TextLine:
    """A line of running text (not inside a table), with where it was printed."""

    text: str
    page: int | None  # 1-based PDF page; None for text input
    line_no: int | None  # 1-based line in a text file; None for PDF input


@dataclass
class RawTable:
    """One physical table as cell text, before any meaning is assigned.

    Cells are '' where nothing was printed (merged header cells included). A table that
    continues across pages is one RawTable spanning page_first..page_last.
    """

    index: int
    rows: list[list[str]]
    title: str | None = None
    number: str | None = None
    unit_line: str | None = None
    context_lines: list[str] = field(default_factory=list)
    page_first: int | None = None
    page_last: int | None = None
    line_first: int | None = None
    line_last: int | None = None
    notes: list[str] = field(default_factory=list)  # front-end doubts, logged by the parser

    @property
    def source_lines(self) -> str | None:
        if self.line_first is None:
            return None
        return f"{self.line_first}-{self.line_last}"


@dataclass
class ExtractedDocument:
    """Everything the parse stage needs from one source file."""

    source_name: str
    sha256: str
    source_format: SourceFormat
    page_count: int | None
    lines: list[TextLine]
    tables: list[RawTable]
