"""Narrative (情况说明) figures -> facts with stated rates, and stated figures.

A figure becomes a fact where the warehouse has a grain for it (a 类/款/项 line, 基本支出, a
“三公” item …); every other figure, and every figure with a 与上年相比 change, is kept as a
StagedStatement. A fact the tables already hold is not overridden: add_fact turns the
narrative's printing into a check, and the narrative's 完成年初预算的 rate is added to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from warehouse.extract.model import ExtractedDocument
from warehouse.parse.fa_three_public import three_public_item
from warehouse.parse.narrative_figures import (
    Figure,
    find_figures,
    flat_changes,
    labels_match,
    strip_year,
)
from warehouse.parse.narrative_text import JoinedText, join_lines
from warehouse.parse.numbers import wan_yuan
from warehouse.parse.staging import (
    ExpenditureGrain,
    Grain,
    Provenance,
    RevenueGrain,
    Stage,
    StagedDocument,
    StagedFact,
    StagedIssue,
    StagedStatement,
    ThreePublicGrain,
)
from warehouse.reference.resolver import resolve_function

TABLE = "情况说明"
_EXPENSE = {
    "基本支出": ("basic", None),
    "项目支出": ("project", None),
    "人员经费": ("personnel", None),
    "公用经费": ("public", None),
    "日常公用经费": ("public", None),
    "工资福利支出": ("basic", "301"),
    "商品和服务支出": ("basic", "302"),
    "对个人和家庭的补助": ("basic", "303"),
    "对个人和家庭的补助支出": ("basic", "303"),
    "资本性支出": ("basic", "310"),
}
_GP_TOTALS = {
    "一般公共预算财政拨款支出": "total",
    "一般公共预算财政拨款基本支出": "basic",
    "一般公共预算基本支出": "basic",
}
_REVENUE = {
    "一般公共预算财政拨款收入": "general_public",
    "一般公共预算拨款收入": "general_public",
    "本年一般公共预算拨款收入": "general_public",
    "政府性基金预算财政拨款收入": "gov_fund",
    "政府性基金收入": "gov_fund",
    "国有资本经营预算财政拨款收入": "state_capital",
    "上年结转和结余": "carryover",
    "上年结转": "carryover",
    "上年结转收入": "carryover",
}
CENT = Decimal("0.01")
_ALL_CONTEXT = ("支出总计", "支出预算", "收支总预算")
_LIST_ITEM = re.compile(r"(?:^|[；;。：:\s])\s*[0-9]{1,2}[.．、]\s*$")


@dataclass
class _Record:
    figure: Figure
    item: str
    grain: Grain | None
    year: int


def parse_narrative(doc: ExtractedDocument, staged: StagedDocument) -> None:
    """Stage every figure the running text states."""
    joined = join_lines(doc)
    year = staged.meta.fiscal_year
    stage: Stage = "budget" if staged.meta.doc_kind == "budget" else "actual"
    records = _classify(find_figures(joined.text), staged, joined, year, stage)
    _attach_flat(joined.text, records)
    _emit(records, staged, joined, stage)


def _classify(
    figures: list[Figure], staged: StagedDocument, joined: JoinedText, year: int, stage: Stage
) -> list[_Record]:
    records: list[_Record] = []
    context: str | None = "general_public" if stage == "actual" else "all"
    # "具体支出明细如下：1.办公费 … 9.公务用车运行维护费5万元" lists the parts of 机关运行经费:
    # those are its breakdown, not 三公 or other figures of their own
    breakdown_of: str | None = None
    for figure in figures:
        if figure.is_count:
            records.append(_Record(figure=figure, item=figure.label, grain=None, year=year))
            continue
        if figure.is_change:
            target = _change_target(records, figure.change_ref)
            if target is not None and target.figure.change is None:
                target.figure.change = figure.change
                target.figure.change_pct = figure.change_pct
            continue
        item = strip_year(figure.label)
        stated_year = _stated_year(figure.label, year)
        grain: Grain | None = None
        numbered = _is_list_item(joined.text, figure)
        if "运行经费" in item and not numbered:
            breakdown_of = item
        elif not numbered:
            breakdown_of = None
        elif breakdown_of is not None:
            records.append(_Record(figure=figure, item=item, grain=None, year=stated_year))
            continue
        if figure.names:
            grain = _function_grain(figure, staged, joined, year, stage, context)
            item = "".join(figure.names)
        elif stated_year == year and figure.money_unit == "万元":
            context = _context(item, context)
            grain = _grain(item, year, stage, context)
        records.append(_Record(figure=figure, item=item, grain=grain, year=stated_year))
    return records


def _is_list_item(text: str, figure: Figure) -> bool:
    """'9.公务用车运行维护费5万元': the figure's label is an item of a numbered list."""
    window = text[max(0, figure.start - len(figure.label) - 12) : figure.start]
    at = window.rfind(figure.label) if figure.label else -1
    return at >= 0 and bool(_LIST_ITEM.search(window[:at]))


def _stated_year(label: str, year: int) -> int:
    match = re.search(r"(\d{4})\s*年(?!\d|度?部门)", label)
    if match and "截至" not in label:
        stated = int(match.group(1))
        if abs(stated - year) <= 1:
            return stated
    return year


def _context(item: str, current: str | None) -> str | None:
    """Which fund source the figures after a total speak of."""
    if "一般公共预算" in item and ("支出" in item or "拨款" in item) and "收入" not in item:
        return "general_public"
    if item in _ALL_CONTEXT or item.endswith(_ALL_CONTEXT):
        return "all"
    if item == "财政拨款支出":
        return None
    return current


