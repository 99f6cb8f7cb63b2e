"""The marts on the sample corpus plus an invented second year of one unit.

Expected figures come from the oracle (the transcriptions), never from the marts themselves.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, text

from tests.oracle import INVENTED, SAMPLES, Grain, expected_facts, expected_narrative
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest

CENTER = "沈阳市医疗保障事务服务中心"
DOCS = [
    SAMPLES / "000_shenyang_2019_budget.pdf",
    SAMPLES / "001_shenyang_center_2023_budget.pdf",
    SAMPLES / "002_shenyang_2024_final.pdf",
    SAMPLES / "003_panjin_2020_final.pdf",
    INVENTED / "shenyang_center_2024_budget.pdf",
]


@pytest.fixture(scope="module")
def marts(module_engine: Engine) -> Engine:
    ensure_schema(module_engine)
    report = ingest(module_engine, DOCS)
    assert report.ok, [(o.path.name, o.reason) for o in report.outcomes]
    return module_engine


def _total(doc: str, code: str | None, source: str = "all") -> Decimal:
    grain = Grain(
        "expenditure",
        "",
        2023 if doc.startswith("001") else 2024,
        "budget",
        code,
        None,
        None,
        None,
        source,
        "total",
        None,
    )
    return expected_facts(doc).first[grain].amount


def test_yoy_pairs_each_line_with_the_previous_year_of_the_same_unit(marts: Engine) -> None:
    with marts.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT function_code, amount, prior_amount, change_amount, change_pct "
                "FROM mart.expenditure_yoy WHERE unit_name = :unit AND fiscal_year = 2024 "
                "AND stage = 'budget'"
            ),
            {"unit": CENTER},
        ).all()
    by_code = {r.function_code: r for r in rows}
    assert {"208", "210", "221", "2101202", "2210203"} <= set(by_code)
    for code in ("210", "2101202", "2210203"):
        this_year = _total("shenyang_center_2024_budget", code)
        last_year = _total("001_shenyang_center_2023_budget", code)
        row = by_code[code]
        assert (row.amount, row.prior_amount) == (this_year, last_year)
        assert row.change_amount == this_year - last_year
        assert row.change_pct == round((this_year - last_year) / last_year * 100, 2)


def test_a_line_without_a_previous_year_has_null_on_that_side(marts: Engine) -> None:
    with marts.connect() as conn:
        row = conn.execute(
            text(
                "SELECT amount, prior_amount, change_amount FROM mart.expenditure_yoy "
                "WHERE unit_name = :unit AND fiscal_year = 2023 AND function_code = '210' "
                "AND stage = 'budget'"
            ),
            {"unit": CENTER},
        ).one()
    assert row.amount == _total("001_shenyang_center_2023_budget", "210")
    assert row.prior_amount is None and row.change_amount is None


def test_a_department_and_its_units_are_never_added_together(marts: Engine) -> None:
    """The 2019 department budget prints its units' lines too: each stays with its unit."""
    with marts.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT unit_name, count(*) AS n FROM mart.expenditure_yoy "
                "WHERE fiscal_year = 2019 GROUP BY unit_name"
            )
        ).all()
        duplicates = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT unit_id, function_code, fiscal_year, stage "
                "FROM mart.expenditure_yoy GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d"
            )
        ).scalar_one()
    assert duplicates == 0
    assert "沈阳市医疗保障局" in {r.unit_name for r in rows}


def test_budget_vs_actual_derives_the_budget_from_the_stated_rate(marts: Engine) -> None:
    lines = [
        e
        for e in expected_narrative("002_shenyang_2024_final")
        if e.kind == "function_line" and e.stated_rate
    ]
    assert lines
    with marts.connect() as conn:
        for line in lines:
            row = conn.execute(
                text(
                    "SELECT budget_amount, actual_amount, execution_rate, budget_basis "
                    "FROM mart.budget_vs_actual WHERE fiscal_year = 2024 "
                    "AND function_code = :code AND unit_name LIKE '%本级%'"
                ),
                {"code": line.function_code},
            ).one()
            assert row.budget_basis == "stated_rate"
            assert row.budget_amount == round(row.actual_amount / line.stated_rate * 100, 2)
            assert abs(row.execution_rate - line.stated_rate) <= Decimal("0.01")


def test_three_public_trend_keeps_both_years_of_a_two_year_table(marts: Engine) -> None:
    with marts.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT fiscal_year, item, amount, document_id FROM mart.three_public "
                "WHERE unit_name = :unit AND item = 'total' ORDER BY fiscal_year"
            ),
            {"unit": CENTER},
        ).all()
    oracle = expected_facts("001_shenyang_center_2023_budget").first
    printed = {
        g.fiscal_year: p.amount
        for g, p in oracle.items()
        if g.fact == "three_public" and g.item == "total"
    }
    years = {r.fiscal_year: r.amount for r in rows}
    assert years[2022] == printed[2022] and years[2023] == printed[2023]
    # 2023 is printed by the 2023 budget and, as its previous year, by the invented 2024 one:
    # the mart takes the figure from the document of that year
    assert years[2024] == 2 * printed[2023]


def test_kpi_attainment_compares_numeric_targets_and_keeps_the_print(marts: Engine) -> None:
    with marts.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT level3, operator, target_value, actual_value, weight, score, score_rate, "
                "attained, target_text, actual_text FROM mart.kpi_attainment "
                "WHERE fiscal_year = 2024 AND unit_name LIKE '%本级%'"
            )
        ).all()
    assert rows, "the 2024 final account's self-evaluations"
    graded = [r for r in rows if r.weight]
    assert graded and all(
        r.score_rate == round(r.score / r.weight * 100, 2) for r in graded if r.score is not None
    )
    compared = [r for r in rows if r.attained is not None]
    assert compared
    for r in compared:
        if r.operator in (">=", "≥"):
            assert r.attained == (r.actual_value >= r.target_value)
    assert all(r.target_text for r in rows)
