"""Who published the document, for which year, and what kind it is — read from its content.

A disclosure names itself on its cover or first page, in one of a few national shapes that
typesetting breaks over lines and spaces: '2026年 / 广州市商务局部门预算', '重庆市商务委员会
2026 年部门预算情况说明', '上海市2026年市级单位预算 / 预算单位：上海市财政局', '附件2 / 2019年部门
综合预算公开报表 / 部门名称：西安市…局'. The cover is read as one run of text with the spaces
taken out; a labelled line (预算单位：, 预算主管部门：, 部门名称：, a table's 部门：) names the unit
outright, and otherwise the title phrase '<year> <unit> <kind>' or '<unit> <year> <kind>' does.

The publisher is never guessed from a list of known units; when the content does not say, the
file name is tried, and when that fails too the document is rejected with the reason.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.model import ExtractedDocument
from warehouse.parse.staging import DocumentMeta, DocumentPart

# the kind as printed, longest first; 综合/市级/区级 are qualifiers of the same kinds
_KIND = (
    r"(?P<level>市级|区级|省级|县级|市本级)?"
    r"(?P<kind>部门综合预算|单位综合预算|部门预算|单位预算|部门决算|单位决算|综合预算|预算|决算)"
)
_YEAR = r"(?P<{0}>20[0-9]{{2}})年度?"
# a unit name: no sentence punctuation, no digits (a year would be swallowed)
_NAME_CHARS = r"[^\s，。、：:；;,0-9“”\"《》<>…\.]"
_TITLE_YEAR_FIRST = re.compile(
    _YEAR.format("year") + r"(?P<name>" + _NAME_CHARS + r"{2,40}?)" + _KIND
)
_TITLE_NAME_FIRST = re.compile(
    r"(?P<name>" + _NAME_CHARS + r"{2,40}?)" + _YEAR.format("year") + _KIND
)
_LABELLED = re.compile(
    r"(?:预算单位|预算主管部门|主管部门|部门名称|单位名称|编制部门|编制单位|部门|单位)"
    r"[:：](?P<name>" + _NAME_CHARS + r"{2,40})"
)
_UNIT_SUFFIX = re.compile(
    r"(局|中心|委员会|委|办公室|办公厅|办|站|所|院|处|厅|部|队|场|馆|校|学校|学院|会|社|台|团|"
    r"公司|园|室|总队|支队|大队|基地|协会|法院|检察院|政府|街道办事处)"
    r"(?:[（(]?(?:本级|汇总|机关)[）)]?)?$"
)
_NOT_A_UNIT = {
    "本部门",
    "本单位",
    "部门",
    "单位",
    "预算单位",
    "市级单位",
    "区级单位",
    "一级预算单位",
}
_LEADING_NOISE = re.compile(
    r"^(?:附件[0-9一二三四五六七八九十]*[:：]?|第[一二三四五六七八九十]+部分[:：]?|"
    r"[一二三四五六七八九十]+、|目录|纳入|关于|公开|报送)+"
)
_OVERVIEW = re.compile(r"^第一部分[:：]?(?P<name>\S+?)(?:单位|部门)?(?:基本)?概况$")
_UNIT_CODE_LINE = re.compile(r"(?P<code>[0-9]{6})\s*(?P<name>[^\s\-－—]+?)(?:[-－—][0-9]{6,})?$")
_PROVINCE = re.compile(r"^(?P<province>[^市省]{2,8}省)")
_CITY = re.compile(r"^(?:[^市省]{2,8}省)?(?P<city>[^市省]{2,8}市)")
_CONTENTS = re.compile(r"^目\s*录$")
_TABLES_ONLY = re.compile(r"(报表|公开表格?|预算表|决算表)$")


@dataclass(frozen=True)
class _TitleHit:
    """One '<unit> <year> <kind>' phrase: where it was read, and what it says."""

    name: str | None
    year: int
    kind: str  # 部门预算 / 单位预算 / 部门决算 / 单位决算 / 预算 / 决算
    tail: str  # what follows the kind on its line (情况说明, 公开报表, …)


# words of a cover that announce a corrected re-publication
_CORRECTION = re.compile(r"更正|勘误|修正版|修订版|[（(]修订[)）]")


def flatten(text: str) -> str:
    """One form for the cover text: full-width digits and letters narrowed, spaces removed.

    Only compatibility forms of ASCII are folded (２０２５ → 2025); full-width brackets stay,
    since unit names print （本级） with them.
    """
    text = "".join(unicodedata.normalize("NFKC", ch) if "０" <= ch <= "ｚ" else ch for ch in text)
    text = text.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", text)


def clean_unit_name(name: str) -> str | None:
    """A unit's name from a title or label, or None when the words are not a unit's name."""
    name = _LEADING_NOISE.sub("", name.strip())
    name = re.sub(r"（汇总）$", "", name)
    name = re.sub(r"(?:部门|单位)$", "", name) if not name.endswith("（本级）") else name
    if not name or name in _NOT_A_UNIT or len(name) < 3:
        return None
    if not _UNIT_SUFFIX.search(name) or re.search(r"[，。、；：！？,;!?]", name):
        return None
    if re.search(r"X{2,}|×{2,}|＊{2,}", name):
        return None  # a template's placeholder (上海市XX局) is no unit
    return name


def _kind_of(kind: str) -> str:
    """部门综合预算 is a 部门预算; 市级单位预算 a 单位预算: the qualifiers say no more."""
    return kind.replace("综合", "")


def _title_hits(text: str) -> list[_TitleHit]:
    hits: list[_TitleHit] = []
    for pattern in (_TITLE_YEAR_FIRST, _TITLE_NAME_FIRST):
        for match in pattern.finditer(text):
            name = clean_unit_name(match.group("name"))
            tail = text[match.end() : match.end() + 12]
            hits.append(
                _TitleHit(
                    name=name,
                    year=int(match.group("year")),
                    kind=_kind_of(match.group("kind")),
                    tail=tail,
                )
            )
    return hits


def _cover_lines(doc: ExtractedDocument) -> list[str]:
    """The lines before the table of contents (目录) on the first page, or the first 30.

    A document that is only tables has no running text: its first tables' titles and
    header rows stand in for the cover.
    """
    lines = [line.text for line in doc.lines[:60] if line.page in (None, 1, 2)]
    for i, text in enumerate(lines):
        if _CONTENTS.match(text.strip()) and i > 0:
            return lines[:i]
    if lines:
        return lines[:30]
    cover: list[str] = []
    for table in doc.tables[:3]:
        cover.extend(t for t in (table.title, table.unit_line) if t)
        cover.extend(table.context_lines)
        for row in table.rows[:4]:
            cover.extend(c for c in row if c)
    return cover


def _labelled_unit(lines: list[str]) -> str | None:
    for line in lines:
        for piece in re.split(r"\s{2,}|\t", line.strip()):
            match = _LABELLED.search(flatten(piece))
            if match:
                name = clean_unit_name(match.group("name"))
                if name:
                    return name
    return None


def _doc_kind(kind: str) -> Literal["budget", "final_account"]:
    return "final_account" if "决算" in kind else "budget"


def _scope(kind: str, publisher: str) -> Literal["department", "unit"]:
    """单位预算/决算 cover one unit; so does a 部门 document of a bureau's 本级 alone."""
    if kind.startswith("单位") or "本级" in publisher:
        return "unit"
    return "department"