def _function_grain(
    figure: Figure,
    staged: StagedDocument,
    joined: JoinedText,
    year: int,
    stage: Stage,
    context: str | None,
) -> Grain | None:
    code = resolve_function(figure.names, year)
    if code is None:
        staged.issues.append(
            StagedIssue(
                reason="narrative 类/款/项 names not resolved to a function code",
                table=TABLE,
                page=joined.page(figure.start),
                lines=joined.line_range(figure.start, figure.end),
                row=joined.sentence(figure.start, figure.end),
                cell=str(figure.amount),
            )
        )
        return None
    return _expenditure(year, stage, code, None, context or "general_public", "total")


def _expenditure(
    year: int, stage: Stage, code: str | None, economic: str | None, source: str, kind: str
) -> ExpenditureGrain:
    return ExpenditureGrain(
        unit="",
        fiscal_year=year,
        stage=stage,
        function_code=code,
        economic_scheme="department" if economic else None,
        economic_code=economic,
        project=None,
        fund_source=source,
        expense_type=kind,
    )


def _grain(item: str, year: int, stage: Stage, context: str | None) -> Grain | None:
    if item == "支出总计":
        return _expenditure(year, stage, None, None, "all", "total")
    if item in _GP_TOTALS:
        return _expenditure(year, stage, None, None, "general_public", _GP_TOTALS[item])
    if item in _REVENUE:
        return RevenueGrain(
            unit="", fiscal_year=year, stage=stage, fund_source=_REVENUE[item], function_code=None
        )
    if item in _EXPENSE:
        if context is None:
            return None
        kind, economic = _EXPENSE[item]
        return _expenditure(year, stage, None, economic, context, kind)
    three_public = _three_public(item)
    if three_public is not None:
        return ThreePublicGrain(unit="", fiscal_year=year, stage=stage, item=three_public)
    if item.endswith("支出") and "预算" not in item and context is not None:
        code = resolve_function([item], year)
        if code is not None:
            return _expenditure(year, stage, code, None, context, "total")
    return None


def _three_public(item: str) -> str | None:
    """A “三公” item named by a figure's label ("公务接待费", "“三公”经费支出" …)."""
    if "累计" in item or "机关运行" in item:
        return None
    text = re.sub(r"(?:支出)?预算(?:数|为)?$|为$", "", item)
    if "三公" in text:
        return "total" if text.endswith(("经费", "经费支出", "经费预算数")) else None
    if not text.endswith(("费", "费用")):
        return None
    if "公务" not in text and "出国" not in text:
        return None
    found = three_public_item(text)
    return None if found == "total" else found


def _change_target(records: list[_Record], ref: str) -> _Record | None:
    records = [r for r in records if not r.figure.is_count]
    if not records:
        return None
    if ref in ("支出", "收入"):
        for record in reversed(records):
            if record.item == ref + "总计":
                return record
    if ref:
        for record in reversed(records):
            if labels_match(ref, record.item) or labels_match(ref, record.figure.label):
                return record
    return records[-1]


def _project(staged: StagedDocument, printed: str | None) -> str | None:
    """The project a self-evaluation paragraph names; its full name when a table printed it
    with a trailing 项目 that the paragraph's 项目自评综述 swallowed."""
    if not printed:
        return None
    from warehouse.parse.projects import project_key

    fuller = printed + "项目"
    if project_key(fuller) in staged.projects:
        return project_key(fuller)
    return staged.add_project(printed)


def _attach_flat(text: str, records: list[_Record]) -> None:
    for offset, ref in flat_changes(text):
        before = [r for r in records if r.figure.end <= offset]
        target = _change_target(before, ref)
        if target is not None and target.figure.change is None:
            target.figure.change = Decimal(0)


def _emit(records: list[_Record], staged: StagedDocument, joined: JoinedText, stage: Stage) -> None:
    index = len(staged.statements)
    for record in records:
        figure = record.figure
        sentence = joined.sentence(figure.start, figure.end)
        source = Provenance(
            table=TABLE,
            page=joined.page(figure.start),
            lines=joined.line_range(figure.start, figure.end),
            row=sentence,
        )
        amount: Decimal | None = wan_yuan(
            figure.amount, "元" if figure.money_unit == "元" else None
        )
        if figure.is_count:
            amount = None  # the count stays in the statement's text
        if record.grain is not None and amount is not None:
            fact = StagedFact(
                grain=record.grain,
                amount=amount,
                source=source,
                stated_rate=figure.rate,
                origin="narrative",
            )
            if not staged.add_fact(fact):
                stored = staged.facts[record.grain]
                # the same line (a cent's disagreement is the source's, and is recorded by
                # the repeated-printing check): the rate the text states belongs to it
                if stored.stated_rate is None and abs(stored.amount - amount) <= CENT:
                    stored.stated_rate = figure.rate
            if figure.change is None and figure.share is None:
                continue
        project = _project(staged, figure.project)
        staged.statements.append(
            StagedStatement(
                index=index,
                item=record.item or figure.label or "(unnamed)",
                amount=amount,
                source=source,
                stage=stage,
                fiscal_year=record.year,
                stated_rate=figure.rate,
                share_pct=figure.share,
                change_amount=figure.change,
                change_pct=figure.change_pct,
                project=project,
                text=sentence,
            )
        )
        index += 1
