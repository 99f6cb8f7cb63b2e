"""Header semantics: roles and measures read from header rows written here, in the wordings
of the genre, with merged cells coming out of extraction as '' or as the label repeated."""

from __future__ import annotations

import pytest

from warehouse.parse.header import Column, column_paths, interpret_columns, split_header


def _merged(header: list[list[str]], repeat: bool) -> list[list[str]]:
    """'<' marks a cell covered by the label to its left, '^' by the label above: '' as
    pdfplumber returns merged cells, or the label repeated as other extractors do."""
    result: list[list[str]] = []
    for r, row in enumerate(header):
        out: list[str] = []
        for j, cell in enumerate(row):
            if cell not in ("<", "^"):
                out.append(cell)
            elif not repeat:
                out.append("")
            else:
                out.append(out[j - 1] if cell == "<" else result[r - 1][j])
        result.append(out)
    return result


def _measures(columns: list[Column]) -> list[tuple[str, str, str | None, str | None] | None]:
    return [
        (
            c.measure.fund_source,
            c.measure.expense_type,
            c.measure.economic_scheme,
            c.measure.economic_code,
        )
        if c.measure
        else None
        for c in columns
        if c.role == "amount"
    ]


GP_2023 = [
    ["科目编码", "科目名称", "本年一般公共预算支出", "<", "<", "<", "<"],
    ["^", "^", "合计", "基本支出", "<", "<", "项目支出"],
    ["^", "^", "^", "小计", "人员经费", "公用经费", "^"],
]
GP_2019 = [
    ["功能分类科目", "<", "2019年预算数", "<", "<"],
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
]


@pytest.mark.parametrize("repeat", [False, True])
def test_function_table_wordings(repeat: bool) -> None:
    columns = interpret_columns(_merged(GP_2023, repeat), 7, "general_public", fiscal_year=2023)
    assert [c.role for c in columns][:2] == ["code", "name"]
    assert _measures(columns) == [
        ("general_public", "total", None, None),
        ("general_public", "basic", None, None),  # 基本支出 小计 is a grain (convention 1)
        ("general_public", "personnel", None, None),
        ("general_public", "public", None, None),
        ("general_public", "project", None, None),
    ]
    old = interpret_columns(_merged(GP_2019, repeat), 5, "general_public", fiscal_year=2019)
    assert [c.role for c in old][:2] == ["code", "name"]
    assert _measures(old) == [
        ("general_public", "total", None, None),
        ("general_public", "basic", None, None),
        ("general_public", "project", None, None),
    ]
    assert all(c.measure is None or c.measure.fiscal_year is None for c in old)


def test_people_and_public_wording() -> None:
    header = [
        ["经济分类科目", "", "基本支出", "", ""],
        ["科目编码", "科目名称", "合计", "人员支出", "公用支出"],
    ]
    expense = [c.measure.expense_type for c in interpret_columns(header, 5, "all") if c.measure]
    assert expense == ["basic", "personnel", "public"]


@pytest.mark.parametrize("repeat", [False, True])
def test_economic_class_columns_under_basic(repeat: bool) -> None:
    """2019 部门支出总表: 基本支出 › 工资福利支出 … are department classes (convention 2)."""
    header = [
        ["功能分类科目", "<", "合计", "基本支出", "<", "<", "<"],
        [
            "科目编码",
            "科目名称",
            "^",
            "小计",
            "工资福利支出",
            "商品和服务支出",
            "对个人和家庭的补助",
        ],
    ]
    columns = interpret_columns(_merged(header, repeat), 7, "all", fiscal_year=2019)
    assert _measures(columns) == [
        ("all", "total", None, None),
        ("all", "basic", None, None),
        ("all", "basic", "department", "301"),
        ("all", "basic", "department", "302"),
        ("all", "basic", "department", "303"),
    ]


@pytest.mark.parametrize("repeat", [False, True])
def test_sichuan_split_codes_and_economic_leaves(repeat: bool) -> None:
    """Sichuan: 类/款/项 under 科目, the combined code under 单位代码, 款 labels under a 类."""
    header = [
        [
            "项目",
            "<",
            "<",
            "<",
            "<",
            "合计",
            "机关工资福利支出",
            "<",
            "<",
            "机关商品和服务支出",
            "<",
        ],
        [
            "科目",
            "<",
            "<",
            "单位代码",
            "单位名称(科目)",
            "^",
            "小计",
            "工资津补贴",
            "住房公积金",
            "小计",
            "办公经费",
        ],
        ["类", "款", "项", "^", "^", "^", "^", "^", "^", "^", "^"],
    ]
    columns = interpret_columns(
        _merged(header, repeat), 11, "general_public", economic_scheme="government"
    )
    roles = [c.role for c in columns][:5]
    assert roles == ["code_lei", "code_kuan", "code_xiang", "unit_code", "name"]
    assert [m[3] if m else None for m in _measures(columns)] == [
        None,
        "501",
        "50101",
        "50103",
        "502",
        "50201",
    ]