_NARRATIVE_HEADING = re.compile(
    r"^.{0,30}(?:概况|主要职[能责]|机构设置(?:情况)?|名词解释|情况说明|编制说明)[:：]?[.…·0-9]*$"
)


def _part(doc: ExtractedDocument, hit: _TitleHit) -> DocumentPart:
    """Tables and narrative, or only one of them (附件1 …情况说明 / 附件2 …报表).

    The narrative is known by its headings (a line ending in 概况, 主要职能, 名词解释,
    情况说明), not by the amount of running text: text overflowing a 绩效目标 table's cells
    is no narrative.
    """
    if not any(len(t.rows) > 2 for t in doc.tables):
        return "narrative"
    if _TABLES_ONLY.search(hit.tail):
        return "tables"
    if not any(_NARRATIVE_HEADING.search(flatten(line.text)) for line in doc.lines):
        return "tables"
    return "complete"


def _year_and_kind(
    cover_hits: list[_TitleHit], body_hits: list[_TitleHit], name_hits: list[_TitleHit]
) -> _TitleHit | None:
    """The cover's own title first; else the year/kind named most often in the text."""
    if cover_hits:
        named = [h for h in cover_hits if h.name]
        return named[0] if named else cover_hits[0]
    if body_hits:
        counts = Counter((h.year, h.kind) for h in body_hits if h.kind not in ("预算", "决算"))
        if not counts:
            counts = Counter((h.year, h.kind) for h in body_hits)
        (year, kind), _ = counts.most_common(1)[0]
        return next(h for h in body_hits if (h.year, h.kind) == (year, kind))
    return name_hits[0] if name_hits else None


