"""Prose parts: cover, contents, 第一部分 概况, 情况说明 and 名词解释.

The 概况 excerpt comes from the seed text so the prose looks like the real thing; the
情况说明 paragraphs are the transcribed narrative fragments, so every final-account figure the
transcription states is also printed in the PDF and can be recovered from it.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from .model import Document, NarrativeItem, Table, text_of
from .styles import Profile, TextStyles

EXCERPT_CHARS = 900
NEW_PARAGRAPH = re.compile(
    r"^([（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、]|第.部分)"
)
THREE_PUBLIC_LABELS = {
    "total": "“三公”经费支出",
    "overseas": "因公出国（境）费",
    "vehicle_total": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "reception": "公务接待费",
}
GLOSSARY = (
    "（一）财政拨款收入：指本级财政当年拨付的资金。",
    "（二）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "（三）项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "（四）“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
)


def stage_word(doc: Document) -> str:
    """部门预算 / 单位预算 / 部门决算 as the document calls itself."""
    scope = "单位" if doc.scope == "unit" else "部门"
    return scope + ("决算" if doc.doc_kind == "final_account" else "预算")


def year_text(doc: Document) -> str:
    return f"{doc.fiscal_year}年" if doc.fiscal_year else ""


def cover(doc: Document, st: TextStyles) -> list[Flowable]:
    """Cover page: title lines as the originals print them."""
    out: list[Flowable] = [Spacer(1, 180), Paragraph(escape(doc.title), st.cover)]
    if doc.publisher and doc.publisher not in doc.title:
        out.append(Paragraph(escape(doc.publisher), st.cover_sub))
    if doc.unit_code:
        out.append(Paragraph(escape(f"单位编码：{doc.unit_code}"), st.cover_sub))
    return out


def contents(doc: Document, profile: Profile, st: TextStyles) -> list[Flowable]:
    """目录: the parts and the table list (no page numbers, like the originals)."""
    who, what = doc.publisher, year_text(doc) + stage_word(doc)
    out: list[Flowable] = [Paragraph("目　录", st.part)]
    lines = [f"第一部分 {who}概况"]
    if doc.tables:
        lines.append(f"第二部分 {who}{what}公开表")
    lines += [f"第三部分 {who}{what}情况说明", "第四部分 名词解释"]
    for i, line in enumerate(lines):
        out.append(Paragraph(escape(line), st.heading))
        if i == 0 or not doc.tables or not line.startswith("第二部分"):
            continue
        for table in doc.tables:
            number = profile.printed_number(table.number)
            label = f"{number}. {table.title}" if number else table.title
            out.append(Paragraph(escape(label), st.toc))
    return out


def _start_index(lines: list[str]) -> int:
    """First 第一部分 line that opens real prose rather than a contents list."""
    for i, line in enumerate(lines):
        if line.startswith("第一部分"):
            ahead = "".join(lines[i + 1 : i + 12])
            if "第二部分" not in ahead[:600]:
                return i + 1
    for i, line in enumerate(lines):
        if "主要职" in line:
            return i
    return 0


def seed_excerpt(seed_path: Path | None) -> list[str]:
    """A few opening paragraphs of the seed text, broken lines rejoined."""
    if seed_path is None or not seed_path.is_file():
        return []
    lines = [ln.strip() for ln in seed_path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    paragraphs: list[str] = []
    total = 0
    for line in lines[_start_index(lines) :]:
        if "\t" in line or line.startswith("第二部分") or total > EXCERPT_CHARS:
            break
        if not paragraphs or NEW_PARAGRAPH.match(line) or paragraphs[-1].endswith(("。", "：")):
            paragraphs.append(line)
        else:
            paragraphs[-1] += line
        total += len(line)
    return paragraphs


def overview(doc: Document, seed_path: Path | None, st: TextStyles) -> list[Flowable]:
    """第一部分 概况 with the seed excerpt and the list of units."""
    out: list[Flowable] = [Paragraph(escape(f"第一部分 {doc.publisher}概况"), st.part)]
    excerpt = seed_excerpt(seed_path)
    if not excerpt:
        excerpt = [f"{doc.publisher}贯彻落实党中央关于医疗保障工作的方针政策和决策部署。"]
    out += [Paragraph(escape(p), st.body) for p in excerpt]
    if doc.unit_names:
        out.append(Paragraph(escape("纳入本" + stage_word(doc) + "编制范围的单位包括："), st.body))
        out += [
            Paragraph(escape(f"{i}．{name}"), st.body) for i, name in enumerate(doc.unit_names, 1)
        ]
    return out


def part_two_heading(doc: Document, st: TextStyles) -> Flowable:
    return Paragraph(
        escape(f"第二部分 {doc.publisher}{year_text(doc)}{stage_word(doc)}公开表"), st.part
    )


def _pct(value: object) -> str:
    return text_of(value).rstrip("%")


def _completed(item: NarrativeItem, text: str) -> str:
    """Append rates the transcription attributes to this fragment but printed elsewhere."""
    v = item.values
    rate, share = _pct(v.get("stated_rate")), _pct(v.get("share_pct"))
    if rate and rate not in text:
        text += f"，完成年初预算的{rate}%"
    if share and share not in text:
        text += f"，占{share}%"
    return text


def sentence(item: NarrativeItem) -> str:
    """The printed fragment, or one written from the figures when none was transcribed."""
    if item.text:
        return _completed(item, item.text)
    v = item.values
    amount = text_of(v.get("amount"))
    rate = _pct(v.get("stated_rate"))
    tail = f"，完成年初预算的{rate}%" if rate else ""
    if item.kind == "function_line":
        levels = ("类", "款", "项")
        names = [text_of(n) for n in v.get("names") or []]
        head = "".join(f"{n}（{lv}）" for n, lv in zip(names, levels, strict=False))
        return f"{head}{amount}万元{tail}"
    if item.kind == "function_total":
        names = [text_of(n) for n in v.get("names") or []]
        return f"{''.join(names[:1])}{amount}万元{tail}"
    if item.kind == "yoy_change":
        change = text_of(v.get("change_amount"))
        pct = _pct(v.get("change_pct"))
        down = change.startswith("-")
        verb = "减少" if down else "增加"
        text = f"{text_of(v.get('item'))}与上年相比{verb}{change.lstrip('-+')}万元"
        if pct:
            text += f"，{'降低' if down else '增长'}{pct.lstrip('-+')}%"
        return text
    if item.kind == "three_public":
        label = THREE_PUBLIC_LABELS.get(text_of(v.get("item")), text_of(v.get("item")))
        return f"{label}{amount}万元{tail.replace('年初', '')}"
    share = _pct(v.get("share_pct"))
    text = f"{text_of(v.get('item'))}{amount}万元{tail}"
    return text + (f"，占收入总计的{share}%" if share else "")


def explanation(doc: Document, st: TextStyles) -> list[Flowable]:
    """第三部分 情况说明: the narrative fragments, grouped by kind into paragraphs."""
    heading = f"第三部分 {doc.publisher}{year_text(doc)}{stage_word(doc)}情况说明"
    out: list[Flowable] = [Paragraph(escape(heading), st.part)]
    groups: list[list[str]] = []
    last_kind = None
    for item in doc.narrative:
        text = sentence(item).rstrip("。；;，, ")
        if item.kind != last_kind or len(groups[-1]) >= 4:
            groups.append([])
        groups[-1].append(text)
        last_kind = item.kind
    if not groups:
        groups = [[f"{doc.publisher}{year_text(doc)}{stage_word(doc)}情况说明见公开表"]]
    out += [Paragraph(escape("；".join(g) + "。"), st.body) for g in groups]
    return out


def glossary(st: TextStyles) -> list[Flowable]:
    """第四部分 名词解释: a short fixed glossary."""
    out: list[Flowable] = [Paragraph("第四部分 名词解释", st.part)]
    return out + [Paragraph(escape(line), st.body) for line in GLOSSARY]


def table_heading(table: Table, profile: Profile, st: TextStyles) -> list[Flowable]:
    """Number line, title, year line, extra lines and unit line above a table."""
    number = profile.printed_number(table.number)
    title = Paragraph(escape(table.title), st.table_title)
    out: list[Flowable] = []
    if profile.title_first:
        out.append(title)
        if number:
            out.append(Paragraph(escape(number), st.number_right))
    else:
        if number:
            out.append(Paragraph(escape(number), st.number_left))
        out.append(title)
    year_line = getattr(table, "year_line", None)
    if year_line:
        out.append(Paragraph(escape(year_line), st.unit_right))
    return out