def test_economic_names_are_whole_names_not_substrings() -> None:
    """其他工资福利支出 is not 工资福利支出; a label that names no class stays a plain column,
    and a second plain column reading as the same grain is kept out of the grain."""
    header = [["科目编码", "科目名称", "其他工资福利支出", "工资", "合计"]]
    columns = interpret_columns(header, 5, "all", economic_scheme="department")
    measures = _measures(columns)
    assert measures[0] == ("all", "total", "department", "30199")
    assert measures[1] == ("all", "total", None, None)
    assert measures[2] is None
    assert "same grain" in (columns[4].why_not or "")


def test_two_columns_of_one_grain_never_both_store_facts() -> None:
    """深圳's 支出总表 prints 2026年政府采购项目 beside 支出总计: not a second total."""
    header = [
        ["预算单位", "科目编码", "科目名称", "支出总计", "基本支出", "2026年政府采购项目", ""],
        ["", "", "", "", "", "小计", "其中：预留给中小企业的项目资金"],
    ]
    columns = interpret_columns(header, 7, "all", fiscal_year=2026)
    assert [c.role for c in columns[:3]] == ["unit", "code", "name"]
    assert columns[3].measure is not None and columns[3].measure.expense_type == "total"
    assert columns[4].measure is not None and columns[4].measure.expense_type == "basic"
    assert columns[5].measure is None and columns[6].measure is None


def test_other_year_columns_and_stage() -> None:
    header = [["项目", "2018年预算数", "2019年预算数", "2019年决算数"]]
    columns = [c for c in interpret_columns(header, 4, "all", fiscal_year=2019) if c.measure]
    assert [(c.measure.fiscal_year, c.measure.stage) for c in columns if c.measure] == [
        (2018, "budget"),
        (None, "budget"),
        (None, "actual"),
    ]


def test_subtotals_and_columns_without_a_grain() -> None:
    header = [
        ["科目编码", "科目名称", "总计", "本年收入", "<", "上年结转结余", "上缴上级支出"],
        ["^", "^", "^", "合计", "一般公共预算", "^", "^"],
    ]
    columns = interpret_columns(_merged(header, False), 7, "all")
    amounts = [c for c in columns if c.role == "amount"]
    assert [c.measure.fund_source if c.measure else None for c in amounts] == [
        "all",
        None,  # 本年收入合计 beside its parts: a check
        "general_public",
        "carryover",
        "all",  # 上缴上级支出: spending of its own kind
    ]
    assert amounts[-1].measure is not None and amounts[-1].measure.expense_type == "to_superior"
    assert all(c.why_not for c in amounts if c.measure is None)


def test_expense_types_beside_basic_and_project() -> None:
    header = [["科目编码", "科目名称", "合计", "基本支出", "项目支出", "事业单位经营支出"]]
    header[0] += ["上缴上级支出", "对附属单位补助支出"]
    columns = interpret_columns(header, 8, "all")
    assert [c.measure.expense_type for c in columns if c.measure] == [
        "total", "basic", "project", "operating", "to_superior", "to_affiliates",
    ]  # fmt: skip


def test_an_unlabelled_gutter_column_yields_its_grain_to_the_labelled_one() -> None:
    header = [["", "支出功能分类科目", "合计", "基本支出"]]
    columns = interpret_columns(header, 4, "all")
    assert columns[0].measure is None and columns[0].why_not
    assert columns[2].measure is not None and columns[2].measure.expense_type == "total"


def test_split_header_finds_the_body() -> None:
    rows = [
        ["科目编码", "科目名称", "合计"],
        ["栏次", "1", "2"],
        ["", "合计", "12.50"],
        ["210", "卫生健康支出", "12.50"],
    ]
    assert split_header(rows) == 2
    sichuan = [["项目", "", "合计"], ["类", "款", ""], ["208", "05", "3"]]
    assert split_header(sichuan) == 2
    empty = [["科目编码", "科目名称", "合计"], ["　", "　", "　"]]
    assert split_header(empty) == 2


def test_column_paths_spread_merges_only_under_the_same_parent() -> None:
    header = [["项目", "", "合计"], ["科目", "单位代码", ""], ["类", "", ""]]
    assert column_paths(header, 3) == [("项目", "科目", "类"), ("项目", "单位代码"), ("合计",)]
