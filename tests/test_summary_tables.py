"""Two-sided summary tables (收支总表, 财政拨款收支总表) against the oracle, and on a hand-built
table worded differently from the samples (unnumbered revenue lines, 金额 columns)."""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import pytest

from tests.oracle import SAMPLES, Grain, expected_facts, tables
from warehouse.extract.model import RawTable
from warehouse.extract.source import extract_document
from warehouse.parse import summary_tables
from warehouse.parse.context import TableContext
from warehouse.parse.document import parse_document
from warehouse.parse.staging import (
    DocumentMeta,
    ExpenditureGrain,
    RevenueGrain,
    StagedDocument,
    UnitRef,
)

TEXTS = {"004_nanchong_2020_budget": "004_27dac4d35b4177e2.txt"}


@functools.cache
def staged_of(doc: str, text: bool = False) -> StagedDocument:
    path = SAMPLES / "text" / TEXTS[doc] if text else SAMPLES / f"{doc}.pdf"
    return parse_document(extract_document(Path(path)))


def staged_grains(staged: StagedDocument) -> dict[Grain, Decimal]:
    """Staged facts at the oracle's grain (unit by printed name, '' for the publisher)."""
    found: dict[Grain, Decimal] = {}
    for grain, fact in staged.facts.items():
        unit = staged.units[grain.unit].name if grain.unit else ""
        if isinstance(grain, ExpenditureGrain):
            key = Grain(
                "expenditure",
                unit,
                grain.fiscal_year,
                grain.stage,
                grain.function_code,
                grain.economic_scheme,
                grain.economic_code,
                grain.project,
                grain.fund_source,
                grain.expense_type,
                None,
            )
        elif isinstance(grain, RevenueGrain):
            key = Grain(
                "revenue",
                unit,
                grain.fiscal_year,
                grain.stage,
                grain.function_code,
                None,
                None,
                None,
                grain.fund_source,
                None,
                None,
            )
        else:
            continue
        found[key] = fact.amount
    return found


def oracle_for(doc: str, kinds: set[str]) -> dict[Grain, Decimal | None]:
    """Grains printed in a table of one of the kinds: the amount where that table prints the
    figure first (the stored one), None where it repeats a figure stored from another table."""
    kind_of = {name: str(t.get("kind")) for name, t in tables(doc)}
    oracle = expected_facts(doc)
    expected: dict[Grain, Decimal | None] = {
        grain: None
        for grain, printing in oracle.repeats
        if kind_of.get(printing.table_file) in kinds
    }
    for grain, printing in oracle.first.items():
        if kind_of.get(printing.table_file) in kinds:
            expected[grain] = printing.amount
    return expected


def assert_recall(doc: str, kinds: set[str], text: bool = False) -> None:
    staged = staged_of(doc, text)
    if not any(t.kind in kinds for t in staged.tables):
        pytest.xfail(f"{doc}: the front end yields no table of kinds {sorted(kinds)}")
    expected = oracle_for(doc, kinds)
    assert expected, "the oracle has facts of these kinds"
    found = staged_grains(staged)
    missing = {g: a for g, a in expected.items() if g not in found or a not in (None, found[g])}
    assert not missing, f"{len(missing)} of {len(expected)} missing or wrong: {missing}"


@pytest.mark.parametrize(
    "doc",
    ["000_shenyang_2019_budget", "001_shenyang_center_2023_budget", "004_nanchong_2020_budget"],
)
@pytest.mark.parametrize("kind", ["budget_summary", "fiscal_summary"])
def test_summary_tables_match_the_oracle(doc: str, kind: str) -> None:
    assert_recall(doc, {kind})


@pytest.mark.parametrize("kind", ["budget_summary", "fiscal_summary"])
def test_sichuan_summary_tables_from_the_seed_text(kind: str) -> None:
    """Seed 004 prints both summary tables over two pages with the header repeated: the text
    front end gives two tables of the same title, each read on its own header."""
    assert_recall("004_nanchong_2020_budget", {kind}, text=True)


def test_summary_table_subtotals_become_checks() -> None:
    """财政拨款收支总表 of seed 000: its 类 lines add to 6,894.74 against 一、本年支出 6,894.75."""
    staged = staged_of("000_shenyang_2019_budget")
    checks = [
        c for c in staged.checks if c.table == "财政拨款收支总表" and c.name == "subtotal_sum"
    ]
    assert any(
        c.outcome == "source_inconsistency" and c.found == Decimal("6894.75") for c in checks
    )


def new_staged(year: int = 2024) -> StagedDocument:
    meta = DocumentMeta(
        title=None,
        publisher="某市医疗保障局",
        unit_code=None,
        fiscal_year=year,
        doc_kind="budget",
        scope="department",
        province=None,
        city=None,
    )
    staged = StagedDocument("hand", "0" * 64, "pdf", 1, meta)
    staged.units[""] = UnitRef(key="", name="某市医疗保障局", code=None, is_publisher=True)
    return staged


def context(kind: str, title: str, year: int = 2024) -> TableContext:
    return TableContext(
        kind=kind,
        title=title,
        fiscal_year=year,
        stage="budget",
        money_unit="万元",
        default_fund_source="all",
    )


def test_hand_built_summary_with_unnumbered_revenue_lines() -> None:
    rows = [
        ["单位：某市医疗保障局", "", "", ""],
        ["收  入", "", "支  出", ""],
        ["项目", "金额", "项目", "金额"],
        ["一般公共预算拨款收入", "100.00", "社会保障和就业支出", "15.00"],
        ["政府性基金预算拨款收入", "20.00", "卫生健康支出", "105.00"],
        ["财政专户管理资金收入", "", "住房保障支出", "5.00"],
        ["本年收入合计", "120.00", "本年支出合计", "125.00"],
        ["上年结转结余", "5.00", "年终结转结余", ""],
        ["收入总计", "125.00", "支出总计", "125.00"],
    ]
    staged = new_staged()
    table = RawTable(index=0, rows=rows, title="收支总表", page_first=1, page_last=1)
    result = summary_tables.parse_table(table, context("budget_summary", "收支总表"), staged)

    def rev(source: str) -> RevenueGrain:
        return RevenueGrain("", 2024, "budget", source, None)

    def exp(code: str | None) -> ExpenditureGrain:
        return ExpenditureGrain("", 2024, "budget", code, None, None, None, "all", "total")

    amounts = {g: f.amount for g, f in staged.facts.items()}
    assert amounts == {
        rev("general_public"): Decimal("100.00"),
        rev("gov_fund"): Decimal("20.00"),
        rev("carryover"): Decimal("5.00"),
        rev("all"): Decimal("125.00"),
        exp("208"): Decimal("15.00"),
        exp("210"): Decimal("105.00"),
        exp("221"): Decimal("5.00"),
        exp(None): Decimal("125.00"),
    }
    assert result.n_figures == 10 and result.n_facts == 8
    subtotal_checks = [c for c in staged.checks if c.name == "subtotal_sum"]
    assert {c.outcome for c in subtotal_checks} == {"pass"} and len(subtotal_checks) == 2
    assert not staged.issues
