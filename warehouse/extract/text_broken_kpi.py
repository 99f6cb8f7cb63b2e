"""A 绩效自评表 whose text extraction broke the cells into lines of a few characters (seed 002).

The print: title, (年度) line, the block's labelled fields (项目(政策)名称 …, 项目预算金额 …), the
绩效指标 header (broken or on one line), then the indicators: each one's name fragments
(一级/二级 only where a merged cell starts, then 三级) run into its value line, and a √ under
a deviation cause is followed by the cause text (其他:… 。). The indicator part ends at the
score line (指标自评得分小计 …, 总评价得分 …); what follows (结果应用建议, 审核意见) stays running
text. The grid is handed over in the PDF front end's shape: field rows, one header row
naming the columns, one row per indicator with 一级/二级 written out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warehouse.extract.model import RawTable
from warehouse.extract.text_broken_kpi_names import Widths, split_names
from warehouse.extract.text_broken_kpi_values import (
    COMPLETION,
    OPENS_VALUES,
    QUANTITATIVE,
    Values,
    qualitative,
    quantitative,
)
from warehouse.parse.kpi_vocabulary import LEVEL1_WORDS

HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "运算符号",
    "指标值",
    "度量单位",
    "全年完成值",
    "完成程度",
    "分值",
    "得分",
    "原因说明",
    "改进措施",
]
_HEADER_START = re.compile(r"^(绩效指|一级指)")
_END = re.compile(r"^(指标自评得分小计|总评价得分|结果应用建议|第[一二三四五六七八九十]+部分)")
_FIELD = re.compile(r"(名称|部门|单位|金额|金额[（(]万元[）)]|预算数|执行数)$")
_TABLE_LABEL = "绩效指标"  # the merged label cell left of the grid, printed at page tops
_CAUSE = re.compile(r"^[^\s:：]{1,8}[:：]")
_LOOKAHEAD = 200


@dataclass
class _Body:
    widths: Widths
    rows: list[list[str]] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    level1: str = ""
    level2: str = ""
    causes: list[str] | None = None  # open after a √: the deviation texts of the last row
    in_cause: bool = False

    def line(self, text: str) -> None:
        if self._cause_text(text):
            return
        match = QUANTITATIVE.match(text)
        if match is not None:
            self.pending.extend(_fragments(match["name"]))
            self._row(quantitative(match), qualitative_row=False)
            return
        match = COMPLETION.match(text)
        if match is not None and self.pending:
            values, frags, known_unit = qualitative(match, self.pending)
            if not known_unit:
                self.doubts.append(f"qualitative 度量单位 not found in: {''.join(frags)}")
            self.pending = frags
            self._row(values, qualitative_row=known_unit)
            return
        self.pending.extend(_fragments(text))

    def _cause_text(self, text: str) -> bool:
        """Deviation causes after a √: runs opened by 'label:' and closed by a 。."""
        if self.causes is None:
            return False
        if self.in_cause:
            self.causes[-1] += text.strip()
        elif _CAUSE.match(text):
            self.causes.append(text.strip())
            self.in_cause = True
        else:
            self._close_causes()
            return False
        if text.rstrip().endswith("。"):
            self.in_cause = False
        return True

    def _close_causes(self) -> None:
        if self.causes and self.rows:
            row = self.rows[-1]
            row[10] = self.causes[0]
            row[11] = "；".join(self.causes[1:])
        self.causes, self.in_cause = None, False

    def _row(self, values: Values, *, qualitative_row: bool) -> None:
        names = split_names(self.pending, self.widths, qualitative=qualitative_row)
        self.pending = []
        self.doubts.extend(names.doubts)
        if names.level1:
            self.level1, self.level2 = names.level1, ""
        if names.level2:
            self.level2 = names.level2
        target = values.target if not qualitative_row else names.target or ""
        self.rows.append(
            [
                self.level1,
                self.level2,
                names.level3,
                values.operator,
                target,
                values.unit,
                values.actual,
                values.completion,
                values.weight,
                values.score,
                "",
                "",
            ]
        )
        if values.marked:
            self.causes = []

    def finish(self) -> None:
        self._close_causes()
        if self.pending:
            self.doubts.append(f"text after the last indicator: {''.join(self.pending)}")


def _fragments(text: str) -> list[str]:
    return [t for t in text.split() if t != _TABLE_LABEL]


def _nonblank(lines: list[str], start: int, stop: int) -> list[int]:
    return [i for i in range(start, min(stop, len(lines))) if lines[i].strip()]


def _opens_body(lines: list[str], indices: list[int]) -> bool:
    """The fragments from here on spell a 一级 word: the header is over."""
    text = ""
    for i in indices[:4]:
        text += "".join(_fragments(lines[i]))
        if any(text.startswith(w) for w in LEVEL1_WORDS):
            return True
        if not any(w.startswith(text) for w in LEVEL1_WORDS):
            return False
    return False


def _widths(header: list[str]) -> Widths:
    """Column widths read off a broken header: 一级指/标 prints three characters a line."""
    found: dict[str, int | None] = {}
    for frag in header:
        for key in ("一级", "二级", "三级"):
            if frag.startswith(key) and key not in found:
                found[key] = len(frag) if len(frag) < len(key) + 2 else None
    return Widths(found.get("一级"), found.get("二级"), found.get("三级"))


def _joined_values(lines: list[str], indices: list[int], k: int) -> tuple[str, int]:
    """A value line whose end wrapped onto the next line is read as one line."""
    text = lines[indices[k]].strip()
    if QUANTITATIVE.match(text) or not OPENS_VALUES.search(text) or k + 1 >= len(indices):
        return text, k
    joined = f"{text} {lines[indices[k + 1]].strip()}"
    return (joined, k + 1) if QUANTITATIVE.match(joined) else (text, k)


def _end_line(lines: list[str], indices: list[int], stop: int) -> int:
    """One past the score line that closes the indicators; a section heading stays text."""
    if stop >= len(indices):
        return len(lines)
    text = lines[indices[stop]].strip()
    return indices[stop] + 1 if text.startswith(("指标自评", "总评价")) else indices[stop]


def read_self_evaluation(
    lines: list[str], index: int, year: int, table_index: int
) -> tuple[RawTable, int] | None:
    """The table titled at lines[index] (its (年度) line at lines[year]) and the index one past
    its indicator part; the doubts met while cutting names go to its notes. None when no
    indicator is read."""
    indices = _nonblank(lines, year + 1, year + 1 + _LOOKAHEAD * 5)
    start = next((k for k, i in enumerate(indices) if _HEADER_START.match(lines[i].strip())), None)
    if start is None:
        return None
    stop = next(
        (k for k in range(start, len(indices)) if _END.match(lines[indices[k]].strip())),
        len(indices),
    )
    fields = [
        lines[i].split()
        for i in indices[:start]
        if len(lines[i].split()) > 1 and _FIELD.search(lines[i].split()[0])
    ]
    first = next((k for k in range(start, stop) if _opens_body(lines, indices[k:stop])), stop)
    header = [f for i in indices[start:first] for f in lines[i].split()]
    body = _Body(widths=_widths(header))
    k = first
    while k < stop:
        text, k = _joined_values(lines, indices, k)
        body.line(text)
        k += 1
    body.finish()
    if not body.rows:
        return None
    end = _end_line(lines, indices, stop)
    table = RawTable(
        index=table_index,
        rows=[*fields, list(HEADER), *body.rows],
        title=lines[index].strip(),
        context_lines=[lines[year].strip()],
        line_first=index + 1,
        line_last=end,
        notes=body.doubts,
    )
    return table, end
