"""Which table is this? Decided by its printed title, matched whole or by the longest alias.

Never by substring: 支出决算表 is a substring of every …支出决算表, so a title is matched to the
longest alias it equals or ends with (a unit name or year may precede the printed title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# kind -> printed titles seen in the genre (budget and final-account, several provinces)
TABLE_TITLES: dict[str, tuple[str, ...]] = {
    "budget_summary": (
        "收支预算总表",
        "部门预算收支总表",
        "部门收支总表",
        "收支预算表",
        "收支总表",
    ),
    "revenue_summary": ("收入预算总表", "部门预算收入总表", "部门收入总表", "收入总表"),
    "expenditure_summary": ("支出预算总表", "部门预算支出总表", "部门支出总表", "支出总表"),
    "fiscal_summary": (
        "财政拨款收支预算总表",
        "财政拨款收支总表",
        "财政拨款收支预算表",
    ),
    "gp_expenditure_by_function": (
        "一般公共预算支出表",
        "一般公共预算支出预算表",
        "一般公共预算财政拨款支出表",
    ),
    "gp_basic_by_economic": (
        "一般公共预算基本支出表",
        "一般公共预算基本支出预算表",
        "一般公共预算财政拨款基本支出表",
        "一般公共预算基本支出预算表（部门经济分类科目）",
        "一般公共预算基本支出预算表（政府经济分类科目）",
    ),
    "basic_by_economic": ("基本支出总表", "基本支出预算表", "部门预算基本支出预算表"),
    "fiscal_expenditure_by_economic": (
        "一般公共预算支出经济分类表",
        "财政拨款支出经济分类表",
        "支出经济分类汇总表",
    ),
    "gp_expenditure_by_economic": (
        "一般公共预算支出预算表（部门经济分类科目）",
        "一般公共预算支出预算表（政府经济分类科目）",
    ),
    "three_public": (
        "一般公共预算“三公”经费支出表",
        "一般公共预算“三公”经费支出预算表",
        "“三公”经费支出表",
        "“三公”经费支出预算表",
        "一般公共预算财政拨款“三公”经费支出表",
    ),
    "gov_fund_expenditure": (
        "政府性基金预算支出表",
        "政府性基金支出预算表",
        "政府性基金预算财政拨款支出表",
    ),
    "gov_fund_three_public": ("政府性基金“三公”经费支出预算表",),
    "state_capital_expenditure": (
        "国有资本经营预算支出表",
        "国有资本经营预算支出预算表",
        "国有资本经营预算财政拨款支出表",
    ),
    "project_expenditure": (
        "项目支出预算表",
        "项目支出表",
        "一般公共预算项目支出预算表",
        "部门项目支出预算表",
    ),
    "expenditure_by_function": ("支出功能分类预算表",),
    "expenditure_by_economic_government": (
        "支出经济分类预算表（政府预算）",
        "财政拨款支出预算表（政府经济分类科目）",
    ),
    "expenditure_by_economic_department": ("支出经济分类预算表（部门预算）",),
    "debt_expenditure": ("债务支出预算表",),
    "operating_cost": ("一般公共预算机关运行经费支出预算表", "机关运行经费支出预算表"),
    "procurement": ("政府采购支出预算表", "政府采购预算表", "政府采购情况表"),
    "purchased_services": ("政府购买服务支出预算表", "政府购买服务预算表"),
    "revenue_by_unit": ("收入预算按单位分类汇总表", "部门收入预算按单位分类汇总表"),
    "expenditure_by_unit": ("支出预算按单位分类汇总表", "部门支出预算按单位分类汇总表"),
    "kpi_unit": ("部门（单位）整体绩效目标表", "部门整体绩效目标表", "单位整体绩效目标表"),
    "kpi_project": (
        "部门预算项目（政策）绩效目标表",
        "项目绩效目标表",
        "项目（政策）绩效目标表",
        "市本级部门预算项目绩效目标",
        "市级部门预算项目绩效目标",
        "市级部门预算项目绩效目标（部门预算）",
        "项目支出绩效目标表",
    ),
    "kpi_self_eval_unit": ("部门（单位）整体绩效自评表", "部门整体绩效自评表"),
    "kpi_self_eval_project": ("预算项目（政策）绩效自评表", "项目支出绩效自评表"),
    # final accounts
    "fa_summary": ("收入支出决算总表",),
    "fa_revenue": ("收入决算表",),
    "fa_expenditure": ("支出决算表",),
    "fa_fiscal_summary": ("财政拨款收入支出决算总表", "财政拨款收支决算总表"),
    "fa_gp_expenditure": (
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款支出决算明细表",
    ),
    "fa_gp_basic": ("一般公共预算财政拨款基本支出决算表",),
    "fa_three_public": (
        "一般公共预算财政拨款“三公”经费支出决算表",
        "“三公”经费支出决算表",
        "财政拨款“三公”经费支出决算表",
    ),
    "fa_gov_fund": ("政府性基金预算财政拨款收入支出决算表",),
    "fa_state_capital": (
        "国有资本经营预算财政拨款支出决算表",
        "国有资本经营预算财政拨款收入支出决算表",
    ),
    "fa_operating_cost": ("机关运行经费支出决算表",),
}

_BRACKETS = str.maketrans({"(": "（", ")": "）", '"': "“", "”": "“", "〝": "“", "〞": "“"})


def normalize_title(title: str) -> str:
    """Spaces out, brackets and quotes to one form, leading 表N/numbering out."""
    text = re.sub(r"\s+", "", title).translate(_BRACKETS)
    text = re.sub(
        r"^(?:附件[0-9]+[:：]?)?(?:[0-9]+[.、]|[（(]?[一二三四五六七八九十]+[）)、.]|"
        r"(?:部门|预算|决算)?(?:公开)?表(?:[0-9]+|(?:[二三四五六七八九十]|一(?!般))+)"
        r"(?:-[0-9]+)?[.、：:]?|"
        r"(?:部门|预算|决算)?(?:公开)?[0-9]+表[.、：:]?)?",
        "",
        text,
    )
    text = re.sub(r"[（(]表[0-9-]+[）)]$", "", text)
    # the opening and closing quotes of “三公” are both mapped to “
    return text


@dataclass(frozen=True)
class TitleMatch:
    kind: str
    alias: str


def _aliases() -> list[tuple[str, str]]:
    pairs = [
        (normalize_title(alias), kind)
        for kind, aliases in TABLE_TITLES.items()
        for alias in aliases
    ]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


_ALIASES = _aliases()


def classify_title(title: str | None) -> TitleMatch | None:
    """The table kind of a printed title, or None when the title is not a known table.

    A title printed as the genre prints it is matched whole (or by its longest alias after a
    unit name and year); any other title is read by its words (title_vocabulary.py), as a
    reader of the national templates reads 预算单位一般公共预算支出功能分类预算表.
    """
    if not title:
        return None
    text = normalize_title(title)
    for alias, kind in _ALIASES:
        if text == alias or (text.endswith(alias) and _is_name_prefix(text[: -len(alias)])):
            return TitleMatch(kind=kind, alias=alias)
    from warehouse.parse.title_vocabulary import kind_by_vocabulary

    by_words = kind_by_vocabulary(text)
    return TitleMatch(kind=by_words, alias=text) if by_words else None


def _is_name_prefix(prefix: str) -> bool:
    """What may stand before a title: a unit name and/or a year ('沈阳市医保局2019年')."""
    if not prefix:
        return True
    return bool(re.search(r"(局|中心|单位|部门|本级|年度?|[0-9]{4})$", prefix))
