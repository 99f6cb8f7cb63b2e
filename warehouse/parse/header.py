"""Header semantics: what each column of a table means, read from its printed header rows.

Multi-row headers with merged cells come out of extraction as a label followed by empty
cells. Each leaf column gets the path of labels above it (本年收入 › 一般公共预算); the path,
not the column's position, decides its role, fund source and expense type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from warehouse.parse.numbers import looks_like_amount

Role = Literal[
    "code", "code_lei", "code_kuan", "code_xiang", "name", "unit", "project", "amount", "text"
]

_CODE_LABELS = {"科目编码", "功能分类科目编码", "科目代码", "编码", "代码", "功能科目编码"}
_NAME_LABELS = {"科目名称", "功能分类科目名称", "名称", "单位名称（科目）", "单位名称(科目)"}
_UNIT_LABELS = {"单位名称", "单位"}
_PROJECT_LABELS = {"项目名称", "项目"}
_TEXT_LABELS = ("摘要", "明细", "绩效目标", "项目内容", "说明", "备注", "代码及名称")


@dataclass(frozen=True)
class Measure:
    fund_source: str
    expense_type: str


@dataclass(frozen=True)
class Column:
    index: int
    path: tuple[str, ...]
    role: Role
    measure: Measure | None = None  # for amount columns that are facts of their own
    why_not: str | None = None  # for amount columns that are not (subtotals, breakdowns)

    @property
    def label(self) -> str:
        return "›".join(self.path)


def _clean(label: str) -> str:
    return re.sub(r"\s+", "", label)


def _is_code(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{3}(\d{2}){0,2}|\d{2}", cell.replace(" ", "")))


def split_header(rows: list[list[str]]) -> int:
    """How many leading rows are header: rows before the first row that carries figures.

    A body row prints an amount or starts with a classification code; an empty table's only
    body row is its 合计 line with nothing after the label.
    """
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row]
        if any(looks_like_amount(c) for c in cells) or (cells and _is_code(cells[0])):
            return i
    for i, row in enumerate(rows):
        cells = [_clean(c) for c in row]
        labels = [c for c in cells if c]
        if labels and labels[0] in ("合计", "总计") and len(labels) == 1:
            return i
    return len(rows)


def column_paths(header: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """Label path per leaf column, spreading merged (empty) cells under their parent."""
    paths: list[list[str]] = [[] for _ in range(width)]
    for row in header:
        cells = [_clean(row[j]) if j < len(row) else "" for j in range(width)]
        spread: str | None = None
        parent_of_spread: tuple[str, ...] | None = None
        for j in range(width):
            if cells[j]:
                paths[j].append(cells[j])
                spread, parent_of_spread = cells[j], tuple(paths[j][:-1])
            elif spread is not None and parent_of_spread == tuple(paths[j]):
                paths[j].append(spread)
            else:
                spread = None
    return [tuple(p) for p in paths]


def _fund_source(path: tuple[str, ...], default: str) -> tuple[str | None, str | None]:
    """(fund_source, why_not) from a label path."""
    joined = "›".join(path)
    carry = "上年结转" in joined or "年初结转" in joined
    leaf = path[-1] if path else ""
    sources = [
        ("一般公共预算", "general_public"),
        ("政府性基金", "gov_fund"),
        ("国有资本经营", "state_capital"),
        ("财政专户", "special_account"),
        ("单位资金", "unit_funds"),
    ]
    if carry:
        under = [s for label, s in sources if label in leaf]
        if under and not any("结转" in p for p in path[-1:]):
            return None, "上年结转结余 broken down by source: a check against its 合计, not a grain"
        return "carryover", None
    unit_fund_parts = (
        "事业收入",
        "事业单位经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
    )
    if any(part in leaf for part in unit_fund_parts) and "单位资金" in joined:
        return None, "单位资金 broken down by kind: a check against 单位资金, not a grain"
    for label, source in sources:
        if any(label in p for p in path):
            if label == "单位资金" and leaf == "小计":
                return "unit_funds", None
            return source, None
    if "本年收入" in joined and leaf in ("合计", "小计"):
        return None, "本年收入合计: the sum of the current-year fund-source columns; a check"
    return default, None


def _expense_type(path: tuple[str, ...]) -> str:
    joined = "›".join(path)
    if "人员经费" in joined or "人员支出" in joined:
        return "personnel"
    if "公用经费" in joined or "公用支出" in joined:
        return "public"
    if "基本支出" in joined:
        return "basic"
    if "项目支出" in joined:
        return "project"
    return "total"


def _role(path: tuple[str, ...]) -> Role | None:
    leaf = path[-1] if path else ""
    if leaf in ("类",):
        return "code_lei"
    if leaf in ("款",):
        return "code_kuan"
    if leaf in ("项",) and len(path) > 1:
        return "code_xiang"
    if leaf in _CODE_LABELS:
        return "code"
    if leaf in _NAME_LABELS:
        return "name"
    if leaf in _PROJECT_LABELS:
        return "project"
    if leaf in _UNIT_LABELS:
        return "unit"
    if any(token in leaf for token in _TEXT_LABELS):
        return "text"
    return None


def interpret_columns(
    header: list[list[str]], width: int, default_fund_source: str
) -> list[Column]:
    columns: list[Column] = []
    for j, path in enumerate(column_paths(header, width)):
        role = _role(path)
        if role is not None:
            columns.append(Column(index=j, path=path, role=role))
            continue
        fund_source, why_not = _fund_source(path, default_fund_source)
        if fund_source is None:
            columns.append(Column(index=j, path=path, role="amount", why_not=why_not))
            continue
        columns.append(
            Column(
                index=j,
                path=path,
                role="amount",
                measure=Measure(fund_source=fund_source, expense_type=_expense_type(path)),
            )
        )
    return columns
