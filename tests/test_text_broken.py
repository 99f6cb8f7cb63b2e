"""Final-account 公开表 printed with broken header cells and space-separated body cells (seed
002): titles, numbers and rows come back as transcribed, and the figures reach the warehouse."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.oracle import SAMPLES, tables
from tests.recall import measure
from tests.recall_report import TEXTS
from warehouse.db.migrate import ensure_schema
from warehouse.extract.model import ExtractedDocument, RawTable
from warehouse.extract.source import extract_document
from warehouse.extract.text_broken import read_broken_table
from warehouse.load.ingest import ingest

DOC = "002_shenyang_2024_final"
SEED = SAMPLES / "text" / TEXTS["002"]


@functools.cache
def _extracted() -> ExtractedDocument:
    return extract_document(SEED)


def _final_account_tables() -> list[tuple[str, dict[str, Any]]]:
    return [(f, t) for f, t in tables(DOC) if str(t.get("kind", "")).startswith("fa_")]


def _cells(row: Any) -> list[str]:
    return [str(c) for c in (row["cells"] if isinstance(row, dict) else row)]


def _by_title(title: str) -> RawTable:
    found = [t for t in _extracted().tables if t.title == title]
    assert len(found) == 1, f"{title}: {len(found)} tables"
    return found[0]


def _body(raw: RawTable, n_rows: int) -> list[list[str]]:
    return raw.rows[len(raw.rows) - n_rows :] if n_rows else []


@pytest.mark.parametrize("table_file", [f for f, _ in _final_account_tables()])
def test_titles_numbers_and_unit_lines(table_file: str) -> None:
    table = dict(_final_account_tables())[table_file]
    raw = _by_title(table["title"])
    assert raw.number == table["number"]
    assert raw.unit_line == table["unit_line"]


@pytest.mark.parametrize("table_file", [f for f, _ in _final_account_tables()])
def test_rows_as_transcribed(table_file: str) -> None:
    table = dict(_final_account_tables())[table_file]
    raw = _by_title(table["title"])
    want = [_cells(r) for r in table["rows"]]
    got = _body(raw, len(want))
    assert len(raw.rows) == len(want) + len(table["header"])
    for printed, read in zip(want, got, strict=True):
        if any(c.endswith("经费合计") for c in printed):
            # merged label cells of the last 基本支出 line: their spans are not in the print,
            # so the printed cells are compared in reading order
            assert [c for c in read if c] == [c for c in printed if c]
        else:
            assert read == printed


def test_header_rows_name_the_template_columns() -> None:
    for _, table in _final_account_tables():
        raw = _by_title(table["title"])
        header = raw.rows[: len(table["header"])]
        assert all(len(row) == len(table["columns"]) for row in header)
        printed = {
            str(c) if isinstance(c, str) else str(c["text"]) for r in table["header"] for c in r
        }
        assert {c for row in header for c in row if c} <= printed | {"功能分类科目编码", "科目名称"}


def test_blank_columns_are_decided_by_the_tables_arithmetic() -> None:
    """A row printing two amounts under three columns: the child's amount goes where the
    parent's sum needs it (project, not basic), whatever side the print starts from."""
    lines = [
        " 一般公共预算财政拨款支出决算表",
        "公开 05 表",
        "单位：某单位 2024 年度 金额单位：万元",
        "项目 本年支出",
        "功能分类科",
        "目编码",
        "科目名称 小计 基本支出 项目支出",
        "栏次 1 2 3",
        "合计 30.00 10.00 20.00",
        "210 卫生健康支出 30.00 10.00 20.00",
        "21015 医疗保障管理事务 30.00 10.00 20.00",
        "2101501 行政运行 10.00 10.00",
        "2101599 其他医疗保障管理事务支出 20.00 20.00",
        "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    ]
    found = read_broken_table(lines, 0, 0)
    assert found is not None
    raw, end = found
    assert lines[end].startswith("注")
    body = {r[0]: r[2:] for r in raw.rows[3:]}
    assert body["2101501"] == ["10.00", "10.00", ""]
    assert body["2101599"] == ["20.00", "", "20.00"]


def test_other_seeds_are_left_to_their_readers() -> None:
    for key, name in TEXTS.items():
        if key == "002":
            continue
        lines = (SAMPLES / "text" / name).read_text(encoding="utf-8-sig").splitlines()
        assert not any(read_broken_table(lines, i, 0) for i in range(len(lines))), name


def test_final_account_figures_reach_the_warehouse(engine: Engine) -> None:
    ensure_schema(engine)
    outcome = ingest(engine, [SEED]).outcomes[0]
    assert outcome.document_id is not None, outcome.reason
    result = measure(engine, outcome.document_id, DOC)
    by_kind = result.by_kind(DOC)
    for kind, (good, total) in by_kind.items():
        if kind.startswith("fa_"):
            assert good == total, f"{kind}: {good}/{total}"
    assert result.recall >= 0.99
    assert not result.wrong


def test_self_evaluation_tables_are_handed_over_with_their_grids() -> None:
    """The 绩效自评表 grids are rebuilt from this print (text_broken_kpi; the KPI recall is
    measured in tests/test_text_kpi.py): each titled table comes with rows, none unread."""
    from warehouse.parse.document import parse_document

    kpi_titles = [t["title"] for _, t in tables(DOC) if str(t["kind"]).startswith("kpi_")]
    handed = [t.title for t in _extracted().tables if t.title and "绩效自评表" in t.title]
    assert handed == kpi_titles
    assert all(t.rows for t in _extracted().tables if t.title in kpi_titles)
    staged = parse_document(_extracted())
    assert not [i for i in staged.issues if i.reason == "no performance indicator recognized"]
