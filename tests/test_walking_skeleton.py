"""Walking skeleton: one table kind of one document, file -> facts -> mart, on real parts.

The 支出功能分类预算表 (表10) of the 2023 unit budget of 沈阳市医疗保障事务服务中心, from the
sample PDF through pdfplumber into core.fact_expenditure and mart.expenditure_yoy.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES, expected_facts, table_pages
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest

DOC = "001_shenyang_center_2023_budget"
PDF = SAMPLES / f"{DOC}.pdf"
TITLE = "支出功能分类预算表"


@pytest.fixture(scope="module")
def loaded(module_engine: Engine) -> Engine:
    ensure_schema(module_engine)
    report = ingest(module_engine, [PDF])
    assert [o.outcome for o in report.outcomes] == ["loaded"]
    return module_engine


def _fact(
    engine: Engine, code: str | None, fund_source: str, expense_type: str
) -> tuple[Decimal, str, int | None]:
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT amount, source_table, source_page FROM core.fact_expenditure "
                "WHERE function_code IS NOT DISTINCT FROM :code AND economic_code IS NULL "
                "AND project_id IS NULL AND fund_source = :fs AND expense_type = :et "
                "AND stage = 'budget' AND fiscal_year = 2023"
            ),
            {"code": code, "fs": fund_source, "et": expense_type},
        ).one()
    return Decimal(row.amount), str(row.source_table), row.source_page


def test_every_figure_of_the_function_table_is_a_fact_with_its_printed_amount(
    loaded: Engine,
) -> None:
    oracle = expected_facts(DOC)
    in_table = {
        grain: printing
        for grain, printing in list(oracle.first.items()) + oracle.repeats
        if printing.title == TITLE and grain.fact == "expenditure"
    }
    assert len(in_table) >= 40  # 21 rows x (总计, 一般公共预算) + carryover lines
    for grain, printing in in_table.items():
        amount, _, _ = _fact(
            loaded, grain.function_code, str(grain.fund_source), str(grain.expense_type)
        )
        assert amount == printing.amount, (grain, amount, printing)


def test_facts_first_printed_in_the_table_point_to_its_page(loaded: Engine) -> None:
    oracle = expected_facts(DOC)
    pages = table_pages(DOC, "t10")
    first_here = [g for g, p in oracle.first.items() if p.title == TITLE]
    assert first_here, "表10 prints the carryover column first"
    for grain in first_here:
        _, source_table, source_page = _fact(
            loaded, grain.function_code, str(grain.fund_source), str(grain.expense_type)
        )
        assert source_table == TITLE
        assert source_page in pages


def test_a_fact_reaches_the_yoy_mart(loaded: Engine) -> None:
    with loaded.connect() as conn:
        row = conn.execute(
            text(
                "SELECT unit_name, amount, prior_amount FROM mart.expenditure_yoy "
                "WHERE function_code = '2101202' AND fiscal_year = 2023 AND stage = 'budget'"
            )
        ).one()
    assert row.unit_name == "沈阳市医疗保障事务服务中心"
    assert Decimal(row.amount) == Decimal("205494.00")
    assert row.prior_amount is None  # no 2022 document loaded


def test_reingesting_the_same_bytes_changes_nothing(loaded: Engine) -> None:
    def counts() -> tuple[int, int]:
        with loaded.connect() as conn:
            return (
                conn.execute(text("SELECT count(*) FROM core.dim_document")).scalar_one(),
                conn.execute(text("SELECT count(*) FROM core.fact_expenditure")).scalar_one(),
            )

    before = counts()
    report = ingest(loaded, [Path(PDF)])
    assert [o.outcome for o in report.outcomes] == ["skipped"]
    assert counts() == before
