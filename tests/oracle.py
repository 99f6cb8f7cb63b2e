"""The test oracle: expected warehouse content derived from the hand transcription.

data/samples/<doc>/ holds a transcription written by reading the seed text (FORMAT.md), with
every amount column's meaning annotated by hand. This module turns it into expected facts at
the contract grain. It shares no code with warehouse.parse: the parser reads meaning from the
printed headers, the oracle from the transcriber's annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
INVENTED = Path(__file__).resolve().parents[1] / "data" / "invented"
DOCS = (
    "000_shenyang_2019_budget",
    "001_shenyang_center_2023_budget",
    "002_shenyang_2024_final",
    "003_panjin_2020_final",
    "004_nanchong_2020_budget",
)
INVENTED_DOCS = ("final_account_2024", "shenyang_center_2024_budget")
_TOTAL_LABELS = {"合计", "总计"}
_KEY_COLUMNS = ("code", "code_lei", "code_kuan", "code_xiang", "name", "label", "unit", "project")


@dataclass(frozen=True)
class Grain:
    fact: str  # expenditure | revenue | three_public
    unit: str  # '' = the publisher, else the unit name as printed
    fiscal_year: int
    stage: str
    function_code: str | None
    economic_scheme: str | None
    economic_code: str | None
    project: str | None
    fund_source: str | None
    expense_type: str | None
    item: str | None


@dataclass(frozen=True)
class Printing:
    table_file: str
    title: str
    row: int
    column: int
    amount: Decimal


@dataclass
class ExpectedFacts:
    first: dict[Grain, Printing]
    repeats: list[tuple[Grain, Printing]]


def folder_of(doc: str) -> Path:
    """A sample document, or an invented one (data/invented/<doc>)."""
    return INVENTED / doc if doc in INVENTED_DOCS else SAMPLES / doc


@cache
def document(doc: str) -> dict[str, Any]:
    return dict(yaml.safe_load((folder_of(doc) / "document.yaml").read_text(encoding="utf-8")))


@cache
def tables(doc: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    folder = folder_of(doc) / "tables"
    if not folder.exists():
        return ()
    return tuple(
        (path.stem, dict(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in sorted(folder.glob("t*.yaml"))
    )


@cache
def layout(doc: str) -> dict[str, Any]:
    path = folder_of(doc).parent / f"{doc}.layout.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))) if path.exists() else {}


def table_pages(doc: str, table_file: str) -> list[int]:
    return list(layout(doc).get("tables", {}).get(table_file, {}).get("pages", []))


def amount_of(cell: str) -> Decimal | None:
    text = re.sub(r"[\s,，]", "", cell or "")
    if text in ("", "-", "—", "……"):
        return None
    return Decimal(text)


def _cells(row: Any) -> tuple[list[str], dict[int, Any] | None]:
    if isinstance(row, dict):
        return [str(c) for c in row["cells"]], row.get("grain")
    return [str(c) for c in row], None


def column_groups(columns: list[dict[str, Any]]) -> list[int]:
    """The key group of every column: a key column after an amount column starts a new group
    (two-sided tables: 收入 | 支出, or 人员经费 | 公用经费 | 公用经费 side by side)."""
    groups: list[int] = []
    group = 0
    after_amount = False
    for column in columns:
        key = column.get("key")
        if key in _KEY_COLUMNS and after_amount:
            group += 1
            after_amount = False
        if key == "amount":
            after_amount = True
        groups.append(group)
    return groups


def _row_key(
    cells: list[str], columns: list[dict[str, Any]], groups: list[int], group: int
) -> dict[str, str]:
    found: dict[str, str] = {}
    for column, cell, g in zip(columns, cells, groups, strict=False):
        key = column.get("key")
        if g == group and key in _KEY_COLUMNS:
            found.setdefault(str(key), re.sub(r"\s+", "", cell))
    return found


def _code(key: dict[str, str]) -> str | None:
    if key.get("code") and not key.get("code_lei"):
        return key["code"]
    lei = key.get("code_lei", "")
    if not lei:
        return key.get("code") or None
    parts = [lei] + [key[k].zfill(2) for k in ("code_kuan", "code_xiang") if key.get(k)]
    return "".join(parts)


def _is_total_row(key: dict[str, str]) -> bool:
    return any(key.get(k) in _TOTAL_LABELS for k in ("name", "label", "unit", "project"))


class UnitNames:
    """Unit cells as the oracle names them: '' for the publisher (convention 5), else the
    unit's name as printed, with codes resolved through document.yaml `units`."""

    def __init__(self, meta: dict[str, Any]) -> None:
        self.publisher = re.sub(r"\s+", "", str(meta["publisher"]))
        self.publisher_code = str(meta.get("unit_code") or "")
        self.by_code: dict[str, str] = {}
        self.codes_of: dict[str, str] = {}
        for unit in meta.get("units") or []:
            name = re.sub(r"\s+", "", str(unit["name"]))
            code = str(unit.get("code") or "")
            if code:
                self.by_code[code] = name
                self.codes_of[name] = code

    def __call__(self, cell: str) -> str:
        text = re.sub(r"\s+", "", cell)
        if text in self.by_code:
            text = self.by_code[text]
        code_match = re.match(r"^([0-9]{3,6})(?=\D)", text)
        if code_match and code_match.group(1) == self.publisher_code:
            return ""
        text = re.sub(r"^[0-9]{3,6}(?=\D)", "", text)
        text = re.sub(r"[-－—][0-9]{6,}$", "", text)
        if text in _TOTAL_LABELS or text == self.publisher:
            return ""
        if self.publisher_code and self.codes_of.get(text) == self.publisher_code:
            return ""
        return text


