"""What the printed labels of a performance-goal table mean: header columns, field labels,
section labels. Matched on the printed words (NFKC, no spaces), never on column positions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# header label -> column role of the indicator grid
_ROLE_LABELS: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "指标名称": "level3",
    "运算符": "operator",
    "运算符号": "operator",
    "符号": "operator",
    "指标值": "target",
    "内容": "target",
    "目标值": "target",
    "年度指标值": "target",
    "年度目标值": "target",
    "预期目标值": "target",
    "预期指标值": "target",
    "度量单位": "unit",
    "计量单位": "unit",
    "单位": "unit",
    "全年完成值": "actual",
    "全年实际值": "actual",
    "实际完成值": "actual",
    "实际值": "actual",
    "完成值": "actual",
    "完成程度": "completion",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "自评得分": "score",
    "完成时限": "deadline",
    "绩效指标": "label",
    "年度绩效指标": "label",
}
_DEVIATION = re.compile(r"原因|偏差|改进措施|保障$|^其他$")

# labels that open a part of the table that is not indicators
_SECTION_LABELS = re.compile(
    r"^(年度主要任务|结果应用建议|主管部门审核意见|财政部门审核意见|审核意见|备注|说明)$"
)
# labels of the block header (项目名称, 主管部门, 预算资金情况 …): known words or label endings
_PROJECT_LABELS = {"项目(政策)名称", "项目名称", "政策名称", "项目(政策)"}
_FIELD_LABEL = re.compile(
    r"^[^\d]{0,8}?(名称|部门|单位|目标|完成情况|金额|资金|资金情况|预算数|执行数|执行率|得分|"
    r"分值|减分项|小计|收入|支出)(\(万元\))?$"
)
_FIELD_WORDS = {"人员类项目", "其他运转类项目", "公用经费类项目", "特定目标类项目"}


def norm(cell: str) -> str:
    """The label as a key: full-width to half-width, no spaces or line wraps, no colon."""
    return re.sub(r"[\s:]+", "", unicodedata.normalize("NFKC", cell or ""))


def column_role(label: str) -> str | None:
    key = norm(label)
    if key in _ROLE_LABELS:
        return _ROLE_LABELS[key]
    if key.endswith("指标值") or key.endswith("目标值"):
        return "target"
    if _DEVIATION.search(key):
        return "deviation"
    return None


@dataclass
class GridColumns:
    """Column roles of a standard indicator grid (一级/二级/三级 …), by column index."""

    roles: dict[int, str]
    labels: dict[int, str]
    width: int

    def column(self, role: str) -> int | None:
        for index, found in self.roles.items():
            if found == role:
                return index
        return None


def grid_header(row: list[str]) -> GridColumns | None:
    """The row is the header of a 一级/二级/三级 grid when it names a 三级指标 column."""
    roles: dict[int, str] = {}
    labels: dict[int, str] = {}
    for index, cell in enumerate(row):
        role = column_role(cell) if cell.strip() else None
        if role is not None:
            roles[index] = role
            labels[index] = norm(cell)
    if "level3" not in roles.values() or len(roles) < 3:
        return None
    return GridColumns(roles=roles, labels=labels, width=len(row))


def sub_header(row: list[str], columns: GridColumns) -> GridColumns | None:
    """A second header row under a spanning label (年度目标值 › 运算符号 | 指标值 | 度量单位)."""
    cells = {i: c for i, c in enumerate(row) if c.strip()}
    if not cells:
        return None
    roles = {i: column_role(c) for i, c in cells.items()}
    if any(r is None or r == "level3" for r in roles.values()):
        return None
    merged = dict(columns.roles)
    labels = dict(columns.labels)
    for index, role in roles.items():
        assert role is not None
        merged[index] = role
        labels[index] = norm(cells[index])
    return GridColumns(roles=merged, labels=labels, width=max(columns.width, len(row)))


@dataclass
class PairedColumns:
    """Sichuan layout: one row group per project, indicator groups side by side as
    指标内容 | 指标值 pairs under a 一级 label (项目完成指标, 效益指标, 满意度指标)."""

    name: int | None
    fields: dict[int, str]
    pairs: list[tuple[int, int, str | None]] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)  # every printed header word

    def is_header_row(self, row: list[str]) -> bool:
        """A header row printed again at a page top."""
        return any(norm(c) in self.labels for c in row if c.strip())


def paired_header(rows: list[list[str]]) -> PairedColumns | None:
    """Read the header stack ending with the 指标内容/指标值 row; None if it is not one."""
    last = [norm(c) for c in rows[-1]]
    contents = [i for i, c in enumerate(last) if c in ("指标内容", "指标名称", "三级指标")]
    if len(contents) < 2 or ("三级指标" in last and "一级指标" in last):
        return None
    upper = [[norm(c) for c in r] for r in rows[:-1]]
    pairs: list[tuple[int, int, str | None]] = []
    for index in contents:
        value = next(
            (j for j in range(index + 1, len(last)) if last[j] in ("指标值", "目标值")), None
        )
        if value is None:
            continue
        pairs.append((index, value, _label_above(upper, index, value)))
    name: int | None = None
    fields: dict[int, str] = {}
    first_pair = min(p[0] for p in pairs) if pairs else len(last)
    for index in range(first_pair):
        label = next((r[index] for r in reversed(upper) if index < len(r) and r[index]), "")
        if not label:
            label = last[index] if index < len(last) else ""
        if not label:
            continue
        if name is None and ("项目名称" in label or "项目单位" in label):
            name = index
        else:
            fields[index] = label
    labels = {c for r in [*upper, last] for c in r if c}
    return PairedColumns(name=name, fields=fields, pairs=pairs, labels=labels)


def _label_above(upper: list[list[str]], start: int, stop: int) -> str | None:
    """The 一级 label spanning a pair: the nearest printed cell above it."""
    for row in reversed(upper):
        for index in range(start, stop + 1):
            if index < len(row) and row[index]:
                return row[index]
    return None


def is_section_label(cell: str) -> bool:
    return bool(_SECTION_LABELS.match(norm(cell)))


def is_project_label(cell: str) -> bool:
    return norm(cell) in _PROJECT_LABELS


def is_field_label(cell: str) -> bool:
    key = norm(cell)
    if not key or key in _ROLE_LABELS:
        return False
    return key in _PROJECT_LABELS or key in _FIELD_WORDS or bool(_FIELD_LABEL.match(key))


def label_pairs(row: list[str]) -> list[tuple[str, str]]:
    """A block-header row as (label, value) pairs: each label takes the cells up to the next
    label ('主管部门 | 沈阳市医疗保障局 | 实施单位 | …')."""
    pairs: list[tuple[str, str]] = []
    label: str | None = None
    values: list[str] = []
    for cell in (c.strip() for c in row):
        if not cell:
            continue
        if is_field_label(cell):
            if label is not None:
                pairs.append((label, "".join(values)))
            label, values = cell, []
        elif label is not None:
            values.append(cell)
    if label is not None:
        pairs.append((label, "".join(values)))
    return pairs
