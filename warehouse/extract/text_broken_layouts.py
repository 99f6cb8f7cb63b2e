"""The national column layouts of the final-account 公开表 (财政部 部门决算 template).

Text extractions of these tables break the header into fragments of a few characters and
print each body row as one line of space-separated cells with blank cells left out, so the
columns cannot be read from the print. The template can: every 公开表 of the genre has fixed
column headers. A layout is chosen when all its printed header words appear in the broken
header (spaces and line breaks removed); its header rows are handed over like the PDF front
end hands them over, so the parsers read both the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Shape = Literal["coded", "two_sided", "groups", "label"]


@dataclass(frozen=True)
class Layout:
    """One national table layout: how body lines map to columns, and its header rows."""

    name: str
    shape: Shape
    words: tuple[str, ...]  # printed header words that identify it (all must appear)
    header: tuple[tuple[str, ...], ...]
    amounts: int  # amount columns (per side for two_sided: the right side's)
    total_first: bool = True  # the first amount column is the sum of the others
    forbid: tuple[str, ...] = ()  # words that must not appear (a richer layout's words)

    @property
    def width(self) -> int:
        return len(self.header[0])


_CODE_NAME = ("功能分类科目编码", "科目名称")


def _coded(name: str, top: tuple[str, ...], leaves: tuple[str, ...], **kw: object) -> Layout:
    """项目 | code | name, then amount columns; top is the first header row's amount part."""
    stub = ("栏次", "")
    numbers = tuple(str(i + 1) for i in range(len(leaves)))
    return Layout(
        name=name,
        shape="coded",
        words=tuple(w for w in (*top, *leaves) if w),
        header=(("项目", "", *top), (*_CODE_NAME, *leaves), (*stub, *numbers)),
        amounts=len(leaves),
        **kw,  # type: ignore[arg-type]
    )


_REVENUE = ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入")
_REVENUE_TAIL = ("附属单位上缴收入", "其他收入")
_EXPENSE = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出")

LAYOUTS: tuple[Layout, ...] = (
    Layout(
        name="fiscal_summary",
        shape="two_sided",
        words=(
            "行次",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
        ),
        header=(
            ("收 入", "", "", "支 出", "", "", "", "", ""),
            (
                "项目",
                "行次",
                "金额",
                "项目",
                "行次",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ),
            ("栏次", "", "1", "栏次", "", "2", "3", "4", "5"),
        ),
        amounts=4,
    ),
    Layout(
        name="summary",
        shape="two_sided",
        words=("行次", "金额"),
        header=(
            ("收入", "", "", "支出", "", ""),
            ("项目", "行次", "金额", "项目", "行次", "金额"),
            ("栏次", "", "1", "栏次", "", "2"),
        ),
        amounts=1,
        total_first=False,
    ),
    _coded("revenue", (*_REVENUE, *_REVENUE_TAIL), ("",) * 7),
    _coded("expenditure", (*_EXPENSE, "对附属单位补助支出"), ("",) * 6),
    Layout(
        name="gov_fund",
        shape="coded",
        words=(
            "年初结转和结余",
            "本年收入",
            "本年支出",
            "小计",
            "基本支出",
            "项目支出",
            "年末结转和结余",
        ),
        header=(
            ("项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
            (*_CODE_NAME, "", "", "小计", "基本支出", "项目支出", ""),
            ("栏次", "", "1", "2", "3", "4", "5", "6"),
        ),
        amounts=6,
        total_first=False,
    ),
    _coded(
        "expenditure_3",
        ("本年支出", "", ""),
        ("小计", "基本支出", "项目支出"),
        forbid=("年初结转和结余",),
    ),
    _coded(
        "expenditure_3_total",
        ("本年支出", "", ""),
        ("合计", "基本支出", "项目支出"),
        forbid=("年初结转和结余", "小计"),
    ),
    Layout(
        name="basic_by_economic",
        shape="groups",
        words=("人员经费", "公用经费", "科目编码", "决算数"),
        header=(
            ("人员经费", "", "", "公用经费", "", "", "", "", ""),
            ("科目编码", "科目名称", "决算数") * 3,
        ),
        amounts=3,
        total_first=False,
    ),
    Layout(
        name="three_public",
        shape="label",
        words=("预算数", "决算数"),
        header=(("项 目", "预算数", "决算数"),),
        amounts=2,
        total_first=False,
        forbid=("科目编码", "行次"),
    ),
)


def choose_layout(header_text: str) -> Layout | None:
    """The layout whose header words all appear in the broken header (most words wins)."""
    found = [
        layout
        for layout in LAYOUTS
        if all(w in header_text for w in layout.words)
        and not any(w in header_text for w in layout.forbid)
    ]
    return max(found, key=lambda layout: len(layout.words), default=None)
