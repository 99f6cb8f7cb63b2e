"""Printed labels of summary, revenue and by-unit tables to their meaning.

Two-sided 收支总表 tables print their lines without codes: revenue lines name a fund source
(一、一般公共预算拨款收入), expense lines a 类 by name (（八）社会保障和就业支出) or an economic
类 (工资福利支出). Revenue tables print the fund sources as column headers. The same vocabulary
serves rows and columns, so it lives here, apart from the table layouts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from warehouse.reference.classifications import economic_codes_by_code
from warehouse.reference.resolver import resolve_function

_ENUM_TOP = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|[0-9]+[、.．](?![0-9]))")
_ENUM_SUB = re.compile(r"^(?:[（(][一二三四五六七八九十0-9]+[）)]|[①-⑳])")

LabelKind = Literal[
    "source",  # a fund source line or column: fund_source set
    "all",  # 收入总计 / 总计: all money including 上年结转
    "subtotal",  # 本年收入合计, 一、本年收入, 本年财政拨款收入 小计: a check
    "group",  # a heading whose sub-lines carry the sources (一、本年收入 in a 财政拨款 table)
    "no_grain",  # 用事业基金弥补收入差额, 财政拨款 (combined): printed, no single source
    "unknown",
]


@dataclass(frozen=True)
class RevenueLabel:
    kind: LabelKind
    fund_source: str | None = None
    unit_fund_part: bool = False  # 事业收入 … : a part of 单位资金


def squash(text: str) -> str:
    """Layout whitespace out (letter-spaced 收 入 总 计, line-wrapped header cells)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).replace("\u3000", "")


def split_enumeration(label: str) -> tuple[int, str]:
    """(level, name): 1 for 一、/1., 2 for （一）/(1), 0 for an unnumbered label."""
    text = squash(label)
    match = _ENUM_TOP.match(text)
    if match:
        return 1, text[match.end() :]
    match = _ENUM_SUB.match(text)
    if match:
        return 2, text[match.end() :]
    return 0, text


# The kinds of 单位资金 (FORMAT convention 9); 其他收入 among them is the unit's own other income.
_UNIT_FUND_PARTS = ("事业收入", "经营收入", "上级补助", "附属单位上缴", "单位其他收入")
_CARRY_RE = re.compile(r"(?:上年|年初).*结[转余]|结转结余|财政结转|净结余")


def revenue_label(label: str) -> RevenueLabel:
    """What a revenue line or column label says about its fund source."""
    _, name = split_enumeration(label)
    if not name:
        return RevenueLabel("unknown")
    if name in ("收入总计", "总计", "收入合计总计"):
        return RevenueLabel("all")
    if name in ("本年收入合计", "本年收入", "本年收入小计", "本年财政拨款收入"):
        return RevenueLabel("group" if name in ("本年收入", "本年财政拨款收入") else "subtotal")
    if _CARRY_RE.search(name):
        return RevenueLabel("source", "carryover")
    if re.search(r"一般公.?预算", name):
        return RevenueLabel("source", "general_public")
    if "政府性基金" in name:
        return RevenueLabel("source", "gov_fund")
    if "国有资本经营" in name:
        return RevenueLabel("source", "state_capital")
    if "专户" in name or "预算外" in name:
        return RevenueLabel("source", "special_account")
    if "单位资金" in name:
        return RevenueLabel("source", "unit_funds")
    if any(part in name for part in _UNIT_FUND_PARTS):
        return RevenueLabel("source", "unit_funds", unit_fund_part=True)
    if name == "其他收入":
        return RevenueLabel("source", "unit_funds", unit_fund_part=True)
    if "调入资金" in name or name == "其他资金":
        return RevenueLabel("source", "other")
    if "非财政拨款结余" in name:
        return RevenueLabel("source", "other")
    if "弥补收入差额" in name or "财政拨款" in name or "预算拨款" in name:
        # 财政部门安排的预算拨款 = 一般公共预算 + 政府性基金 together: no single source
        return RevenueLabel("no_grain")
    return RevenueLabel("unknown")


