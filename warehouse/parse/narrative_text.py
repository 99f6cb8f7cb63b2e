"""Running text as one string: sentences break across printed lines (and pages), so the lines
are joined, while every character still knows the line and page it was printed on."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from warehouse.extract.model import ExtractedDocument, TextLine

SENTENCE_END = "。；;！？\n"


@dataclass(frozen=True)
class JoinedText:
    text: str
    starts: list[int]  # offset in text where each line starts
    lines: list[TextLine]

    def line_at(self, offset: int) -> TextLine:
        return self.lines[max(bisect.bisect_right(self.starts, offset) - 1, 0)]

    def page(self, offset: int) -> int | None:
        return self.line_at(offset).page

    def line_range(self, start: int, end: int) -> str | None:
        first, last = self.line_at(start).line_no, self.line_at(max(end - 1, start)).line_no
        if first is None or last is None:
            return None
        return f"{first}-{last}"

    def sentence(self, start: int, end: int) -> str:
        """The sentence around [start, end): from the previous to the next 。/；."""
        left = max(self.text.rfind(c, 0, start) for c in SENTENCE_END) + 1
        rights = [i for i in (self.text.find(c, end) for c in SENTENCE_END) if i >= 0]
        right = min(rights) if rights else len(self.text)
        return self.text[left:right].strip()


def join_lines(doc: ExtractedDocument) -> JoinedText:
    """Lines stripped of layout spaces at both ends and concatenated (Chinese needs no space)."""
    parts: list[str] = []
    starts: list[int] = []
    lines: list[TextLine] = []
    offset = 0
    for line in doc.lines:
        text = line.text.strip().replace("\u3000", "")
        if not text:
            continue
        starts.append(offset)
        lines.append(line)
        parts.append(text)
        offset += len(text)
    if not lines:
        lines.append(TextLine(text="", page=None, line_no=None))
        starts.append(0)
    return JoinedText(text="".join(parts), starts=starts, lines=lines)
