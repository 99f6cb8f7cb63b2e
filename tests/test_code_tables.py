"""Code-keyed tables of the sample PDFs against the oracle, table by table.

Each transcribed table of a code-keyed kind is found on the pages the PDF's layout names,
read by pdfplumber (warehouse.extract), classified by its printed title and staged by
code_tables.parse_table; its facts must be exactly the oracle's for that table: every grain,
every amount, nothing more. Tables are located by page so that a title lost by extraction
shows up here as a title problem, not as a parsing one.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

import pytest

from tests.oracle import SAMPLES, Grain, document, expected_facts, table_pages, tables
from warehouse.extract.model import ExtractedDocument
from warehouse.extract.source import extract_document
from warehouse.parse import code_tables
from warehouse.parse.context import TableContext, default_fund_source, money_unit_of
from warehouse.parse.metadata import detect_metadata
from warehouse.parse.staging import ExpenditureGrain, StagedDocument, UnitRef
from warehouse.parse.table_kinds import classify_title

DOCS = ("000_shenyang_2019_budget", "001_shenyang_center_2023_budget", "004_nanchong_2020_budget")
# extraction takes the unit line above the table (医保局) for its title: the table's own unit
# is then unknown and its 医保局 row becomes a unit of its own (an extraction problem)
_TITLE_LOST: set[tuple[str, str]] = set()  # tables whose title extraction still loses


@functools.cache
def _extracted(doc: str) -> ExtractedDocument:
    return extract_document(SAMPLES / f"{doc}.pdf")


def _cases() -> list[object]:
    cases: list[object] = []
    for doc in DOCS:
        for table_file, table in tables(doc):
            match = classify_title(str(table["title"]))
            if match is None or match.kind not in code_tables.KINDS:
                continue
            marks = (
                [pytest.mark.xfail(reason="title lost in extraction", strict=False)]
                if (doc, table_file) in _TITLE_LOST
                else []
            )
            cases.append(pytest.param(doc, table_file, id=f"{doc[:3]}-{table_file}", marks=marks))
    return cases


def _staged(doc: str, extracted: ExtractedDocument) -> StagedDocument:
    meta = detect_metadata(extracted)
    staged = StagedDocument(
        source_name=doc,
        sha256=extracted.sha256,
        source_format="pdf",
        page_count=extracted.page_count,
        meta=meta,
    )
    staged.units[""] = UnitRef(key="", name=meta.publisher, code=meta.unit_code, is_publisher=True)
    return staged


def _as_oracle(grain: ExpenditureGrain) -> Grain:
    return Grain(
        fact="expenditure",
        unit=grain.unit,
        fiscal_year=grain.fiscal_year,
        stage=grain.stage,
        function_code=grain.function_code,
        economic_scheme=grain.economic_scheme,
        economic_code=grain.economic_code,
        project=grain.project,
        fund_source=grain.fund_source,
        expense_type=grain.expense_type,
        item=None,
    )


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


@pytest.mark.parametrize(("doc", "table_file"), _cases())
def test_table_facts_equal_the_oracle(doc: str, table_file: str) -> None:
    extracted = _extracted(doc)
    transcribed = dict(tables(doc))[table_file]
    title = str(transcribed["title"])
    first_page = table_pages(doc, table_file)[0]
    on_page = [t for t in extracted.tables if t.page_first == first_page]
    if not transcribed.get("rows"):
        pytest.skip("header-only table: no figure to find (see the empty-table test)")
    assert on_page, f"no table extracted on page {first_page}"
    raw = next((t for t in on_page if t.title and _squeeze(t.title) == _squeeze(title)), on_page[0])
    match = classify_title(title)
    assert match is not None
    meta = document(doc)
    staged = _staged(doc, extracted)
    ctx = TableContext(
        kind=match.kind,
        title=title,
        fiscal_year=int(meta["fiscal_year"]),
        stage="budget" if meta["doc_kind"] == "budget" else "actual",
        money_unit=money_unit_of(raw) or transcribed.get("money_unit"),
        default_fund_source=default_fund_source(title),
    )
    result = code_tables.parse_table(raw, ctx, staged)

    oracle = expected_facts(doc)
    want: dict[Grain, Decimal] = {
        g: p.amount for g, p in oracle.first.items() if p.table_file == table_file
    }
    for grain, printing in oracle.repeats:
        if printing.table_file == table_file:
            want.setdefault(grain, printing.amount)
    got = {
        _as_oracle(g): f.amount for g, f in staged.facts.items() if isinstance(g, ExpenditureGrain)
    }
    assert {g: got.get(g) for g in want if got.get(g) != want[g]} == {}, "missing or wrong"
    assert [g for g in got if g not in want] == [], "extra grains"
    assert result.n_facts == len(staged.facts)
    assert result.n_figures >= len(want)


def test_template_leftover_code_is_an_issue_not_a_fact() -> None:
    """Seed 000 prints 302040 税金及附加费用 among the 302xx lines: not a code of the scheme."""
    doc = "000_shenyang_2019_budget"
    extracted = _extracted(doc)
    raw = next(t for t in extracted.tables if t.title == "一般公共预算基本支出表")
    staged = _staged(doc, extracted)
    ctx = TableContext(
        "gp_basic_by_economic", raw.title or "", 2019, "budget", "万元", "general_public"
    )
    code_tables.parse_table(raw, ctx, staged)
    assert any(i.cell == "302040" for i in staged.issues)
    assert all(getattr(g, "economic_code", None) != "302040" for g in staged.facts)


@pytest.mark.parametrize("doc", ["000_shenyang_2019_budget", "001_shenyang_center_2023_budget"])
def test_empty_tables_are_recognized_as_empty(doc: str) -> None:
    """政府性基金预算支出表 printed with headers and a note (本表无数据): no issue, no figure."""
    extracted = _extracted(doc)
    raw = next(
        t
        for t in extracted.tables
        if (m := classify_title(t.title)) and m.kind == "gov_fund_expenditure"
    )
    staged = _staged(doc, extracted)
    ctx = TableContext("gov_fund_expenditure", raw.title or "", 2019, "budget", "万元", "gov_fund")
    result = code_tables.parse_table(raw, ctx, staged)
    assert (result.n_figures, result.n_facts, staged.issues) == (0, 0, [])
