"""What each column of a 项目支出表 (and of its relatives 政府采购/政府购买服务/债务支出) means.

Two generations of layout: 单位名称 | 项目名称 | 总计 | 本年收入 (合计, 一般公共预算, …) |
上年结转结余 (合计, …); and the 2019 one with 项目内容摘要/项目明细/绩效目标 text and
财政部门安排的预算拨款 | 财政预算外专户拨款 | 其他资金. Sichuan adds split 类/款/项 codes, a
单位代码 column and 单位名称(科目). The labels decide; positions do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from warehouse.parse.header import column_paths

ProjectRole = Literal[
    "unit", "unit_code", "name", "project", "project_or_unit", "code", "code_lei", "code_kuan",
    "code_xiang", "text", "amount",
]  # fmt: skip

_SOURCES = (
    ("一般公共预算", "general_public"),
    ("政府性基金", "gov_fund"),
    ("国有资本", "state_capital"),
    ("财政专户", "special_account"),
    ("专户", "special_account"),
    ("单位资金", "unit_funds"),
)
_UNIT_FUND_KINDS = ("事业收入", "经营收入", "上级补助", "附属单位上缴")
_TOTALS = ("合计", "小计", "总计")


@dataclass(frozen=True)
class ProjectColumn:
    index: int
    path: tuple[str, ...]
    role: ProjectRole
    fund_source: str | None = None  # amount columns that are a grain of their own
    why_not: str | None = None  # amount columns that are not (subtotals, breakdowns)

    @property
    def label(self) -> str:
        return "›".join(self.path)


def _role(path: tuple[str, ...]) -> ProjectRole | None:
    leaf = path[-1] if path else ""
    if leaf == "类":
        return "code_lei"
    if leaf == "款":
        return "code_kuan"
    if leaf == "项" and len(path) > 1:
        return "code_xiang"
    if "单位" in leaf and ("代码" in leaf or "编码" in leaf):
        return "unit_code"
    if re.fullmatch(r"(功能)?(分类)?科目(编码|代码)|编码|代码", leaf):
        return "code"
    if "科目" in leaf and "名称" in leaf:
        return "name"  # 单位名称(科目): unit names on unit rows, function names on code rows
    if re.fullmatch(r"(支出)?项目(类别)?[（(](资金使用)?单位[）)]|支出项目类别", leaf):
        return "project_or_unit"  # each unit's row, then its projects, in one column
    # 项目类别 (特定目标类 / 其他运转类) is a category of the project, not its name
    text_tokens: tuple[str, ...] = ("摘要", "明细", "绩效", "内容", "说明", "备注", "目录")
    text_tokens += ("方式", "序号", "类级", "类别", "类型")
    if any(token in leaf for token in text_tokens):
        return "text"
    if ("项目" in leaf and "名称" in leaf) or leaf in ("项目", "二级项目"):
        return "project"
    if leaf == "一级项目":
        return "text"  # the group the 二级项目 below it belong to
    if leaf in ("项目单位", "实施单位", "资金使用单位", "预算单位"):
        return "unit"
    if re.fullmatch(r"(部门/)?(单位|部门)(名称)?", leaf.replace("／", "/")):
        return "unit"
    return None


def _fund_source(path: tuple[str, ...], default: str) -> tuple[str | None, str | None]:
    """(fund_source, why_not) of an amount column."""
    joined = "›".join(path)
    leaf = path[-1] if path else ""
    if "结转" in joined or "结余" in joined:
        if "结转" in leaf or "结余" in leaf or leaf in _TOTALS:
            return "carryover", None
        return None, "上年结转结余 broken down by source: a check against its 合计, not a grain"
    if "本年" in joined and leaf in _TOTALS:
        return None, "本年收入合计: the sum of the current-year fund-source columns; a check"
    if any(kind in leaf for kind in _UNIT_FUND_KINDS):
        return None, f"{leaf}: a kind of 单位资金 with no fund source of its own"
    for label, source in _SOURCES:
        if label in leaf or (label in joined and leaf in _TOTALS):
            return source, None
    if "其他" in leaf:
        return "other", None
    if ("财政" in leaf or ("财政" in joined and leaf in _TOTALS)) and default == "all":
        return (
            None,
            f"{leaf}: 财政拨款 spans 一般公共预算 and 政府性基金; no fund source of its own",
        )
    return default, None


def interpret_project_columns(
    header: list[list[str]], width: int, default_fund_source: str
) -> list[ProjectColumn]:
    columns: list[ProjectColumn] = []
    for j, path in enumerate(column_paths(header, width)):
        role = _role(path)
        if role is not None:
            columns.append(ProjectColumn(index=j, path=path, role=role))
            continue
        source, why_not = _fund_source(path, default_fund_source)
        columns.append(
            ProjectColumn(index=j, path=path, role="amount", fund_source=source, why_not=why_not)
        )
    return columns
