"""Covers as the national templates print them, broken over lines and spaces as typeset."""

from __future__ import annotations

import pytest

from warehouse.extract.model import ExtractedDocument, RawTable, TextLine
from warehouse.parse.code_rows import fill_split_codes
from warehouse.parse.header import interpret_columns
from warehouse.parse.metadata import detect_metadata

_BODY = ["第一部分 部门概况", "一、主要职能", "第三部分 情况说明", "第四部分 名词解释"]
_TABLE = RawTable(index=0, rows=[["项目", "预算数"], ["合计", "1.00"], ["一、x", "1.00"]])


def _doc(cover: list[str], tables: list[RawTable] | None = None) -> ExtractedDocument:
    lines = [TextLine(text, 1, None) for text in [*cover, "目 录", *_BODY]]
    return ExtractedDocument("cover.pdf", "0" * 64, "pdf", 3, lines, tables or [_TABLE])


@pytest.mark.parametrize(
    ("cover", "publisher", "year", "scope"),
    [
        (
            ["2026 年度", "福州市公安局治安管理", "支队", "单位预算"],
            "福州市公安局治安管理支队",
            2026,
            "unit",
        ),
        (["2026 年深圳市统计局（本级）部门预", "算"], "深圳市统计局（本级）", 2026, "unit"),
        (["上海市2026年市级单位预算", "预算单位：上海市财政局"], "上海市财政局", 2026, "unit"),
        (
            ["西安市人民政府办公厅（汇总）", "2026年部门预算公开说明"],
            "西安市人民政府办公厅",
            2026,
            "department",
        ),
        (
            ["附件2", "2019年部门综合预算公开报表", "部门名称：西安市安全生产监督管理局"],
            "西安市安全生产监督管理局",
            2019,
            "department",
        ),
        (["长春市财政局 2 0 2 5 年度部门预算"], "长春市财政局", 2025, "department"),
        (["重庆市气象局 ２０２６ 年部门预算情况说明"], "重庆市气象局", 2026, "department"),
    ],
)
def test_cover_names_publisher_year_and_kind(
    cover: list[str], publisher: str, year: int, scope: str
) -> None:
    meta = detect_metadata(_doc(cover))
    assert (meta.publisher, meta.fiscal_year, meta.doc_kind, meta.scope) == (
        publisher,
        year,
        "budget",
        scope,
    )


def test_a_file_of_tables_alone_is_named_by_its_部门名称_cell() -> None:
    tables = [
        RawTable(
            index=0,
            rows=[["项目", "预算数"], ["合计", "1.00"], ["一、一般公共预算拨款收入", "1.00"]],
            title="预算01表 收支总表",
        ),
        RawTable(
            index=1,
            rows=[["部门名称", "北京市退役军人事务局"], ["年度", "x"]],
            title="预算13表 部门整体支出绩效目标表",
            context_lines=["（2026年度）"],
        ),
    ]
    doc = ExtractedDocument("a.pdf", "0" * 64, "pdf", 2, [], tables)
    meta = detect_metadata(doc)
    assert (meta.publisher, meta.fiscal_year, meta.part) == ("北京市退役军人事务局", 2026, "tables")


def test_split_codes_take_their_类_and_款_from_the_lines_above() -> None:
    header = [["科目编码", "", "", "科目名称", "合计"], ["类", "款", "项", "", ""]]
    columns = interpret_columns(header, 5, "all")
    rows = [
        ["205", "", "", "教育支出", "3.00"],
        ["", "01", "", "教育管理事务", "2.00"],
        ["", "", "01", "行政运行", "2.00"],
        ["", "", "99", "其他", "0.00"],
        ["", "02", "", "普通教育", "1.00"],
        ["", "", "", "合计", "3.00"],
    ]
    filled = fill_split_codes(rows, columns)
    assert [r[:3] for r in filled] == [
        ["205", "", ""],
        ["205", "01", ""],
        ["205", "01", "01"],
        ["205", "01", "99"],
        ["205", "02", ""],
        ["", "", ""],
    ]
