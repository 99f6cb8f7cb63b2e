"""Column semantics of the national final-account tables (部门决算公开表).

A final account prints, beside 决算数 (actual), the 年初预算数 and sometimes the 调整预算数 of the
same year. The stage of a column is read from its header path; 调整预算数 counts as the budget only
when the table prints no 年初预算数 (FORMAT.md convention 7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from warehouse.parse.header import column_paths
from warehouse.parse.staging import Stage

Role = Literal["code", "name", "label", "amount", "other"]
FactKind = Literal["expenditure", "revenue"]

_CODE_WORDS = ("编码", "代码")
_NAME_WORDS = ("科目名称", "名称")
_LINE_WORDS = ("行次", "栏次")
_NOT_A_GRAIN = ("上缴上级支出", "经营支出", "对附属单位补助支出", "结转和结余", "结余分配")
UNIT_FUND_KINDS = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
SOURCES = (
    ("一般公共预算", "general_public"),
    ("政府性基金", "gov_fund"),
    ("国有资本经营", "state_capital"),
)


@dataclass(frozen=True)
class FaColumn:
    index: int
    path: tuple[str, ...]
    role: Role
    stage: Stage | None = None  # None: a budget column that does not count (调整预算数 beside 年初)
    fact: FactKind | None = None  # None for amounts that are no grain of their own
    fund_source: str | None = None
    expense_type: str | None = None

    @property
    def label(self) -> str:
        return "›".join(self.path)


def clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _role(leaf: str) -> Role | None:
    if any(w in leaf for w in _CODE_WORDS):
        return "code"
    if any(leaf.endswith(w) for w in _NAME_WORDS):
        return "name"
    if leaf in _LINE_WORDS:
        return "other"
    if leaf == "项目":
        return "label"
    return None


def is_line_number_row(row: list[str]) -> bool:
    """The 栏次 row under a final-account header (栏次 | | 1 | 2 …): numbers the columns,
    labels none of them."""
    cells = [clean(c) for c in row]
    labels = [c for c in cells if c and not c.isdigit()]
    return (
        bool(labels) and all(c in _LINE_WORDS for c in labels) and any(c.isdigit() for c in cells)
    )


def label_rows(header: list[list[str]]) -> list[list[str]]:
    """Header rows that label columns (the 栏次 numbering row left out)."""
    return [row for row in header if not is_line_number_row(row)]


def stage_of(path: tuple[str, ...], has_initial_budget: bool, default: Stage) -> Stage | None:
    joined = "".join(path)
    if "决算" in joined:
        return "actual"
    if "年初预算" in joined:
        return "budget"
    if "调整预算" in joined:
        return None if has_initial_budget else "budget"
    if "预算数" in joined or joined.endswith("预算"):
        return "budget"
    return default


def expense_type_of(path: tuple[str, ...]) -> str | None:
    """The expense type a column's labels name; None for columns that are no grain."""
    leaf = path[-1] if path else ""
    joined = "›".join(path)
    if any(word in leaf for word in _NOT_A_GRAIN):
        return None
    for word, kind in (
        ("人员经费", "personnel"),
        ("公用经费", "public"),
        ("基本支出", "basic"),
        ("项目支出", "project"),
    ):
        if word in leaf:
            return kind
    if leaf in ("合计", "小计", "本年支出合计", "本年支出", "支出合计", "决算数", "年初预算数"):
        for word, kind in (("人员经费", "personnel"), ("公用经费", "public")):
            if word in joined:
                return kind
        return "total"
    return None


def revenue_source_of(path: tuple[str, ...], default: str) -> str | None:
    """The fund source of a revenue column, None for a subtotal or a breakdown.

    本年收入合计 is the current-year subtotal (convention 10), 财政拨款收入 three sources
    together; 本年收入 of a single-source table (政府性基金 …) is that source; a named source
    is its own; the kinds of 单位资金 (上级补助收入 … 其他收入) are parts of unit_funds."""
    leaf = path[-1] if path else ""
    if leaf == "本年收入" and default != "all":
        return default
    if "年初结转" in leaf or "上年结转" in leaf:
        return "carryover"
    for word, source in SOURCES:
        if word in leaf:
            return source
    if leaf in UNIT_FUND_KINDS:
        return "unit_funds"
    return None


def interpret(
    header: list[list[str]], width: int, default_fund_source: str, default_stage: Stage
) -> list[FaColumn]:
    """Each leaf column's role and, for amounts, stage, fact kind, fund source, expense type."""
    paths = column_paths(label_rows(header), width)
    has_initial = any("年初预算" in "".join(p) for p in paths)
    columns: list[FaColumn] = []
    for j, path in enumerate(paths):
        leaf = path[-1] if path else ""
        role = _role(leaf)
        if role is not None:
            columns.append(FaColumn(index=j, path=path, role=role))
            continue
        stage = stage_of(path, has_initial, default_stage)
        joined = "".join(path)
        if "收入" in leaf or (leaf == "合计" and "收入" in joined and "支出" not in joined):
            source = revenue_source_of(path, default_fund_source)
            columns.append(
                FaColumn(
                    index=j,
                    path=path,
                    role="amount",
                    stage=stage,
                    fact="revenue" if source else None,
                    fund_source=source,
                )
            )
            continue
        expense = expense_type_of(path)
        columns.append(
            FaColumn(
                index=j,
                path=path,
                role="amount",
                stage=stage,
                fact="expenditure" if expense else None,
                fund_source=default_fund_source,
                expense_type=expense,
            )
        )
    return columns
