"""By-unit expenditure tables (支出预算按单位分类汇总表) against the oracle, and on a hand-built
table with 人员经费/公用经费 and differently spelled economic classes."""

from __future__ import annotations

from decimal import Decimal

from tests.test_summary_tables import assert_recall, context, new_staged
from warehouse.extract.model import RawTable
from warehouse.parse import unit_tables
from warehouse.parse.staging import ExpenditureGrain


def test_expenditure_by_unit_matches_the_oracle() -> None:
    assert_recall("000_shenyang_2019_budget", {"expenditure_by_unit"})


def test_hand_built_expenditure_by_unit() -> None:
    rows = [
        ["单位名称", "合计", "基本支出", "", "", "项目支出", ""],
        ["", "", "小计", "工资福利支出", "对个人和家庭补助支出", "小计", "商品和服务支出"],
        ["合计", "50.00", "30.00", "25.00", "5.00", "20.00", "20.00"],
        ["某市医疗保障局本级", "50.00", "30.00", "25.00", "5.00", "20.00", "20.00"],
    ]
    staged = new_staged()
    title = "部门支出预算按单位分类汇总表"
    table = RawTable(index=0, rows=rows, title=title, page_first=1, page_last=1)
    result = unit_tables.parse_table(table, context("expenditure_by_unit", title), staged)

    def exp(unit: str, kind: str, code: str | None = None) -> ExpenditureGrain:
        scheme = "department" if code else None
        return ExpenditureGrain(unit, 2024, "budget", None, scheme, code, None, "all", kind)

    amounts = {g: f.amount for g, f in staged.facts.items()}
    expected = {}
    for unit in ("", "某市医疗保障局本级"):
        expected |= {
            exp(unit, "total"): Decimal("50.00"),
            exp(unit, "basic"): Decimal("30.00"),
            exp(unit, "basic", "301"): Decimal("25.00"),
            exp(unit, "basic", "303"): Decimal("5.00"),
            exp(unit, "project"): Decimal("20.00"),
            exp(unit, "project", "302"): Decimal("20.00"),
        }
    assert amounts == expected
    assert result.n_figures == 12 and result.n_facts == 12
    sums = [c for c in staged.checks if c.name == "column_sum"]
    assert len(sums) == 6 and all(c.outcome == "pass" for c in sums)
    assert not staged.issues
