"""The standard final-account tables, read from the rendered invented final account.

data/invented/final_account_2024/ is transcribed in the sample format and rendered by
tools.samplegen; its 年初预算数 columns must load as budget and its 决算数 as actual, exactly.
A final account's budget figures must not override the unit's own budget disclosure in the marts.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES, Grain, expected_facts, tables
from tests.recall import measure
from tools.samplegen import load_document, render
from warehouse.db.migrate import ensure_schema
from warehouse.extract.source import extract_document
from warehouse.load.ingest import ingest
from warehouse.parse.document import parse_document
from warehouse.parse.staging import ExpenditureGrain, RevenueGrain, ThreePublicGrain

INVENTED = SAMPLES.parent / "invented"
DOC = "final_account_2024"
ORACLE_DOC = f"../invented/{DOC}"  # the oracle reads any folder in the sample format
PDF = INVENTED / f"{DOC}.pdf"


def _expected() -> dict[Any, Decimal]:
    """The oracle's grains, less one disputed reading: 人员经费合计 printed in the code column,
    which tests/oracle.py takes for an economic code (the parser stores the personnel total)."""
    oracle = expected_facts(ORACLE_DOC)
    return {
        grain: printing.amount
        for grain, printing in oracle.first.items()
        if grain.economic_code is None or grain.economic_code.isdigit()
    }


def test_invented_pdf_is_rendered_from_its_transcription(tmp_path: Path) -> None:
    layout = render(load_document(INVENTED / DOC), INVENTED, tmp_path)
    assert (tmp_path / f"{DOC}.pdf").read_bytes()[:4] == b"%PDF"
    assert set(layout["tables"]) == {f"t{i:02d}" for i in range(1, 11)}
    assert PDF.exists(), "render with: python -m tools.samplegen --samples data/invented"


@pytest.fixture(scope="module")
def loaded(module_engine: Engine) -> tuple[Engine, int]:
    ensure_schema(module_engine)
    outcome = ingest(module_engine, [PDF]).outcomes[0]
    assert outcome.document_id is not None, outcome.reason
    return module_engine, outcome.document_id


def test_budget_and_actual_figures_load_exactly(loaded: tuple[Engine, int]) -> None:
    engine, document_id = loaded
    result = measure(engine, document_id, ORACLE_DOC)
    expected = _expected()
    missing = [g for g in expected if g not in result.found]
    wrong = [(g, want, result.found[g]) for g, want in expected.items() if g in result.found]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert not wrong
    assert not missing, missing[:5]
    stages = {g.stage for g in expected}
    assert stages == {"budget", "actual"}


def test_fiscal_summary_totals_are_fiscal_money_not_all_sources() -> None:
    """财政拨款收入支出决算总表 prints 财政拨款 money only: its 总计 must not land on the grain of
    收入支出决算总表's 总计 (all money), and its 本年支出合计 per source is that source's total."""
    staged = parse_document(extract_document(PDF))
    oracle = expected_facts(ORACLE_DOC)
    fiscal_title = next(
        str(t["title"]) for _, t in tables(ORACLE_DOC) if t.get("kind") == "fa_fiscal_summary"
    )
    assert not [c for c in staged.checks if c.outcome != "pass" and c.table == fiscal_title], (
        "the 财政拨款 table disagrees with a stored figure"
    )
    found = {_as_oracle(g): f.amount for g, f in staged.facts.items()}
    printed = [
        (g, p) for g, p in [*oracle.first.items(), *oracle.repeats] if p.title == fiscal_title
    ]
    assert printed
    for grain, printing in printed:
        assert found.get(grain) == printing.amount, grain


def _as_oracle(grain: ExpenditureGrain | RevenueGrain | ThreePublicGrain) -> Grain:
    if isinstance(grain, ExpenditureGrain):
        return Grain(
            "expenditure",
            grain.unit,
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
    if isinstance(grain, RevenueGrain):
        return Grain(
            "revenue",
            grain.unit,
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
    return Grain(
        "three_public",
        grain.unit,
        grain.fiscal_year,
        grain.stage,
        None,
        None,
        None,
        None,
        None,
        None,
        grain.item,
    )


def test_stage_comes_from_the_column_header() -> None:
    staged = parse_document(extract_document(PDF))
    oracle = expected_facts(ORACLE_DOC).first
    budget = [g for g in oracle if g.stage == "budget" and g.fact == "expenditure"]
    assert budget
    found: dict[tuple[str, str | None, str | None], Decimal] = {
        (g.stage, getattr(g, "function_code", None), getattr(g, "expense_type", None)): f.amount
        for g, f in staged.facts.items()
    }
    for grain in budget:
        key = (grain.stage, grain.function_code, grain.expense_type)
        assert found.get(key) == oracle[grain].amount, grain


def _budget_disclosure(folder: Path, amount: str) -> Path:
    """A budget disclosure of the invented unit and year, transcribed here and rendered."""
    doc = folder / "999_example_2024_budget"
    (doc / "tables").mkdir(parents=True)
    meta = {
        "seed": None,
        "title": "示例市医疗保障局2024年单位预算",
        "publisher": "示例市医疗保障局",
        "unit_code": None,
        "department": None,
        "province": None,
        "city": None,
        "fiscal_year": 2024,
        "doc_kind": "budget",
        "scope": "unit",
        "money_unit": "万元",
        "units": [],
        "narrative": [],
        "inconsistencies": [],
        "notes_transcriber": ["invented for a test"],
    }
    gp = {"fact": "expenditure", "fund_source": "general_public"}
    table = {
        "number": "表5",
        "title": "一般公共预算支出表",
        "kind": "gp_expenditure_by_function",
        "money_unit": "万元",
        "unit_line": "单位：万元",
        "extra_lines": [],
        "classification": "function",
        "landscape": False,
        "empty": False,
        "header": [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
        "columns": [
            {"key": "code"},
            {"key": "name"},
            {"key": "amount", "measure": {**gp, "expense_type": "total"}},
            {"key": "amount", "measure": {**gp, "expense_type": "basic"}},
            {"key": "amount", "measure": {**gp, "expense_type": "project"}},
        ],
        "rows": [
            ["", "合计", amount, amount, ""],
            ["210", "卫生健康支出", amount, amount, ""],
            ["21015", "医疗保障管理事务", amount, amount, ""],
            ["2101501", "行政运行", amount, amount, ""],
        ],
        "notes": [],
        "notes_transcriber": [],
    }
    dump: dict[str, Any] = {"allow_unicode": True, "sort_keys": False}
    (doc / "document.yaml").write_text(yaml.safe_dump(meta, **dump), encoding="utf-8")
    (doc / "tables" / "t01.yaml").write_text(yaml.safe_dump(table, **dump), encoding="utf-8")
    render(load_document(doc), folder, folder)
    return folder / f"{doc.name}.pdf"


def test_budget_vs_actual_prefers_the_budget_document(engine: Engine, tmp_path: Path) -> None:
    ensure_schema(engine)
    oracle = expected_facts(ORACLE_DOC).first
    quoted = next(
        p.amount
        for g, p in oracle.items()
        if g.function_code == "2101501" and g.stage == "budget" and g.expense_type == "total"
    )
    actual = next(
        p.amount
        for g, p in oracle.items()
        if g.function_code == "2101501"
        and g.stage == "actual"
        and g.expense_type == "total"
        and g.fund_source == "general_public"
    )
    own_budget = quoted - Decimal("2.46")  # the budget disclosure prints another figure
    budget_pdf = _budget_disclosure(tmp_path, f"{own_budget:,.2f}")
    outcomes = ingest(engine, [PDF, budget_pdf]).outcomes
    assert all(o.document_id is not None for o in outcomes), [o.reason for o in outcomes]
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT budget_amount, actual_amount, budget_basis FROM mart.budget_vs_actual "
                "WHERE function_code = '2101501' AND fiscal_year = 2024"
            )
        ).one()
    assert row.budget_amount == own_budget
    assert row.budget_basis == "budget_document"
    assert row.actual_amount == actual
