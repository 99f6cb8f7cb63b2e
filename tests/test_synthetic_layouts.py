"""Synthetic layouts that once lost facts: each document is rendered, extracted and parsed
(no database) and every expected fact must be staged at its grain with its exact amount.

- profile 004 (grid and open tables alternate) draws 000's 项目支出表 open: a wrapped 绩效目标
  line hangs its 、 into the 合计 column, a row too tall for the page moves on under a header
  repeated on the same page, and a wrapped cell line ending in …表 is no table title;
- profile 000 (grid) drawing 001: a '）' hanging past the 项目名称 cell's border stays in it;
- profile 002 (open tables) drawing 000: a table continued at the top of a portrait page has
  its top rule inside the page's top margin.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from warehouse.extract.source import extract_document
from warehouse.parse.document import parse_document
from warehouse.parse.projects import project_key
from warehouse.parse.staging import ExpenditureGrain, RevenueGrain, StagedDocument
from warehouse.synthetic.corpus import plan, render_document
from warehouse.synthetic.expected import ExpectedFact, Grain
from warehouse.synthetic.perturb import Variant
from warehouse.synthetic.verify import comparable_unit

SEED = 20240601
Corpus = tuple[Path, list[Variant]]


def _staged(staged: StagedDocument, want: list[Grain]) -> dict[Grain, Decimal]:
    """The staged facts at the expected facts' grains (names matched as the benchmark does)."""
    projects = {project_key(g.project): g.project for g in want if g.project}
    units = {comparable_unit(g.unit): g.unit for g in want if g.unit}
    out: dict[Grain, Decimal] = {}
    for g, fact in staged.facts.items():
        ref = staged.units[g.unit]
        unit = "" if ref.is_publisher else units.get(comparable_unit(ref.name), ref.name)
        project = None
        if isinstance(g, ExpenditureGrain) and g.project:
            printed = staged.projects.get(g.project, g.project)
            project = projects.get(project_key(printed), printed)
        kind = (
            "expenditure"
            if isinstance(g, ExpenditureGrain)
            else "revenue"
            if isinstance(g, RevenueGrain)
            else "three_public"
        )
        grain = Grain(
            fact=kind,
            unit=unit,
            fiscal_year=g.fiscal_year,
            stage=g.stage,
            function_code=getattr(g, "function_code", None),
            economic_scheme=getattr(g, "economic_scheme", None),
            economic_code=getattr(g, "economic_code", None),
            project=project,
            fund_source=getattr(g, "fund_source", None),
            expense_type=getattr(g, "expense_type", None),
            item=getattr(g, "item", None),
        )
        out[grain] = fact.amount
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return tmp_path_factory.mktemp("synthetic"), plan(65, seed=SEED)


def _check(corpus: Corpus, index: int, doc_id: str) -> dict[Grain, Decimal]:
    out, variants = corpus
    variant = variants[index]
    assert variant.doc_id == doc_id
    doc = render_document(variant, out)
    expected = [
        ExpectedFact.from_json(f)
        for f in json.loads(doc.expected.read_text(encoding="utf-8"))["facts"]
    ]
    want = {f.grain: f.amount for f in expected}
    found = _staged(parse_document(extract_document(doc.pdf)), list(want))
    missing = [g for g in want if g not in found]
    wrong = [(g, want[g], found[g]) for g in want if g in found and found[g] != want[g]]
    assert missing == [] and wrong == []
    return found


def test_open_project_table_with_hanging_punctuation_and_repeated_header(
    corpus: Corpus,
) -> None:
    found = _check(corpus, 12, "004_syn00012_shenyang_2019_budget")
    projects = {
        (g.unit, g.project): amount
        for g, amount in found.items()
        if g.expense_type == "project" and g.fund_source == "all" and g.project
    }
    assert projects[("丹东市医疗保障局本级", "定点医疗机构年终考核经费")] == Decimal("12.00")
    assert projects[("", "“一平台两服务”采购经费")] == Decimal("2354")
    assert projects[("", "医保短信提醒及个人医保关系转移邮寄费")] == Decimal("39.96")
    assert not any(g.fund_source == "special_account" for g in found)


def test_grid_cell_keeps_its_hanging_closing_bracket(
    corpus: Corpus,
) -> None:
    found = _check(corpus, 13, "000_syn00013_shenyang_center_2023_budget")
    name = "2017年省财政城乡医疗救助补助直达资金（辽财指社（2022）684号）"
    amounts = {g.fund_source: a for g, a in found.items() if g.project == name}
    assert amounts == {"all": Decimal("8145.00"), "general_public": Decimal("8145.00")}


def test_open_tables_continued_at_the_top_margin_of_portrait_pages(
    corpus: Corpus,
) -> None:
    found = _check(corpus, 64, "002_syn00064_shenyang_2019_budget")
    basic = {
        (g.economic_code, g.expense_type): a
        for g, a in found.items()
        if g.economic_scheme == "department" and g.function_code is None
    }
    assert basic[("30231", "public")] == Decimal("9.92")
    assert basic[("303", "personnel")] == Decimal("10.59")
    projects = {g.project: a for g, a in found.items() if g.project and g.fund_source == "all"}
    assert projects["定点医疗机构年终考核经费"] == Decimal("6.00")
    assert projects["医保业务印刷费"] == Decimal("70")