def is_fund_column_label(label: str) -> str | None:
    """The fund source an expense-side amount column names (一般公共预算财政拨款 …), if any."""
    found = revenue_label(label)
    return found.fund_source if found.kind == "source" else None


ExpenseKind = Literal["total", "subtotal", "section", "balance", "line", "blank"]


@dataclass(frozen=True)
class ExpenseLabel:
    kind: ExpenseKind
    name: str
    expense_type: str | None = None  # for sections (基本支出 / 项目支出)


def expense_label(label: str) -> ExpenseLabel:
    """Classify an expense-side label of a two-sided summary table."""
    _, name = split_enumeration(label)
    if not name:
        return ExpenseLabel("blank", name)
    if name in ("支出总计", "总计", "支出合计总计"):
        return ExpenseLabel("total", name)
    if name in ("本年支出合计", "本年支出", "合计", "本年支出小计"):
        return ExpenseLabel("subtotal", name)
    if name.startswith("其中") or "结转" in name or "结余" in name:
        return ExpenseLabel("balance", name)
    if name in ("基本支出", "项目支出"):
        return ExpenseLabel("section", name, "basic" if name == "基本支出" else "project")
    return ExpenseLabel("line", name)


def function_class_of(name: str, year: int) -> str | None:
    """The 类 code of a 类 name printed without its code (（十）医疗卫生与计划生育支出 -> 210)."""
    code = resolve_function([name], year)
    return code if code is not None and len(code) == 3 else None


# Printed variants of economic 类 names in older templates that the reference names do not
# cover after normalization (2019 收支预算表: 基本建设支出, 其他资本性, 债务利息支出).
_ECONOMIC_VARIANTS = {"基本建设": "309", "其他资本性": "310", "债务利息": "307"}


def _economic_key(name: str) -> str:
    text = squash(name).replace("(", "（").replace(")", "）").replace("的", "")
    return text.removesuffix("支出") if len(text) > 2 else text


@cache
def _economic_index(scheme: Literal["department", "government"]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, record in economic_codes_by_code(scheme).items():
        if record.level == 1:
            index.setdefault(_economic_key(record.name), code)
    return index


def economic_class_of(name: str, scheme: Literal["department", "government"]) -> str | None:
    """The economic 类 code of a printed name (工资福利支出 -> 301 in the department scheme)."""
    key = _economic_key(name)
    found = _economic_index(scheme).get(key)
    if found is None and scheme == "department":
        found = _ECONOMIC_VARIANTS.get(key)
    if found is None and key.endswith("补助支出"):
        found = _economic_index(scheme).get(key.removesuffix("支出"))
    return found


_TOTAL_LEAVES = ("合计", "小计", "总计")


def revenue_column(path: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(fund_source, why_not) of a revenue table's amount column, from its header path.

    总计 / a top 合计 is all revenue; 本年收入 › 合计 a subtotal; 单位资金 › 小计 is unit_funds and
    its kinds (事业收入 …) a breakdown; 上年结转 › 合计 is carryover and its sources a breakdown.
    """
    if not path:
        return None, "amount column without a header"
    leaf, parents = path[-1], path[:-1]
    if any(_CARRY_RE.search(p) for p in parents):
        if leaf in _TOTAL_LEAVES:
            return "carryover", None
        return None, "上年结转 broken down by source: a check against its 合计, not a grain"
    in_unit_funds = any("单位资金" in p for p in parents)
    info = revenue_label(leaf)
    if leaf in _TOTAL_LEAVES or info.kind in ("all", "subtotal", "group"):
        if in_unit_funds:
            return "unit_funds", None
        if any("本年" in p or "财政拨款" in p for p in parents) or info.kind == "subtotal":
            return None, "本年收入合计: the sum of the current-year fund-source columns; a check"
        return "all", None
    if in_unit_funds and info.unit_fund_part:
        return None, "单位资金 broken down by kind: a check against 单位资金, not a grain"
    if info.kind == "source" and info.fund_source:
        return info.fund_source, None
    return None, f"column {'›'.join(path)} names no fund source"
