"""“三公”经费 tables on the sample PDFs against the oracle, and hand-built variants: one
year only, items as rows with 预算数/决算数, a printed 0 against a blank."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.oracle import SAMPLES, expected_facts, tables
from warehouse.extract.model import RawTable
from warehouse.extract.source import extract_document
from warehouse.parse import three_public
from warehouse.parse.context import TableContext, default_fund_source, money_unit_of
from warehouse.parse.metadata import detect_metadata
from warehouse.parse.staging import DocumentMeta, StagedDocument, ThreePublicGrain, UnitRef
from warehouse.parse.table_kinds import classify_title

Key = tuple[str, int, str, str]  # unit name ('' = publisher), year, stage, item


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


def _found(staged: StagedDocument) -> dict[Key, Decimal]:
    found: dict[Key, Decimal] = {}
    for grain, fact in staged.facts.items():
        assert isinstance(grain, ThreePublicGrain)
        unit = staged.units[grain.unit].name if grain.unit else ""
        found[(unit, grain.fiscal_year, grain.stage, grain.item)] = fact.amount
    return found


def _expected(doc: str, kinds: set[str]) -> dict[Key, Decimal]:
    by_file = {name: str(t.get("kind")) for name, t in tables(doc)}
    oracle = expected_facts(doc)
    expected: dict[Key, Decimal] = {}
    for grain, printing in [*oracle.first.items(), *oracle.repeats]:
        if by_file.get(printing.table_file) in kinds and grain.fact == "three_public":
            assert grain.item is not None
            key = (grain.unit, grain.fiscal_year, grain.stage, grain.item)
            expected.setdefault(key, printing.amount)
    return expected


@pytest.mark.parametrize(
    "doc",
    ["000_shenyang_2019_budget", "001_shenyang_center_2023_budget", "004_nanchong_2020_budget"],
)
def test_three_public_figures_match_the_oracle(doc: str) -> None:
    extracted = extract_document(SAMPLES / f"{doc}.pdf")
    meta = detect_metadata(extracted)
    staged = _document(meta)
    for table in extracted.tables:
        match = classify_title(table.title)
        if match and match.kind in three_public.KINDS:
            three_public.parse_table(table, _context(table, match.kind, meta), staged)
    expected = _expected(doc, three_public.KINDS)
    assert expected
    assert _found(staged) == expected


_META = DocumentMeta(
    title=None,
    publisher="某市医疗保障局",
    unit_code="101001",
    fiscal_year=2024,
    doc_kind="budget",
    scope="unit",
    province=None,
    city=None,
)


def _parse(rows: list[list[str]], title: str, meta: DocumentMeta = _META) -> StagedDocument:
    table = RawTable(index=0, rows=rows, title=title, unit_line="单位：万元")
    staged = _document(meta)
    three_public.parse_table(table, _context(table, "three_public", meta), staged)
    return staged


def test_one_year_of_预算数_only_with_a_printed_zero() -> None:
    staged = _parse(
        [
            ["预算数", "", "", "", "", ""],
            [
                "“三公”经费合计",
                "因公出国（境）费",
                "公务用车购置及运行维护费",
                "",
                "",
                "公务接待费",
            ],
            ["", "", "小计", "购置费", "运行维护费", ""],
            ["12.50", "0", "10.00", "", "10.00", "2.50"],
        ],
        "“三公”经费支出预算表",
    )
    assert _found(staged) == {
        ("", 2024, "budget", "total"): Decimal("12.50"),
        ("", 2024, "budget", "overseas"): Decimal(0),  # a printed 0 is a figure
        ("", 2024, "budget", "vehicle_total"): Decimal("10.00"),
        ("", 2024, "budget", "vehicle_operation"): Decimal("10.00"),
        ("", 2024, "budget", "reception"): Decimal("2.50"),
    }  # the blank 购置费 is nothing


def test_items_as_rows_with_预算数_and_决算数_from_the_final_account_transcription() -> None:
    """The printed cells of seed 002's 三公 table (items down, 预算数 | 决算数 across)."""
    doc = "002_shenyang_2024_final"
    table = dict(tables(doc))["t18"]
    rows = [list(map(str, r["cells"] if isinstance(r, dict) else r)) for r in table["rows"]]
    meta = DocumentMeta(
        title=None,
        publisher="辽宁省沈阳市医疗保障局（本级）",
        unit_code="578001",
        fiscal_year=2024,
        doc_kind="final_account",
        scope="unit",
        province=None,
        city=None,
    )
    staged = _parse([list(map(str, table["header"][0])), *rows], str(table["title"]), meta)
    assert _found(staged) == _expected(doc, {str(table["kind"])})


def test_two_years_a_change_column_and_the_publisher_under_its_code() -> None:
    staged = _parse(
        [
            ["单位编码", "单位名称", "2023年预算数", "", "2024年预算数", "", "增减"],
            ["", "", "合计", "公务接待费", "合计", "公务接待费", ""],
            ["", "合计", "5.00", "5.00", "4.00", "4.00", "-1.00"],
            ["101001", "医保局", "5.00", "5.00", "4.00", "4.00", "-1.00"],
        ],
        "一般公共预算“三公”经费支出表",
    )
    assert _found(staged) == {
        ("", 2023, "budget", "total"): Decimal("5.00"),
        ("", 2023, "budget", "reception"): Decimal("5.00"),
        ("", 2024, "budget", "total"): Decimal("4.00"),
        ("", 2024, "budget", "reception"): Decimal("4.00"),
    }
    # 101001 is the publisher's own code: its row is a repeated printing, checked
    assert [c.outcome for c in staged.checks] == ["pass"] * 4
    assert len(staged.issues) == 2
    assert all("change or rate" in i.reason for i in staged.issues)