def detect_metadata(doc: ExtractedDocument) -> DocumentMeta:
    """Publisher, year and kind from the content; DocumentRejected when undeterminable."""
    cover = _cover_lines(doc)
    cover_text = flatten("".join(cover))
    cover_hits = _title_hits(cover_text)
    body_text = "\n".join(flatten(line.text) for line in doc.lines)
    body_hits = _title_hits(body_text)
    name_hits = _title_hits(flatten(doc.source_name))
    hit = _year_and_kind(cover_hits, body_hits, name_hits) or _year_from_tables(doc)
    if hit is None:
        raise DocumentRejected(
            "metadata",
            "fiscal year and document kind not found (no '<unit> <year>年 预算/决算' title)",
        )
    year, kind = hit.year, hit.kind
    unit_code, coded_name = _unit_code(doc)
    publisher = (
        _labelled_unit(cover)
        or _publisher_from_overview([line.text for line in doc.lines[:200]])
        or next((h.name for h in cover_hits if h.name and h.year == year), None)
        or _labelled_unit(_table_labels(doc))
        or _most_named(body_hits, year)
        or _publisher_before_title(cover)
        or coded_name
        or next((h.name for h in name_hits if h.name), None)
    )
    if publisher is None:
        raise DocumentRejected("metadata", f"publishing unit not found for the {year} {kind}")
    if kind in ("预算", "决算"):
        kind = ("单位" if _is_unit_document(cover_text) else "部门") + kind
    return DocumentMeta(
        title=f"{publisher}{year}年{kind}",
        publisher=publisher,
        unit_code=unit_code,
        fiscal_year=year,
        doc_kind=_doc_kind(kind),
        scope=_scope(kind, publisher),
        province=_match_group(_PROVINCE, publisher, "province"),
        city=_match_group(_CITY, publisher, "city"),
        part=_part(doc, hit),
        is_correction=bool(_CORRECTION.search(cover_text)),
    )


def _year_from_tables(doc: ExtractedDocument) -> _TitleHit | None:
    """A document of tables alone: the year its titles and headers print, the kind they name.

    ('2018年政府采购预算表', '2026年预算数', '（2026年度）'); 预算 or 决算 by the titles' words.
    """
    years: Counter[int] = Counter()
    budget = final = 0
    for table in doc.tables:
        texts = [table.title or "", *table.context_lines]
        texts.extend(c for row in table.rows[:3] for c in row if c)
        for text in texts:
            years.update(int(y) for y in re.findall(r"(20[0-9]{2})\s*年", text))
        budget += "预算" in (table.title or "")
        final += "决算" in (table.title or "")
    if not years or budget == final == 0:
        return None
    return _TitleHit(
        name=None,
        year=years.most_common(1)[0][0],
        kind="决算" if final > budget else "预算",
        tail="",
    )


def _is_unit_document(cover_text: str) -> bool:
    """A cover that names a 预算单位 (not a 主管部门) speaks for one unit."""
    return "预算单位：" in cover_text and "预算主管部门" not in cover_text


_LABEL_CELL = re.compile(r"^(?:部门|单位|部门（单位）|预算单位|主管部门)名称$|^预算单位$|^部门$")


def _table_labels(doc: ExtractedDocument) -> list[str]:
    """Labels above and inside tables ('部门：中共江苏省委办公厅', or a 部门名称 cell and the
    cell beside it, as the 部门整体支出绩效目标表 prints them), as 'label：name' lines."""
    lines: list[str] = []
    for table in doc.tables:
        lines.extend(table.context_lines)
        if table.unit_line:
            lines.append(table.unit_line)
        for row in table.rows[:6]:
            cells = [flatten(c) for c in row if c and c.strip()]
            lines.extend(cells[:1])
            for label, value in itertools.pairwise(cells):
                if _LABEL_CELL.match(label):
                    lines.append(f"{label}：{value}")
    return lines


def _most_named(hits: list[_TitleHit], year: int) -> str | None:
    """The unit named most often in '<unit> <year>年 预算/决算' phrases of that year."""
    names = [h.name for h in hits if h.name and h.year == year]
    if not names:
        return None
    return max(dict.fromkeys(names), key=names.count)


def _publisher_from_overview(lines: list[str]) -> str | None:
    for line in lines:
        match = _OVERVIEW.match(flatten(line))
        if match:
            name = clean_unit_name(match.group("name"))
            if name:
                return name
    return None


def _publisher_before_title(lines: list[str]) -> str | None:
    for previous, line in itertools.pairwise(lines):
        if re.fullmatch(r"20[0-9]{2}年度?(部门|单位)?(预算|决算).*", flatten(line)):
            return clean_unit_name(flatten(previous))
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
            if match and _UNIT_SUFFIX.search(match.group("name")):
                return match.group("code"), match.group("name")
    return None, None


def _match_group(pattern: re.Pattern[str], text: str, group: str) -> str | None:
    match = pattern.match(text)
    return match.group(group) if match else None
