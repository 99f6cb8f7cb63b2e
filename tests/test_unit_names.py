"""Unit names against project names in mixed columns, and names spilled past their cell."""

from __future__ import annotations

from warehouse.extract.spilled_text import return_spilled_text
from warehouse.parse.unit_names import reads_as_unit


def test_organisations_read_as_units_and_purposes_as_projects() -> None:
    assert reads_as_unit("广州市信访局")
    assert reads_as_unit("深圳市水务局（本级）")
    assert reads_as_unit("广州医科大学附属中医医院")
    assert not reads_as_unit("机构运行辅助经费")
    assert not reads_as_unit("广州市信访局2025-2026年信息化运维项目")
    assert not reads_as_unit("医疗高地建设专项补助经费")


def test_a_name_the_document_uses_for_a_unit_is_one_whatever_its_ending() -> None:
    assert not reads_as_unit("统计普查")
    assert reads_as_unit("统计普查", {"统计普查"})


def test_a_spilled_name_tail_goes_back_to_its_cell() -> None:
    rows = [
        ["2080505", "机关事业单位基本养老保险缴费", "475.38"],
        ["2080506", "机关事业单位职业年金", "缴费支出43608.96"],
        ["2101102", "事业单位医疗", "41651.4"],
    ]
    repaired = return_spilled_text(rows)
    assert repaired[1] == ["2080506", "机关事业单位职业年金缴费支出", "43608.96"]
    assert repaired[0] == rows[0] and repaired[2] == rows[2]


def test_header_text_in_a_figure_column_is_left_alone() -> None:
    rows = [["科目", "其中：2026"], ["201", "1.00"], ["202", "2.00"], ["203", "3.00"]]
    assert return_spilled_text(rows)[0] == ["科目", "其中：2026"]
