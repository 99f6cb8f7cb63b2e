"""Header semantics: what each column of a table means, read from its printed header rows.

Multi-row headers with merged cells come out of extraction as a label followed by empty
cells, or as the label repeated in every cell it spans. Each leaf column gets the path of
labels above it (本年收入 › 一般公共预算); the path, not the column's position, decides its
role, fund source, expense type, year, stage and, for economic-class columns, the class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from warehouse.parse.economic_labels import resolve_path, scheme_of_path
from warehouse.parse.numbers import looks_like_amount
from warehouse.reference.classifications import EconomicScheme

Role = Literal[
    "code",
    "code_lei",
    "code_kuan",
    "code_xiang",
    "name",
    "unit",
    "unit_code",
    "project",
    "amount",
    "text",
]

_BRACKETS = str.maketrans({"(": "（", ")": "）"})
_CODE_LABEL = re.compile(r"^(?:(?:功能|经济)?分类)?(?:功能|经济)?(?:科目)?(?:编码|代码)$")
_NAME_LABELS = {"科目名称", "功能分类科目名称", "经济分类科目名称", "名称", "单位名称（科目）"}
_UNIT_LABELS = {"单位名称", "单位", "部门/单位名称", "部门（单位）名称", "预算单位", "预算单位名称"}
# the national templates word the key columns many ways: 功能科目编码 / 部门经济科目编码 are
# codes; 功能科目名称 / 部门预算支出经济科目 / 支出功能分类科目 / 支出项目类别 name the line
# (the code may be printed inside the name: [201]一般公共服务支出, 2050803-培训支出)
_CODE_WORDS = re.compile(r"^(?!单位)(?:功能|经济|部门|政府|支出|科目|分类)[^名]*(?:编码|代码)$")
_NAME_WORDS = re.compile(
    r"^(?:支出)?(?:功能|经济|部门|政府)[^编代]*(?:科目|科目名称|科目类别)$|^科目$|^支出项目类别$"
)
_UNIT_CODE_LABELS = {"单位代码", "单位编码"}
_PROJECT_LABELS = {"项目名称", "项目"}
_TEXT_LABELS = ("摘要", "明细", "绩效目标", "项目内容", "说明", "备注", "代码及名称", "序号")
_YEAR = re.compile(r"((?:19|20)\d{2})年?")
# columns that are figures but no grain of the contract: kept as checks, never facts
_NOT_A_GRAIN = (
    ("中央提前通知", "中央提前通知专项转移支付 has no fund_source in the contract"),
    ("政府采购", "政府采购 amounts are the procured part of expenditure counted elsewhere"),
    ("中小企业", "the share reserved for small firms is part of 政府采购, not a grain"),
)


@dataclass(frozen=True)
class Measure:
    """What a figure column is, in the contract's words; None fields mean the document's."""

    fund_source: str
    expense_type: str
    economic_scheme: str | None = None  # when the column itself is an economic class
    economic_code: str | None = None
    fiscal_year: int | None = None  # when the column names another year than the document's
    stage: Literal["budget", "actual"] | None = None  # when the column says 预算数/决算数


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
    return re.sub(r"\s+", "", label).translate(_BRACKETS)


def _is_code(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{3}(\d{2}){0,2}|\d{2}", cell.replace(" ", "")))


def split_header(rows: list[list[str]]) -> int:
    """How many leading rows are header: rows before the first row that carries figures.

    A body row prints an amount or starts with a classification code; an empty table's only
    body row is its 合计 line with nothing after the label. Header cells that look like numbers
    (a year, 栏次 1 2 3) do not end the header when the row also carries header words.
    """
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row]
        if cells and _is_code(cells[0]):
            return i
        if any(looks_like_amount(c) for c in cells) and not _is_label_row(cells):
            return i
    for i, row in enumerate(rows):
        labels = [c for c in (_clean(c) for c in row) if c]
        if labels and labels[0] in ("合计", "总计") and len(labels) == 1:
            return i
    return len(rows)


def _is_label_row(cells: list[str]) -> bool:
    """A header row whose numeric-looking cells are years or 栏次, under header words."""
    words = [c for c in cells if c and not looks_like_amount(c)]
    numbers = [c for c in cells if looks_like_amount(c)]
    if not words or any(w in ("合计", "总计", "小计") for w in map(_clean, words)):
        return False
    values = [n.strip() for n in numbers]
    if all(re.fullmatch(r"(?:19|20)\d{2}", v) for v in values):
        return True
    return len(values) > 1 and values == [str(k) for k in range(1, len(values) + 1)]


def column_paths(header: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """Label path per leaf column, spreading merged cells under their parent.

    A merged cell is '' to the right of (or below) its label, or its label repeated.
    """
    paths: list[list[str]] = [[] for _ in range(width)]
    for row in header:
        cells = [_clean(row[j]) if j < len(row) else "" for j in range(width)]
        spread: str | None = None
        parent_of_spread: tuple[str, ...] | None = None
        for j in range(width):
            cell = cells[j]
            repeated_across = cell and cell == spread and parent_of_spread == tuple(paths[j])
            if cell and paths[j] and paths[j][-1] == cell and not repeated_across:
                continue  # a rowspan printed again in the next row
            if cell and not repeated_across:
                paths[j].append(cell)
                spread, parent_of_spread = cell, tuple(paths[j][:-1])
            elif spread is not None and parent_of_spread == tuple(paths[j]):
                paths[j].append(spread)
            else:
                spread = None
    return [tuple(p) for p in paths]


def _fund_source(path: tuple[str, ...], default: str) -> tuple[str | None, str | None]:
    """(fund_source, why_not) from a label path."""
    joined = "›".join(path)
    carry = any(word in joined for word in ("上年结转", "年初结转", "上年结余"))
    leaf = path[-1] if path else ""
    sources = [
        ("一般公共预算", "general_public"),
        ("政府性基金", "gov_fund"),
        ("国有资本经营", "state_capital"),
        ("财政专户", "special_account"),
        ("单位资金", "unit_funds"),
    ]
    if carry:
        below = [p for p in path if not any(w in p for w in ("结转", "结余"))]
        if any(label in p for p in below for label, _ in sources):
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
    if leaf.startswith("其他资金"):
        return "other", None
    return default, None


def _expense_type(path: tuple[str, ...], default: str = "total") -> str:
    """The column's expense type; a column that names none has the title's (基本支出表: basic)."""
    joined = "›".join(path)
    leaf = path[-1] if path else ""
    if "经营支出" in leaf:
        return "operating"  # 事业单位经营支出
    if "上缴上级" in leaf:
        return "to_superior"
    if "对附属单位补助" in leaf:
        return "to_affiliates"
    if "人员经费" in joined or "人员支出" in joined or path[-1:] == ("人员类",):
        return "personnel"
    if "公用经费" in joined or "公用支出" in joined or "公用类" in joined:
        return "public"
    if "基本支出" in joined:
        return "basic"
    if "项目支出" in joined:
        return "project"
    return default


def _role(path: tuple[str, ...]) -> Role | None:
    leaf = path[-1] if path else ""
    if leaf == "类":
        return "code_lei"
    if leaf == "款":
        return "code_kuan"
    if leaf == "项" and len(path) > 1:
        return "code_xiang"
    if leaf in _UNIT_CODE_LABELS:
        return "unit_code"
    if _CODE_LABEL.match(leaf) or _CODE_WORDS.search(leaf):
        return "code"
    if leaf in _NAME_LABELS or _NAME_WORDS.search(leaf):
        return "name"
    if leaf in _PROJECT_LABELS:
        return "project"
    if "项目类别" in leaf:
        return "name"  # 支出项目类别（资金使用单位）: units on their rows, class names below
    if leaf in _UNIT_LABELS or "资金使用单位" in leaf:
        return "unit"
    if any(token in leaf for token in _TEXT_LABELS):
        return "text"
    return None


def _year_and_stage(
    path: tuple[str, ...], fiscal_year: int | None
) -> tuple[int | None, Literal["budget", "actual"] | None]:
    """Another year than the document's (2018预算数 beside 2019预算数), and 决算/预算 wording."""
    joined = "›".join(path)
    year: int | None = None
    for match in _YEAR.finditer(joined):
        printed = int(match.group(1))
        if fiscal_year is not None and printed != fiscal_year:
            year = printed
    stage: Literal["budget", "actual"] | None = None
    if "决算" in joined or "执行数" in joined:
        stage = "actual"
    elif "预算数" in joined or "预算安排" in joined:
        stage = "budget"
    return year, stage


