"""Is this a budget or final-account disclosure at all? Decided by content, never by name.

Collected files are often something else under a disclosure's name: a notice allocating
funds (关于下达…资金的通知), a work report, a statistics bulletin, a website's annual report.
They mention 预算 but lack the disclosure's parts. A disclosure prints a standard table by its
title, or shows at least three of the
national template's parts: its standard tables or their names in the text (收支总表, 财政拨款
收支, 一般公共预算支出, 基本支出, 项目支出, “三公”经费, 政府采购, 机关运行经费), the overview of
duties and bodies (部门概况, 主要职能/职责, 机构设置) and the glossary (名词解释).

A template (附件 …模板, a unit named 上海市XX局) has every part and no publisher: it is
quarantined as a template.
"""

from __future__ import annotations

import re

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.model import ExtractedDocument

_PARTS: dict[str, re.Pattern[str]] = {
    "收支总表": re.compile(r"收支(?:预算|决算)?总(?:体情况)?表|收入支出决算总表|收支总体情况"),
    "财政拨款收支": re.compile(r"财政拨款收(?:入)?支(?:出)?"),
    "一般公共预算支出": re.compile(r"一般公共预算(?:财政拨款)?(?:基本)?支出"),
    "基本支出": re.compile(r"基本支出"),
    "项目支出": re.compile(r"项目支出"),
    "三公经费": re.compile(r"三公"),
    "政府采购": re.compile(r"政府采购"),
    "机关运行经费": re.compile(r"机关运行经费"),
    "概况": re.compile(r"(?:部门|单位)(?:基本)?概况|主要职[能责]|机构设置"),
    "名词解释": re.compile(r"名词解释"),
}
_PLACEHOLDER = re.compile(r"(?:[XＸ×]{2,}|某某)(?:局|部门|单位|委员会|中心)|决算模板|预算模板")
_MIN_PARTS = 3


def disclosure_parts(doc: ExtractedDocument) -> list[str]:
    """The template parts the document shows, in the registry's order."""
    texts = [re.sub(r"\s+", "", line.text) for line in doc.lines]
    for table in doc.tables:
        texts.append(re.sub(r"\s+", "", table.title or ""))
        for row in table.rows[:40]:
            texts.extend(re.sub(r"\s+", "", c) for c in row if c)
    blob = "\n".join(texts)
    return [name for name, pattern in _PARTS.items() if pattern.search(blob)]


def _prints_a_standard_table(doc: ExtractedDocument) -> bool:
    """A money table titled as the genre titles its tables (an excerpt, a one-table file).

    A 绩效目标 form alone (部门整体预算绩效目标申报表) is a performance form, not a budget.
    """
    from warehouse.parse.table_kinds import classify_title

    for table in doc.tables:
        match = classify_title(table.title)
        if match is not None and not match.kind.startswith("kpi_"):
            return True
    return False


def require_disclosure_genre(doc: ExtractedDocument) -> None:
    """DocumentRejected('genre') for another genre or a template, with what was found."""
    parts = disclosure_parts(doc)
    if len(parts) < _MIN_PARTS and not _prints_a_standard_table(doc):
        found = "、".join(parts) or "none"
        raise DocumentRejected(
            "genre",
            "not a budget or final-account disclosure: it shows "
            f"{len(parts)} of the template's parts ({found}); a disclosure shows at least "
            f"{_MIN_PARTS} (standard tables, 概况, 名词解释)",
        )
    head = "\n".join(line.text for line in doc.lines[:40])
    head += "\n" + "\n".join(t.title or "" for t in doc.tables[:5])
    match = _PLACEHOLDER.search(re.sub(r"\s+", "", head))
    if match:
        raise DocumentRejected(
            "genre", f"a template, not a disclosure: placeholder {match.group(0)!r} on its cover"
        )
