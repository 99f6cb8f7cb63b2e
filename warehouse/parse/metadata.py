"""Who published the document, for which year, and what kind it is — read from its content.

The publisher is taken from the document itself (cover, part headings, 单位名称 lines), never
guessed from a list of known units; when the content does not say, the file name is tried,
and when that fails too the document is rejected with the reason.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.model import ExtractedDocument
from warehouse.parse.staging import DocumentMeta

_KIND = r"(?P<kind>部门预算|单位预算|部门决算|单位决算|预算|决算)"
_YEAR = r"(?P<year>20[0-9]{2})\s*年度?"
_NAME = r"(?P<name>[^\s，。、：:；;,（(]{2,40}?(?:（本级）|\(本级\))?)"
_TITLE = re.compile(_NAME + r"\s*" + _YEAR + r"\s*" + _KIND)
_PART_PREFIX = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|纳入)\s*")
_UNIT_WORD = re.compile(r"(局|中心|委员会|办公室|站|所|院|处|厅|部|局（本级）|局\(本级\)|本级)$")
_UNIT_CODE_LINE = re.compile(r"(?P<code>[0-9]{6})\s*(?P<name>[^\s\-－—]+?)(?:[-－—][0-9]{6,})?$")
_OVERVIEW = re.compile(r"^第一部分\s*(?P<name>\S+?)(?:单位|部门)?概况$")
_PROVINCE = re.compile(r"^(?P<province>[^市省]{2,8}省)")
_CITY = re.compile(r"^(?:[^市省]{2,8}省)?(?P<city>[^市省]{2,8}市)")
_NOISE_NAMES = {"本部门", "本单位", "部门", "单位"}


@dataclass(frozen=True)
class _TitleHit:
    name: str | None
    year: int
    kind: str


def _clean_name(name: str) -> str | None:
    name = _PART_PREFIX.sub("", name).strip()
    name = re.sub(r"^(?:关于)", "", name)
    if not name or name in _NOISE_NAMES or not _UNIT_WORD.search(name):
        return None
    return name


def _title_hits(text: str) -> list[_TitleHit]:
    hits = []
    for match in _TITLE.finditer(text):
        hits.append(
            _TitleHit(
                name=_clean_name(match.group("name")),
                year=int(match.group("year")),
                kind=match.group("kind"),
            )
        )
    return hits


def _doc_kind(kind: str) -> Literal["budget", "final_account"]:
    return "final_account" if "决算" in kind else "budget"


def _scope(kind: str, publisher: str) -> Literal["department", "unit"]:
    """单位预算/决算 cover one unit; so does a 部门 document of a bureau's 本级 alone."""
    if kind.startswith("单位") or "本级" in publisher:
        return "unit"
    return "department"


def detect_metadata(doc: ExtractedDocument) -> DocumentMeta:
    """Publisher, year and kind from the first pages; DocumentRejected when undeterminable."""
    head_lines = [line.text for line in doc.lines[:80]]
    # a title broken over two lines (unit name, then '2023 年单位预算') is joined back
    joined = "\n".join(head_lines)
    flowing = "".join(head_lines)
    hits = _title_hits(joined) or _title_hits(flowing)
    body_hits = _title_hits("\n".join(line.text for line in doc.lines))
    if not hits:
        hits = body_hits
    if not hits:
        hits = _title_hits(doc.source_name)
    if not hits:
        raise DocumentRejected(
            "metadata",
            "fiscal year and document kind not found (no '<unit> <year>年 预算/决算' title)",
        )
    year = hits[0].year
    kind = hits[0].kind
    publisher = _publisher_from_overview(head_lines) or _most_named(hits + body_hits, year)
    # two-line titles: the unit name alone on the line before '2023 年单位预算'
    if publisher is None:
        publisher = _publisher_before_title(head_lines)
    unit_code, coded_name = _unit_code(doc)
    if publisher is None and coded_name:
        publisher = coded_name
    if publisher is None:
        raise DocumentRejected("metadata", f"publishing unit not found for the {year} {kind}")
    return DocumentMeta(
        title=f"{publisher}{year}年{kind}",
        publisher=publisher,
        unit_code=unit_code,
        fiscal_year=year,
        doc_kind=_doc_kind(kind),
        scope=_scope(kind, publisher),
        province=_match_group(_PROVINCE, publisher, "province"),
        city=_match_group(_CITY, publisher, "city"),
    )


def _most_named(hits: list[_TitleHit], year: int) -> str | None:
    """The unit named most often in '<unit> <year>年 预算/决算' phrases of that year."""
    names = [h.name for h in hits if h.name and h.year == year]
    if not names:
        return None
    return max(dict.fromkeys(names), key=names.count)


def _publisher_from_overview(lines: list[str]) -> str | None:
    for line in lines:
        match = _OVERVIEW.match(re.sub(r"\s+", "", line))
        if match:
            return _clean_name(match.group("name"))
    return None


def _publisher_before_title(lines: list[str]) -> str | None:
    for previous, line in itertools.pairwise(lines):
        if re.fullmatch(r"\s*20[0-9]{2}\s*年度?\s*(部门|单位)?(预算|决算).*", line):
            return _clean_name(previous.strip())
    return None


def _unit_code(doc: ExtractedDocument) -> tuple[str | None, str | None]:
    """A printed unit code ('578002 沈阳市医疗保障事务服务中心-210100000'), with its name."""
    candidates = [line.text for line in doc.lines]
    for table in doc.tables:
        for row in table.rows[:8]:
            candidates.extend(row)
    for text in candidates:
        for piece in re.split(r"\s{2,}|\t", text):
            match = _UNIT_CODE_LINE.search(piece.strip())
            if match and _UNIT_WORD.search(match.group("name")):
                return match.group("code"), match.group("name")
    return None, None


def _match_group(pattern: re.Pattern[str], text: str, group: str) -> str | None:
    match = pattern.match(text)
    return match.group(group) if match else None