def expected_facts(doc: str) -> ExpectedFacts:
    """Every annotated figure of every grid table at its grain; first printing wins.

    Several columns of one row that map to the same grain are parts of one figure (事业收入
    and 单位其他收入 are both unit_funds where no 单位资金 column is printed): they are summed,
    and so is a row whose grain mapping says `part: true` (四、上级补助收入 … 八、其他收入 lines of
    a 收支总表, all unit_funds)."""
    meta = document(doc)
    year = int(meta["fiscal_year"])
    default_stage = "budget" if meta["doc_kind"] == "budget" else "actual"
    units = UnitNames(meta)
    result = ExpectedFacts(first={}, repeats=[])
    for table_file, table in tables(doc):
        if "columns" not in table:
            continue  # KPI blocks
        for grain, printing in table_facts(table_file, table, year, default_stage, units):
            if grain in result.first:
                result.repeats.append((grain, printing))
            else:
                result.first[grain] = printing
    return result


def table_facts(
    table_file: str,
    table: dict[str, Any],
    year: int,
    default_stage: str,
    units: UnitNames,
) -> list[tuple[Grain, Printing]]:
    """The figures of one grid table at their grains, in printed order."""
    columns = list(table["columns"])
    groups = column_groups(columns)
    classification = table.get("classification")
    scale = Decimal(10000) if table.get("money_unit") == "元" else Decimal(1)
    found: list[tuple[Grain, Printing]] = []
    in_table: dict[Grain, int] = {}
    for r, row in enumerate(table.get("rows") or []):
        cells, overrides = _cells(row)
        in_row: dict[Grain, int] = {}
        for c, column in enumerate(columns):
            measure = column.get("measure")
            if column.get("key") != "amount" or not measure or c >= len(cells):
                continue
            amount = amount_of(cells[c])
            if amount is None:
                continue
            key = _row_key(cells, columns, groups, groups[c])
            code = _code(key)
            keyed = any(k in _KEY_COLUMNS for k in key)
            extra: dict[str, Any] = {}
            if overrides is not None and c in overrides:
                if overrides[c] is None:
                    continue
                extra = dict(overrides[c])
            elif (
                keyed
                and not code
                and not _is_total_row(key)
                and not key.get("unit")
                and not key.get("project")
            ):
                continue  # a label row that is not a total: the transcriber gave no grain
            grain = _grain(measure, extra, key, code, classification, year, default_stage, units)
            printing = Printing(table_file, str(table["title"]), r, c, amount / scale)
            earlier_at = in_row.get(grain)
            if earlier_at is None and extra.get("part"):
                earlier_at = in_table.get(grain)
            if earlier_at is not None:
                earlier = found[earlier_at][1]
                total = earlier.amount + printing.amount
                summed = Printing(table_file, earlier.title, earlier.row, earlier.column, total)
                found[earlier_at] = (grain, summed)
                continue
            in_row[grain] = len(found)
            in_table.setdefault(grain, len(found))
            found.append((grain, printing))
    return found


