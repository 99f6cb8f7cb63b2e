"""Table titles of the real corpus, read by their words; every kind has titles and a parser."""

from __future__ import annotations

import pytest

from warehouse.parse import title_vocabulary
from warehouse.parse.document import PARSERS
from warehouse.parse.table_kinds import TABLE_TITLES, classify_title, normalize_title

# printed titles from ../shared/real (广州, 深圳, 杭州, 西安, 北京, 江苏, 上海, 长沙 …)
CASES = [
    ("预算01表 收支总表", "budget_summary"),
    ("表一 收支预算总表", "budget_summary"),
    ("2026年预算单位财务收支预算总表", "budget_summary"),
    ("收入总体情况表", "revenue_summary"),
    ("本年支出总体情况表", "expenditure_summary"),
    ("表3：2026年市级部门支出预算总表", "expenditure_summary"),
    ("财政拨款收支总体情况表", "fiscal_summary"),
    ("一般公共预算支出情况表（按功能分类科目）", "gp_expenditure_by_function"),
    ("一般公共预算基本支出情况表（按经济分类科目）", "gp_basic_by_economic"),
    ("一般公共预算项目支出情况表（按经济分类科目）", "fiscal_expenditure_by_economic"),
    (
        "2022年部门综合预算一般公共预算支出明细表（按支出经济分类科目-不含上年结转）",
        "fiscal_expenditure_by_economic",
    ),
    ("基本支出总表", "basic_by_economic"),
    ("财政拨款基本支出表（经济科目）", "basic_by_economic"),
    ("部门预算项目支出及其他支出预算表", "project_expenditure"),
    ("政府性基金预算支出情况表", "gov_fund_expenditure"),
    ("十一、国有资本经营预算支出预算表", "state_capital_expenditure"),
    ("九、一般公共预算“三公”经费、会议费、培训费支出表", "three_public"),
    ("一般公共预算机关运行经费支出预算表", "operating_cost"),
    ("十三、政府采购支出表", "procurement"),
    ("政策和项目预算绩效目标表", "kpi_project"),
    ("2026年，本部门重点项目绩效目标情况如下：", "kpi_project"),
    ("部门整体支出绩效目标表", "kpi_unit"),
    ("一般公共预算财政拨款基本支出决算表", "fa_gp_basic"),
]


@pytest.mark.parametrize(("title", "kind"), CASES)
def test_printed_titles_name_their_kind(title: str, kind: str) -> None:
    match = classify_title(title)
    assert match is not None and match.kind == kind, (title, match)


@pytest.mark.parametrize(
    "title",
    ["培训费明细表", "目 录", "纳入本部门当年预算编制范围的二级预算单位共有1个，包括：", "表"],
)
def test_words_that_name_no_table_are_not_guessed(title: str) -> None:
    assert classify_title(title) is None


def test_every_kind_has_titles_and_a_parser() -> None:
    assert set(TABLE_TITLES) <= set(PARSERS)
    for kind, aliases in TABLE_TITLES.items():
        assert aliases, kind
        for alias in aliases:
            match = classify_title(alias)
            assert match is not None and match.kind == kind, (alias, match)


def test_every_kind_the_vocabulary_returns_is_registered() -> None:
    titles = [normalize_title(t) for t, _ in CASES]
    returned = {title_vocabulary.kind_by_vocabulary(t) for t in titles} - {None}
    assert returned <= set(PARSERS)
