"""项目支出表 family on the sample PDFs against the oracle, projects in core.dim_project after a
real ingest, and hand-built tables in wordings the samples do not print."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES, expected_facts, tables
from warehouse.db.migrate import ensure_schema
from warehouse.extract.model import RawTable
from warehouse.extract.source import extract_document
from warehouse.load.ingest import ingest
from warehouse.parse import project_tables
from warehouse.parse.context import TableContext, default_fund_source, money_unit_of
from warehouse.parse.metadata import detect_metadata
from warehouse.parse.projects import project_key
from warehouse.parse.staging import (
    DocumentMeta,
    ExpenditureGrain,
    StagedDocument,
    UnitRef,
)
from warehouse.parse.table_kinds import classify_title

Key = tuple[str, int, str, str | None, str | None, str, str]  # unit, year, stage, code, project…


def _document(meta: DocumentMeta) -> StagedDocument:
    staged = StagedDocument(
        source_name="test", sha256="0" * 64, source_format="pdf", page_count=None, meta=meta
    )
    staged.units[""] = UnitRef(key="", name=meta.publisher, code=meta.unit_code, is_publisher=True)
    return staged


def _context(table: RawTable, kind: str, meta: DocumentMeta) -> TableContext:
    title = table.title or ""
    return TableContext(
        kind=kind,
        title=title,
        fiscal_year=meta.fiscal_year,
        stage="budget" if meta.doc_kind == "budget" else "actual",
        money_unit=money_unit_of(table),
        default_fund_source=default_fund_source(title),
    )


def _staged_from_pdf(doc: str, kind: str) -> StagedDocument:
    """Run the family's parser on every table of `kind` the PDF front end extracts."""
    extracted = extract_document(SAMPLES / f"{doc}.pdf")
    meta = detect_metadata(extracted)
    staged = _document(meta)
    for table in extracted.tables:
        match = classify_title(table.title)
        if match and match.kind == kind:
            project_tables.parse_table(table, _context(table, kind, meta), staged)
    return staged


def _found(staged: StagedDocument) -> dict[Key, Decimal]:
    found: dict[Key, Decimal] = {}
    for grain, fact in staged.facts.items():
        assert isinstance(grain, ExpenditureGrain)
        unit = staged.units[grain.unit].name if grain.unit else ""
        project = project_key(staged.projects[grain.project]) if grain.project else None
        key = (unit, grain.fiscal_year, grain.stage, grain.function_code, project)
        found[(*key, grain.fund_source, grain.expense_type)] = fact.amount
    return found


def _expected(doc: str, kind: str) -> dict[Key, Decimal]:
    """The oracle's figures printed in tables of `kind` (first printing within the kind)."""
    kinds = {name: str(t.get("kind")) for name, t in tables(doc)}
    oracle = expected_facts(doc)
    expected: dict[Key, Decimal] = {}
    for grain, printing in [*oracle.first.items(), *oracle.repeats]:
        if kinds.get(printing.table_file) != kind or grain.fact != "expenditure":
            continue
        project = project_key(grain.project) if grain.project else None
        key = (grain.unit, grain.fiscal_year, grain.stage, grain.function_code, project)
        assert grain.fund_source is not None and grain.expense_type is not None
        expected.setdefault((*key, grain.fund_source, grain.expense_type), printing.amount)
    return expected


@pytest.mark.parametrize(
    "doc",
    ["000_shenyang_2019_budget", "001_shenyang_center_2023_budget", "004_nanchong_2020_budget"],
)
def test_project_expenditure_figures_match_the_oracle(doc: str) -> None:
    expected = _expected(doc, "project_expenditure")
    assert expected, "the oracle annotates project figures for this document"
    assert _found(_staged_from_pdf(doc, "project_expenditure")) == expected


@pytest.mark.parametrize("kind", ["procurement", "purchased_services", "debt_expenditure"])
def test_relatives_of_the_project_table_give_no_facts_but_keep_their_figures(kind: str) -> None:
    doc = "001_shenyang_center_2023_budget"
    staged = _staged_from_pdf(doc, kind)
    assert _found(staged) == _expected(doc, kind) == {}
    printed = [
        cell
        for name, table in tables(doc)
        if table.get("kind") == kind
        for row in table["rows"]
        for cell in (row["cells"] if isinstance(row, dict) else row)[2:]
        if cell and cell[0].isdigit()
    ]
    reported = sum(int(i.cell.split()[0]) for i in staged.issues if i.cell and "printed" in i.cell)
    assert reported == len(printed)


