"""A table's kind read from the words of its title, for titles no alias list foresaw.

The national templates name a table by what it counts, in a fixed vocabulary that each
province words differently: 收支总表 / 收支预算总表 / 部门收支总体情况表 / 预算单位财务收支预算总表
are one table. A reader recognizes them by their parts, and so does this module:

    stage     决算 → a final-account table; otherwise a budget table
    fund      一般公共预算 / 政府性基金 / 国有资本经营 / 财政拨款 / (none: all funds)
    subject   收支 (both sides) / 收入 / 支出, narrowed by 基本支出 / 项目支出
    breakdown 经济分类 (rows are economic classes) / 功能分类 / 按单位
    topics    “三公” / 绩效目标 / 绩效自评 / 政府采购 / 政府购买服务 / 债务 / 机关运行经费

Filler words (部门, 单位, 预算单位, 市级, 综合, 情况, 总体, 本年, 安排) say nothing of the kind.
A title whose words name no kind of the registry returns None and is logged unrecognized
with its figures: nothing is guessed.
"""

from __future__ import annotations

import re

from warehouse.parse.context import default_fund_source

_FILLER = re.compile(
    r"(?:20[0-9]{2}年度?|预算单位|市级|区级|省级|县级|市本级|部门|单位|综合|情况|总体|本年|安排的?|"
    r"[（(]按[^）)]*[）)]|[（(][^）)]*科目[）)])"
)


def _fund(text: str) -> str:
    """The title's fund words as default_fund_source reads them; 财政拨款 alone is 'fiscal'."""
    fund = default_fund_source(text)
    return "fiscal" if fund == "all" and "财政拨款" in text else fund


def _topic_kind(text: str, final: bool) -> str | None:
    """Tables named by a topic rather than by revenue and expenditure."""
    if "绩效" in text:
        whole = "整体" in text
        if "自评" in text:
            return "kpi_self_eval_unit" if whole else "kpi_self_eval_project"
        return "kpi_unit" if whole else "kpi_project"
    if "三公" in text:
        if final:
            return "fa_three_public"
        return "gov_fund_three_public" if "政府性基金" in text else "three_public"
    if "机关运行经费" in text:
        return "fa_operating_cost" if final else "operating_cost"
    if "政府采购" in text:
        return "procurement"
    if "政府购买服务" in text:
        return "purchased_services"
    if "债务" in text:
        return "debt_expenditure"
    return None


def _final_account_kind(fund: str, subject: str, basic: bool) -> str | None:
    if subject == "both":
        return {"all": "fa_summary", "fiscal": "fa_fiscal_summary"}.get(
            fund, {"gov_fund": "fa_gov_fund", "state_capital": "fa_state_capital"}.get(fund)
        )
    if subject == "revenue":
        return "fa_revenue" if fund == "all" else None
    return {
        "all": "fa_expenditure",
        "general_public": "fa_gp_basic" if basic else "fa_gp_expenditure",
        "gov_fund": "fa_gov_fund",
        "state_capital": "fa_state_capital",
    }.get(fund)


def _budget_expenditure_kind(text: str, title: str, fund: str) -> str | None:
    basic = "基本支出" in text
    project = "项目支出" in text
    economic = "经济分类" in title or "经济科目" in title
    if project and not economic:
        return "project_expenditure"
    if fund == "gov_fund":
        return "gov_fund_expenditure"
    if fund == "state_capital":
        return "state_capital_expenditure"
    if basic:
        return "gp_basic_by_economic" if fund == "general_public" else "basic_by_economic"
    if economic:
        return "fiscal_expenditure_by_economic"
    if fund == "general_public":
        return "gp_expenditure_by_function"
    if "功能分类" in title or "功能科目" in title:
        return "expenditure_by_function"
    return "expenditure_summary" if fund == "all" else "expenditure_by_function"


def kind_by_vocabulary(title: str) -> str | None:
    """The registry kind a normalized title names, or None when its words name none."""
    bare = re.sub(r"[（(][^）)]*[）)]$", "", title)
    if re.search(r"绩效目标(?:情况)?如下[:：]?$", title):
        return "kpi_project"  # '2026年，本部门重点项目绩效目标情况如下：' over the table
    if not bare.endswith("表") or len(title) > 60:
        return None
    final = "决算" in title
    topic = _topic_kind(title, final)
    if topic is not None or any(w in title for w in ("绩效", "三公", "机关运行经费")):
        return topic
    text = _FILLER.sub("", title)
    fund = _fund(text)
    by_unit = "按单位" in title or "分单位" in title
    both = "收支" in text or ("收入" in text and "支出" in text)
    if both:
        subject = "both"
    elif "收入" in text:
        subject = "revenue"
    elif "支出" in text:
        subject = "expenditure"
    else:
        return None
    if final:
        return _final_account_kind(fund, subject, "基本支出" in text)
    if by_unit:
        return "revenue_by_unit" if subject == "revenue" else "expenditure_by_unit"
    if subject == "both":
        if fund in ("gov_fund", "state_capital"):
            return "gov_fund_expenditure" if fund == "gov_fund" else "state_capital_expenditure"
        return "fiscal_summary" if fund == "fiscal" else "budget_summary"
    if subject == "revenue":
        return "revenue_summary" if fund == "all" else None
    return _budget_expenditure_kind(text, title, fund)