def economic_measure(
    path: tuple[str, ...], hint: EconomicScheme | None
) -> tuple[EconomicScheme, str] | None:
    """(scheme, code) when a column's labels name an economic class or 款."""
    scheme = scheme_of_path(path, hint)
    if scheme is None:
        return None
    code = resolve_path(path, scheme)
    return (scheme, code) if code is not None else None


def interpret_columns(
    header: list[list[str]],
    width: int,
    default_fund_source: str,
    *,
    fiscal_year: int | None = None,
    economic_scheme: EconomicScheme | None = None,
    economic_columns: bool = True,
    default_expense_type: str = "total",
) -> list[Column]:
    """Every leaf column with its role and, for figure columns, its measure or why it has none.

    economic_scheme is what the title says of economic-class columns (部门/政府经济分类科目);
    economic_columns=False for tables whose rows are the economic classes.
    """
    columns: list[Column] = []
    for j, path in enumerate(column_paths(header, width)):
        role = _role(path)
        if role is not None:
            columns.append(Column(index=j, path=path, role=role))
            continue
        not_a_grain = next((why for word, why in _NOT_A_GRAIN if word in "›".join(path)), None)
        fund_source, why_not = _fund_source(path, default_fund_source)
        if fund_source is None or not_a_grain is not None:
            columns.append(Column(j, path, "amount", why_not=why_not or not_a_grain))
            continue
        economic = economic_measure(path, economic_scheme) if economic_columns else None
        year, stage = _year_and_stage(path, fiscal_year)
        measure = Measure(
            fund_source=fund_source,
            expense_type=_expense_type(path, default_expense_type),
            economic_scheme=economic[0] if economic else None,
            economic_code=economic[1] if economic else None,
            fiscal_year=year,
            stage=stage,
        )
        twin = next((c for c in columns if c.measure == measure), None)
        if twin is not None and not twin.path and path:
            # an unlabelled column (a gutter the grid drew) yields its grain to a labelled one
            why = f"reads as the same grain as column {'›'.join(path)!r}; not a grain of its own"
            columns[columns.index(twin)] = Column(twin.index, twin.path, "amount", why_not=why)
            twin = None
        if twin is not None:
            # two columns read as one grain would store one figure and call the other a
            # misread printing: the later column is kept out of the grain, with the reason
            why = f"reads as the same grain as column {twin.label!r}; not a grain of its own"
            columns.append(Column(j, path, "amount", why_not=why))
            continue
        columns.append(Column(index=j, path=path, role="amount", measure=measure))
    return columns