def _grain(
    measure: dict[str, Any],
    extra: dict[str, Any],
    key: dict[str, str],
    code: str | None,
    classification: str | None,
    year: int,
    default_stage: str,
    units: UnitNames,
) -> Grain:
    merged = {**measure, **extra}
    function_code = merged.get("function_code")
    economic_scheme = merged.get("economic_scheme")
    economic_code = merged.get("economic_code")
    if code and classification == "function" and function_code is None:
        function_code = code
    elif code and classification in ("economic_department", "economic_government"):
        economic_scheme = economic_scheme or classification.removeprefix("economic_")
        economic_code = economic_code or code
    elif economic_code and not economic_scheme and classification:
        economic_scheme = classification.removeprefix("economic_")
    unit = units(str(merged.get("unit") or key.get("unit") or ""))
    project = merged.get("project") or key.get("project") or None
    if project in _TOTAL_LABELS:
        project = None
    fact = merged.get("fact", "expenditure")
    return Grain(
        fact=fact,
        unit=unit,
        fiscal_year=int(merged.get("fiscal_year", year)),
        stage=merged.get("stage", default_stage),
        function_code=function_code,
        economic_scheme=economic_scheme,
        economic_code=economic_code,
        project=project,
        fund_source=merged.get("fund_source") if fact != "three_public" else None,
        expense_type=merged.get("expense_type") if fact == "expenditure" else None,
        item=merged.get("item") if fact == "three_public" else None,
    )


# ---------------------------------------------------------------- KPIs


@dataclass(frozen=True)
class ExpectedKpi:
    table_file: str
    kind: str
    project: str | None
    level1: str
    level2: str
    level3: str
    operator: str
    target_text: str
    measure_unit: str
    actual_text: str
    weight: str
    score: str


def _squeeze(value: Any) -> str:
    return "" if value is None else re.sub(r"\s+", "", str(value))


def expected_kpis(doc: str) -> list[ExpectedKpi]:
    """Every 三级指标 line of every KPI block, as printed (whitespace stripped)."""
    found: list[ExpectedKpi] = []
    for table_file, table in tables(doc):
        for block in table.get("blocks") or []:
            project = _squeeze(block.get("project")) or None
            for line in block.get("indicators") or []:
                found.append(
                    ExpectedKpi(
                        table_file=table_file,
                        kind=str(table.get("kind")),
                        project=project,
                        level1=_squeeze(line.get("level1")),
                        level2=_squeeze(line.get("level2")),
                        level3=_squeeze(line.get("level3")),
                        operator=_squeeze(line.get("operator")),
                        target_text=_squeeze(line.get("target")),
                        measure_unit=_squeeze(line.get("unit")),
                        actual_text=_squeeze(line.get("actual")),
                        weight=_squeeze(line.get("weight")),
                        score=_squeeze(line.get("score")),
                    )
                )
    return found


# ---------------------------------------------------------------- narrative


@dataclass(frozen=True)
class NarrativeFigure:
    kind: str  # function_line | function_total | total | yoy_change | three_public | other
    text: str
    names: tuple[str, ...]
    function_code: str | None
    amount: Decimal | None
    stated_rate: Decimal | None
    share_pct: Decimal | None
    stage: str | None
    fiscal_year: int
    item: str | None
    change_amount: Decimal | None
    change_pct: Decimal | None
    project: str | None
    is_money: bool


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return amount_of(str(value))


def expected_narrative(doc: str) -> list[NarrativeFigure]:
    """The figures the 情况说明 states, typed; stage defaults to the document's (convention 7)."""
    meta = document(doc)
    default_stage = "budget" if meta["doc_kind"] == "budget" else "actual"
    year = int(meta["fiscal_year"])
    found: list[NarrativeFigure] = []
    for entry in meta.get("narrative") or []:
        kind = str(entry["kind"])
        extra = entry.get("extra") or {}
        has_amount = entry.get("amount") is not None
        found.append(
            NarrativeFigure(
                kind=kind,
                text=str(entry.get("text") or ""),
                names=tuple(str(n) for n in entry.get("names") or ()),
                function_code=entry.get("function_code"),
                amount=_decimal(entry.get("amount")),
                stated_rate=_decimal(entry.get("stated_rate")),
                share_pct=_decimal(entry.get("share_pct")),
                stage=entry.get("stage", default_stage if has_amount else None),
                fiscal_year=int(entry.get("fiscal_year", year)),
                item=entry.get("item"),
                change_amount=_decimal(entry.get("change_amount")),
                change_pct=_decimal(entry.get("change_pct")),
                project=entry.get("project"),
                is_money=not bool(extra.get("not_money")) if isinstance(extra, dict) else True,
            )
        )
    return found
