"""Performance-goal (KPI) tables read from the seed TEXT files as they are: the indicators
recovered against the transcription (一级/二级/三级, operator, 指标值, 全年完成值, 分值, 得分),
every miss and every assumed cut reported in staged.issues."""

from __future__ import annotations

import functools
import re
from collections import Counter
from decimal import Decimal

import pytest

from tests.oracle import SAMPLES, expected_kpis, tables
from tests.recall_report import TEXTS
from tests.test_kpi_tables import _expected_line, _staged_line
from warehouse.extract.source import extract_document
from warehouse.extract.text_broken_kpi_names import Widths, split_names
from warehouse.extract.text_broken_kpi_values import COMPLETION, QUANTITATIVE, qualitative
from warehouse.extract.text_kpi_groups import is_value
from warehouse.extract.text_source import read_text_document
from warehouse.parse.document import parse_document
from warehouse.parse.kpi_layout import grid_header
from warehouse.parse.kpi_realign import consistent, realign
from warehouse.parse.staging import StagedDocument

# the recall each seed text reaches today
RECALL_FLOOR = {
    "001_shenyang_center_2023_budget": 1.0,
    "002_shenyang_2024_final": 1.0,
    "004_nanchong_2020_budget": 0.95,  # the seed prints one cost line the PDF does not
}
_KPI_REASONS = {
    "no performance indicator recognized",
    "performance-goal row not understood",
    "performance-goal cells cut by assumption",
}


@functools.cache
def _staged(doc: str) -> StagedDocument:
    return parse_document(extract_document(SAMPLES / "text" / TEXTS[doc[:3]]))


def _recovered(doc: str) -> tuple[Counter[tuple[str | None, ...]], Counter[tuple[str | None, ...]]]:
    want = Counter(_expected_line(k) for k in expected_kpis(doc))
    got = Counter(_staged_line(k) for k in _staged(doc).kpis)
    return want, got


@pytest.mark.parametrize("doc", sorted(RECALL_FLOOR))
def test_indicators_recovered_from_text(doc: str) -> None:
    want, got = _recovered(doc)
    found = sum((want & got).values())
    total = sum(want.values())
    assert found / total >= RECALL_FLOOR[doc], f"{doc}: {found}/{total}: {list(want - got)[:5]}"
    if RECALL_FLOOR[doc] == 1.0:
        assert not got - want, f"{doc}: extra {list(got - want)[:5]}"


@pytest.mark.parametrize(
    "doc",
    ["001_shenyang_center_2023_budget", "002_shenyang_2024_final", "004_nanchong_2020_budget"],
)
def test_every_miss_has_a_reason(doc: str) -> None:
    """A KPI table whose indicators are missed from the text has an issue logged for it."""
    want, got = _recovered(doc)
    missed_projects = {line[0] for line in want - got}
    if not missed_projects:
        return
    kpi_titles = {t["title"] for _, t in tables(doc) if str(t["kind"]).startswith("kpi_")}
    logged = {i.table for i in _staged(doc).issues if i.reason in _KPI_REASONS}
    assert logged & kpi_titles, f"{doc}: {len(missed_projects)} blocks missed without a reason"


def test_assumed_cuts_are_reported_and_hold() -> None:
    """Where the widths of a broken print cannot tell 三级指标 from 指标值, the cut made is
    logged, and the transcription agrees with it."""
    doc = "002_shenyang_2024_final"
    notes = [
        i.cell or ""
        for i in _staged(doc).issues
        if i.reason == "performance-goal cells cut by assumption"
    ]
    assert notes
    printed = {k.level3 + k.target_text for k in expected_kpis(doc)}
    for note in notes:
        assert note.split(": ", 1)[1] in printed, note


def test_text_self_evaluation_amounts() -> None:
    """Each project's 项目预算金额 / 全年执行数 read from the text field rows, as transcribed."""
    doc = "002_shenyang_2024_final"
    want: set[tuple[str, Decimal]] = set()
    for _, table in tables(doc):
        for block in table.get("blocks") or []:
            fields = block.get("fields") or {}
            if block.get("project") and "全年执行数" in fields:
                want.add(("项目执行数", Decimal(str(fields["全年执行数"]))))
    got = {(s.item, s.amount) for s in _staged(doc).statements if s.item == "项目执行数"}
    assert want and want <= got


# ---------------------------------------------------------------- the genre rules, in small


def test_level_cells_cut_by_widths_and_vocabulary() -> None:
    """一级 three characters a line, 二级 three, 三级 two (read off a broken header)."""
    widths = Widths(3, 3, 2)
    names = split_names(["预算执", "行", "预算执", "行效率", "预算", "执行", "率"], widths)
    assert (names.level1, names.level2, names.level3) == ("预算执行", "预算执行效率", "预算执行率")
    names = split_names(["重点工", "作履行", "情况", "重点", "工作", "办结", "率"], widths)
    assert (names.level2, names.level3) == ("重点工作履行情况", "重点工作办结率")
    names = split_names(["工作", "完成", "及时", "率"], widths)
    assert (names.level1, names.level2, names.level3) == (None, None, "工作完成及时率")
    names = split_names(["效益指标", "社会效益", "指标", "线上服务办理次", "数"], Widths())
    assert names.level1 == "效益指标" and names.level2 == "社会效益指标"
    assert names.level3 == "线上服务办理次数"


def test_qualitative_row_values_and_target() -> None:
    match = COMPLETION.match("1 3.3 3.3")
    assert match is not None
    frags = ["预算", "收入", "管理", "规范", "性", "管理", "规范"]
    unit_frags = ["全部", "或基", "本达", "成预", "期指", "标", "100%-", "80%"]
    values, rest, known = qualitative(match, frags + unit_frags)
    assert known and values.actual == "100%-80%" and values.weight == "3.3"
    names = split_names(rest, Widths(3, 3, 2), qualitative=True)
    assert (names.level3, names.target, names.doubts) == ("预算收入管理规范性", "管理规范", [])