def test_wrapped_project_names_and_split_amounts_are_joined_in_the_seed_text() -> None:
    """The seed text wraps 政府专项-城乡 / 居民医疗保险补助 with 53,704 / .00 on two lines."""
    doc = "001_shenyang_center_2023_budget"
    extracted = extract_document(SAMPLES / "text" / "001_1419a1545731c637.txt")
    meta = detect_metadata(extracted)
    staged = _document(meta)
    for table in extracted.tables:
        match = classify_title(table.title)
        if match and match.kind == "project_expenditure":
            project_tables.parse_table(table, _context(table, match.kind, meta), staged)
    assert _found(staged) == _expected(doc, "project_expenditure")


@pytest.fixture
def loaded_001(engine: Engine) -> Engine:
    ensure_schema(engine)
    report = ingest(engine, [Path(SAMPLES / "001_shenyang_center_2023_budget.pdf")])
    assert report.outcomes[0].document_id is not None, report.outcomes[0].reason
    return engine


def test_projects_reach_dim_project_with_their_amounts(loaded_001: Engine) -> None:
    doc = "001_shenyang_center_2023_budget"
    expected = {
        project: amount
        for (unit, _, _, _, project, source, _), amount in _expected(
            doc, "project_expenditure"
        ).items()
        if project and source == "all"
    }
    with loaded_001.connect() as conn:
        rows = conn.execute(
            text(
                """
                SELECT p.project_name, p.project_key, f.amount
                FROM core.dim_project p
                JOIN core.fact_expenditure f ON f.project_id = p.project_id
                WHERE f.fund_source = 'all' AND f.expense_type = 'project'
                """
            )
        ).all()
    assert {project_key(r.project_name): Decimal(r.amount) for r in rows} == expected
    assert all(r.project_key == project_key(r.project_name) for r in rows)


_HEADER = [
    ["项目名称", "预算数合计", "一般公共预算拨款", "政府性基金预算拨款", "上年结转"],
]


def _hand_built(rows: list[list[str]], title: str = "部门项目支出预算表") -> RawTable:
    return RawTable(index=0, rows=_HEADER + rows, title=title, unit_line="单位：元")


def _meta() -> DocumentMeta:
    return DocumentMeta(
        title=None,
        publisher="某市医疗保障局",
        unit_code=None,
        fiscal_year=2024,
        doc_kind="budget",
        scope="unit",
        province=None,
        city=None,
    )


def test_a_project_table_without_unit_rows_in_yuan_with_a_wrapped_name() -> None:
    table = _hand_built(
        [
            ["合计", "1,500,000.00", "1,200,000.00", "", "300,000.00"],
            ["医保信息系统运维", "1,000,000.00", "1,000,000.00", "", ""],
            ["异地就医直接结算", "500,000.00", "200,000.00", "", "300,000.00"],
            ["经办服务经费", "", "", "", ""],
        ]
    )
    meta = _meta()
    staged = _document(meta)
    result = project_tables.parse_table(table, _context(table, "project_expenditure", meta), staged)
    assert set(staged.projects.values()) == {"医保信息系统运维", "异地就医直接结算经办服务经费"}
    found = _found(staged)
    key = project_key("异地就医直接结算经办服务经费")
    assert found[("", 2024, "budget", None, key, "all", "project")] == Decimal(50)
    assert found[("", 2024, "budget", None, key, "general_public", "project")] == Decimal(20)
    assert found[("", 2024, "budget", None, key, "carryover", "project")] == Decimal(30)
    assert found[("", 2024, "budget", None, None, "all", "project")] == Decimal(150)
    assert ("", 2024, "budget", None, key, "gov_fund", "project") not in found  # blank
    assert result.n_facts == len(found) == 8


def test_a_nameless_project_row_is_an_issue_not_the_total() -> None:
    table = _hand_built(
        [
            ["合计", "30.00", "30.00", "", ""],
            ["", "10.00", "10.00", "", ""],
            ["专家评审费", "20.00", "20.00", "", ""],
        ]
    )
    meta = _meta()
    staged = _document(meta)
    project_tables.parse_table(table, _context(table, "project_expenditure", meta), staged)
    assert not [c for c in staged.checks if c.outcome != "pass"]
    assert any("without a project name" in i.reason for i in staged.issues)
    assert _found(staged)[("", 2024, "budget", None, None, "all", "project")] == Decimal("0.003")
