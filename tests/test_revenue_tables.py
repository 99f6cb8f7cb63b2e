"""Revenue tables (收入预算总表, 部门收入总表, 收入预算按单位分类汇总表) against the oracle, and
on a hand-built by-unit table with a header worded differently from the samples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_summary_tables import assert_recall, context, new_staged
from warehouse.extract.model import RawTable
from warehouse.parse import revenue_tables
from warehouse.parse.staging import RevenueGrain


@pytest.mark.parametrize(
    "doc",
    ["000_shenyang_2019_budget", "001_shenyang_center_2023_budget", "004_nanchong_2020_budget"],
)
def test_revenue_summary_matches_the_oracle(doc: str) -> None:
    assert_recall(doc, {"revenue_summary"})


def test_revenue_by_unit_matches_the_oracle() -> None:
    assert_recall("000_shenyang_2019_budget", {"revenue_by_unit"})


def test_hand_built_revenue_by_unit_and_code() -> None:
    """The publisher named with its code, 总计 over 本年收入 and 上年结转结余 column groups,
    单位资金 kinds and the carryover's sources as breakdowns (checks, not grains)."""
    rows = [
        ["单位名称", "功能科目编码", "总计", "本年收入", "", "", "上年结转结余", ""],
        ["", "", "", "小计", "一般公共预算拨款", "单位资金", "合计", "一般公共预算"],
        ["合计", "", "130.00", "120.00", "100.00", "20.00", "10.00", "10.00"],
        ["101001 某市医疗保障局", "", "130.00", "120.00", "100.00", "20.00", "10.00", "10.00"],
        ["", "210", "130.00", "120.00", "100.00", "20.00", "10.00", "10.00"],
    ]
    staged = new_staged()
    table = RawTable(index=0, rows=rows, title="部门收入总表", page_first=1, page_last=1)
    result = revenue_tables.parse_table(table, context("revenue_summary", "部门收入总表"), staged)

    def rev(unit: str, source: str, code: str | None = None) -> RevenueGrain:
        return RevenueGrain(unit, 2024, "budget", source, code)

    amounts = {g: f.amount for g, f in staged.facts.items()}
    assert amounts == {
        rev("", "all"): Decimal("130.00"),
        rev("", "general_public"): Decimal("100.00"),
        rev("", "unit_funds"): Decimal("20.00"),
        rev("", "carryover"): Decimal("10.00"),
        rev("", "all", "210"): Decimal("130.00"),
        rev("", "general_public", "210"): Decimal("100.00"),
        rev("", "unit_funds", "210"): Decimal("20.00"),
        rev("", "carryover", "210"): Decimal("10.00"),
    }
    # the row naming the publisher (with its code) repeats the 合计 figures: checks that pass
    assert set(staged.units) == {""}
    assert result.n_figures == 18 and result.n_facts == 8
    repeats = [c for c in staged.checks if c.name == "repeated_printing"]
    assert len(repeats) == 4 and all(c.outcome == "pass" for c in repeats)
    sums = [c for c in staged.checks if c.name == "column_sum"]
    assert sums and all(c.outcome == "pass" for c in sums)
    assert not staged.issues