def test_value_line_with_deviation_marks() -> None:
    match = QUANTITATIVE.match("符合条件的应奖尽奖数 >= 5 起 3 60.0% 12.5 7.5 √")
    assert match is not None
    assert (match["name"], match["operator"], match["target"], match["unit"]) == (
        "符合条件的应奖尽奖数",
        ">=",
        "5",
        "起",
    )
    assert (match["actual"], match["weight"], match["score"]) == ("3", "12.5", "7.5")
    assert "√" in match["marks"]


def test_shifted_tab_row_realigned_by_content() -> None:
    header = ["绩效指标", "一级指标", "二级指标", "三级指标"]
    header += ["运算符号", "指标值", "度量单位", "完成时限"]
    grid = grid_header(header)
    assert grid is not None
    shifted = ["", "", "质量指标", "救助比例", "", ">=", "70", "%", "2023-12"]
    assert not consistent(shifted, grid)
    assert realign(shifted, grid) == ["", "", "质量指标", "救助比例", ">=", "70", "%", "2023-12"]
    qualitative_row = ["", "", "", "可持续影响指标", "对体系影响", "", "成效明显", ""]
    assert realign(qualitative_row, grid) == [
        "",
        "",
        "可持续影响指标",
        "对体系影响",
        "",
        "成效明显",
        "",
        "",
    ]
    fine = ["", "", "", "参保人数", ">=", "400.08", "万人", "2023-12"]
    assert consistent(fine, grid)


def test_wrapped_value_line_is_joined() -> None:
    from warehouse.extract.text_broken_kpi import _joined_values

    lines = ["在职", "人员", "<= 100 %", " 100 1 2.5 2.5"]
    text, k = _joined_values(lines, [0, 1, 2, 3], 2)
    assert k == 3 and QUANTITATIVE.match(text) is not None
    assert re.sub(r"\s+", " ", text) == "<= 100 % 100 1 2.5 2.5"


def test_sichuan_projects_kept_whole() -> None:
    """004: every indicator of a project comes under that project, however the seed printed
    its name (mid-way down the row group, wrapped, on lines of its own)."""
    doc = "004_nanchong_2020_budget"
    want, got = _recovered(doc)
    for project in {line[0] for line in want}:
        mine = Counter({k: n for k, n in want.items() if k[0] == project})
        assert not mine - got, f"{project}: {list(mine - got)[:3]}"


def test_sichuan_amounts_printed_twice_are_noted() -> None:
    """A row group whose 项目资金 is printed again with other figures keeps the first and
    says so (the transcription records the same doubt)."""
    doc = "004_nanchong_2020_budget"
    notes = [i.cell or "" for i in _staged(doc).issues if i.table and "绩效目标" in i.table]
    assert any("项目资金 printed twice" in n for n in notes)


_SICHUAN_SNIPPET = "\n".join(
    [
        "某市医疗保障局2020年部门预算",
        # the parts a disclosure shows (parse.genre): a KPI table alone is a form, not a budget
        "第一部分 部门概况",
        "一、主要职能",
        "第二部分 收支预算总表",
        "第四部分 名词解释",
        "2020年市级部门预算项目绩效目标",
        "单位：万元",
        "项目单位(项目名称)\t项目资金\t\t\t年度目标\t绩效指标\t\t\t\t\t",
        "\t资金总额\t财政拨款\t其他资金\t\t项目完成指标\t\t效益指标\t\t满意度指标\t",
        "\t\t\t\t\t指标内容\t指标值\t指标内容\t指标值\t指标内容\t指标值",
        "甲项目\t5\t5\t\t为了甲，拟开展工作，达到预期的目标。\t采购设备\t1批\t效率提高\t≥5%\t满意度\t≥80%",
        "\t\t\t\t采购设备费用\t5万元\t\t\t\t",
        "\t\t\t\t\t培训人员\t20人次\t群众受益\t明显\t群众满意度\t≥90%",
        "乙 项目\t8\t8\t\t为了乙，拟开展培训，达到预期的目标。\t培训完成率\t100%\t\t\t\t",
        "名称续\t\t\t\t\t培训费用\t8万元\t\t\t\t",
    ]
)


def test_sichuan_row_groups_in_small() -> None:
    """A group starts where a 效益/满意度 pair starts again from the top; a name printed
    mid-way down and wrapped belongs to the group it is printed in; pairs slid left by lost
    leading cells are placed by content."""
    doc = parse_document(read_text_document(_SICHUAN_SNIPPET.encode(), "snippet.txt", "0" * 64))
    by_project: dict[str | None, set[tuple[str, str | None]]] = {}
    for kpi in doc.kpis:
        by_project.setdefault(kpi.project, set()).add((kpi.level3, kpi.target_text))
    assert by_project["甲项目"] == {
        ("采购设备", "1批"),
        ("采购设备费用", "5万元"),
        ("效率提高", "≥5%"),
        ("满意度", "≥80%"),
    }
    assert by_project["乙项目名称续"] == {
        ("培训人员", "20人次"),
        ("群众受益", "明显"),
        ("群众满意度", "≥90%"),
        ("培训完成率", "100%"),
        ("培训费用", "8万元"),
    }


def test_value_cells_by_look() -> None:
    for text in ("≥80%", "100%", "15万元", "1年", "一次", "2020年12月31日前", "150天", "1批"):
        assert is_value(text), text
    for text in ("监管药品价格及药品采购", "群众满意度", "保障人民群众的社会福利"):
        assert not is_value(text), text
