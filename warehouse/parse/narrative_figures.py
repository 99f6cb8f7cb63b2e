"""Figures stated in running text, read in order: "LABEL N 万元", the 类/款/项 phrase before
an amount, and the rates, shares and 与上年相比 changes printed after (or about) a figure.

Pure text work: what each figure means for the warehouse is decided in narrative.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

_AMOUNT = r"(?P<amount>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|元)"
_FIGURE = re.compile(_AMOUNT)
_COUNT = re.compile(
    r"(?<![\d.])(?P<amount>\d+)\s*(?P<unit>辆|台[（(]套[)）]|台|个|人次|批次|件)(?![\d次])"
)
_PCT = r"(?P<pct>-?\d+(?:\.\d+)?)\s*[%％]"
_RATE = re.compile(r"完成(?:年初)?预算(?:数)?的\s*" + _PCT)
_SHARE = re.compile(r"占(?P<of>[^，。；%％\d]{0,20}?)(?:的)?\s*" + _PCT)
_CLAUSE_END = "，,。；;：:！？"
_FUNCTION = re.compile(r"[（(](?:类|款|项)[)）]")
_ENUM = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+、|[①-⑳])+"
)
_INNER_ENUM = re.compile(
    r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|(?<![\d.])\d{1,2}[.、](?!\d)"
)
_MAX_LABEL = 40
_CHANGE_VERB = re.compile(r"(?P<verb>减少|增加|下降|增长|降低|上升|节约|超支)$")
_CHANGE_PCT = re.compile(r"^[，,]?\s*(?P<verb>减少|增加|下降|增长|降低|上升)\s*" + _PCT)
_FLAT = re.compile(r"(?P<ref>[^，。；：]*?)(?:与上年|与\d{4}\s*年)[^，。；]{0,8}?持平")
_FLAT_PRELUDE = re.compile(r"与上年相比[，,]?(?P<ref>[^，。；：]*?)持平")
_NEGATIVE = {"减少", "下降", "降低", "节约"}
_PROJECT = re.compile(
    r"[（(]\d+[)）](?P<name>[^（(：:。]{2,60}?(?:[（(][^)）]{1,20}[)）])?)(?P<suffix>项目)?自评综述"
)


@dataclass
class Figure:
    """One stated amount with what the text says about it."""

    start: int
    end: int
    label: str  # the printed words naming it, enumerators and 其中 removed
    amount: Decimal
    money_unit: str
    names: list[str] = field(default_factory=list)  # 类/款/项 names of a function phrase
    rate: Decimal | None = None
    share: Decimal | None = None
    change: Decimal | None = None  # a 与上年相比 change stated about this figure
    change_pct: Decimal | None = None
    is_change: bool = False  # this amount is itself a change (…减少 N 万元)
    is_count: bool = False  # a count (车辆 2 辆, 项目 8 个), not money
    change_ref: str = ""  # what the change is about, as printed
    project: str | None = None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def clean_label(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(?:其中|包括|含)[：:]?", "", text)
    text = _ENUM.sub("", text)
    text = re.sub(r"^(?:其中|包括)[：:]?", "", text)
    return text


def strip_year(label: str) -> str:
    """'2024年度财政拨款支出' -> '财政拨款支出'; '今年支出' -> '支出'."""
    text = re.sub(r"^(?:\d{4}年度?|今年|本年度?|当年)", "", label)
    return re.sub(r"^(?:[^，]{0,12}?(?:局|中心|单位|部门)(?=\d{4}年))", "", text)


def _label_before(text: str, start: int) -> str:
    """The words before an amount back to the clause start, a heading's enumerator or a year
    (headings carry no punctuation, so joined lines run into the next sentence)."""
    left = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    label = text[left:start]
    cuts = [m.end() for m in _INNER_ENUM.finditer(label)]
    if cuts:
        label = label[cuts[-1] :]
    if "说明" in label:  # a heading such as …决算情况说明 runs into the first sentence
        label = label[label.rfind("说明") + 2 :]
    years = [m.start() for m in re.finditer(r"\d{4}\s*年", label)]
    if years and years[-1] > 0 and "截至" not in label:
        label = label[years[-1] :]
    return label


def _function_names(text: str, start: int) -> list[str]:
    """The 类/款/项 phrase ending right before an amount (a year's 预算数为 may sit between)."""
    window = text[max(0, start - 160) : start]
    window = re.sub(r"\d{4}\s*年(?:预算数|决算数)?为?\s*$", "", window)
    window = re.sub(r"(?:预算数|决算数)?为\s*$", "", window)
    markers = list(_FUNCTION.finditer(window))
    if not markers or window[markers[-1].end() :].strip():
        return []
    from warehouse.reference.resolver import parse_function_levels

    # walk back to the 类 marker that opens the phrase
    opening = [m for m in markers if "类" in m.group(0)]
    if not opening:
        return []
    phrase = window[_phrase_start(window, opening[-1].start()) :]
    levels = parse_function_levels(phrase)
    if [lv for lv, _ in levels] != list(range(1, len(levels) + 1)):
        return []
    return [name for _, name in levels]


def _phrase_start(window: str, class_marker: int) -> int:
    left = max(window.rfind(c, 0, class_marker) for c in _CLAUSE_END + "）)元%①②③④⑤⑥⑦⑧⑨⑩")
    return left + 1


def find_figures(text: str) -> list[Figure]:
    """Every "… N 万元" in reading order, with its label, rates, shares and changes."""
    figures: list[Figure] = []
    project: str | None = None
    projects = [(m.start(), m.group("name")) for m in _PROJECT.finditer(text)]
    projects = [(at, name) for at, name in projects if name]
    for match in _FIGURE.finditer(text):
        amount = _decimal(match.group("amount"))
        if amount is None:
            continue
        start = match.start()
        while projects and projects[0][0] < start:
            project = projects.pop(0)[1].strip()
        if re.match(r"\s*(?:[（(]含[)）])?以[上下]", text[match.end() :]):
            continue  # a threshold (单价 100 万元以上设备), not a figure
        label = clean_label(_label_before(text, start))
        names = _function_names(text, start)
        if len(label) > _MAX_LABEL and not names:
            continue  # table text run into the narrative, not a stated figure
        figure = Figure(
            start=start,
            end=match.end(),
            label=label,
            amount=amount,
            money_unit=match.group("unit"),
            names=names,
            project=project,
        )
        verb = _CHANGE_VERB.search(label)
        if verb and not figure.names:
            figure.is_change = True
            sign = Decimal(-1) if verb.group("verb") in _NEGATIVE else Decimal(1)
            figure.change = sign * amount
            figure.change_ref = _change_ref(label[: verb.start()])
            pct = _CHANGE_PCT.match(text[match.end() : match.end() + 20])
            if pct:
                psign = Decimal(-1) if pct.group("verb") in _NEGATIVE else Decimal(1)
                figure.change_pct = psign * Decimal(pct.group("pct"))
        figures.append(figure)
    _attach_after(text, figures)
    return sorted(figures + _counts(text), key=lambda f: f.start)


def _counts(text: str) -> list[Figure]:
    """Counts stated beside the money (车辆 2 辆, 团组 0 个): kept as statements without amount."""
    found: list[Figure] = []
    for match in _COUNT.finditer(text):
        label = clean_label(_label_before(text, match.start()))
        label = re.sub(r"^.*、", "", label)
        if not label or len(label) > _MAX_LABEL or not re.search(r"[\u4e00-\u9fff]", label):
            continue
        found.append(
            Figure(
                start=match.start(),
                end=match.end(),
                label=label,
                amount=Decimal(match.group("amount")),
                money_unit=match.group("unit"),
                is_count=True,
            )
        )
    return found


def _change_ref(text: str) -> str:
    """What a change is about: '今年收入总计' -> '收入总计'; '比上年' -> ''."""
    text = re.sub(r"(?:与上年相比|与\d{4}年相比)", "", text)
    text = re.sub(r"(?:比|较|与)(?:上年|\d{4}\s*年)(?:预算数?|决算数?)?(?:相比)?$", "", text)
    text = re.sub(r"\d{4}\s*年(?:预算数|决算数)?", "", text)
    return strip_year(text)


def _attach_after(text: str, figures: list[Figure]) -> None:
    """Shares and rates printed between a figure and the next one belong to it; a rate that
    names its figure ("基本支出完成年初预算的 126.46%") belongs to the latest figure so named."""
    bounds = [f.start for f in figures[1:]] + [len(text)] if figures else []
    for figure, bound in zip(figures, bounds, strict=True):
        if figure.is_change:
            continue
        span = text[figure.end : bound]
        share = _SHARE.search(span)
        if share and _no_sentence_break(span[: share.start()], allow=1):
            figure.share = Decimal(share.group("pct"))
    for rate in _RATE.finditer(text):
        ref = clean_label(_label_before(text, rate.start()))
        target = _rate_target(figures, rate.start(), ref)
        if target is not None and target.rate is None:
            target.rate = Decimal(rate.group("pct"))


def _no_sentence_break(text: str, allow: int) -> bool:
    return sum(text.count(c) for c in "。；;") <= allow - 1 and len(text) < 60


def _rate_target(figures: list[Figure], at: int, ref: str) -> Figure | None:
    before = [f for f in figures if f.end <= at and not f.is_change]
    if not before:
        return None
    named = strip_year(ref)
    if not named or named.startswith(("主要", "决算数", "与年初")):
        return before[-1] if at - before[-1].end < 400 else None
    for figure in reversed(before):
        if labels_match(named, figure.label):
            return figure
    return None


def labels_match(ref: str, label: str) -> bool:
    """Loose match of a figure's label and a later reference to it (项目 ~ 项目支出)."""
    a, b = strip_year(clean_label(ref)), strip_year(clean_label(label))
    if not a or not b:
        return False
    return a == b or b.endswith(a) or a.endswith(b) or b.startswith(a)


def flat_changes(text: str) -> list[tuple[int, str]]:
    """(offset, what) of every "与上年持平" statement: a change of zero."""
    found: list[tuple[int, str]] = []
    for pattern in (_FLAT_PRELUDE, _FLAT):
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 6) : match.end()]
            if "预算" in match.group(0) and "年初预算" in context:
                continue
            ref = _change_ref(clean_label(match.group("ref")))
            if all(abs(match.start() - at) > 10 for at, _ in found):
                found.append((match.start(), ref))
    return sorted(found)
