"""Expected facts of a transcription folder (document.yaml + tables/*.yaml), at contract grain.

These are the grid rules of the FORMAT.md conventions, the one implementation the test oracle
(tests/oracle.py) and the synthetic corpus both use; they take the parsed YAML, so a synthetic
document's expected facts come from its own perturbed transcription. Nothing here is shared
with warehouse.parse: the parser reads meaning from printed headers, this module from the
transcriber's annotations.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

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
class ExpectedFact:
    grain: Grain
    amount: Decimal  # 万元
    table_file: str
    title: str = ""  # the printed table title
    row: int = 0  # body row index in the transcription
    column: int = 0  # leaf column index

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self.grain),
            "amount": str(self.amount),
            "table": self.table_file,
            "title": self.title,
            "row": self.row,
            "column": self.column,
        }

    @staticmethod
    def from_json(raw: dict[str, Any]) -> ExpectedFact:
        data = dict(raw)
        amount = Decimal(str(data.pop("amount")))
        table = str(data.pop("table"))
        where = {k: data.pop(k) for k in ("title", "row", "column") if k in data}
        return ExpectedFact(Grain(**data), amount, table, **where)


def read_folder(folder: Path) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """document.yaml and the tables in file-name order."""
    meta = dict(yaml.safe_load((folder / "document.yaml").read_text(encoding="utf-8")))
    tables = [
        (path.stem, dict(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in sorted((folder / "tables").glob("t*.yaml"))
    ]
    return meta, tables


def amount_of(cell: str) -> Decimal | None:
    text = re.sub(r"[\s,，]", "", cell or "")
    if text in ("", "-", "—", "……"):
        return None
    return Decimal(text)


def expected_facts(
    meta: dict[str, Any], tables: list[tuple[str, dict[str, Any]]]
) -> list[ExpectedFact]:
    """Every annotated figure of every grid table at its grain; the first printing wins and
    parts of one figure (several columns or `part: true` rows on one grain) are summed."""
    first, _ = printings(meta, tables)
    return list(first.values())


def printings(
    meta: dict[str, Any], tables: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[Grain, ExpectedFact], list[ExpectedFact]]:
    """Every printing: the first of each grain (the fact), and the later ones (checks)."""
    year = int(meta["fiscal_year"])
    default_stage = "budget" if meta["doc_kind"] == "budget" else "actual"
    units = UnitNames(meta)
    first: dict[Grain, ExpectedFact] = {}
    repeats: list[ExpectedFact] = []
    for table_file, table in tables:
        if "columns" not in table:
            continue  # KPI blocks
        for fact in table_facts(table_file, table, year, default_stage, units):
            if fact.grain in first:
                repeats.append(fact)
            else:
                first[fact.grain] = fact
    return first, repeats


class UnitNames:
    """'' for the publisher (convention 5), else the unit's name as printed."""

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
        text = self.by_code.get(text, text)
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


def _column_groups(columns: list[dict[str, Any]]) -> list[int]:
    """A key column after an amount column starts a new group (two-sided tables)."""
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
    return "".join([lei] + [key[k].zfill(2) for k in ("code_kuan", "code_xiang") if key.get(k)])


def _is_total_row(key: dict[str, str]) -> bool:
    return any(key.get(k) in _TOTAL_LABELS for k in ("name", "label", "unit", "project"))


def _cells(row: Any) -> tuple[list[str], dict[int, Any] | None]:
    if isinstance(row, dict):
        return [str(c) for c in row["cells"]], row.get("grain")
    return [str(c) for c in row], None


def table_facts(
    table_file: str, table: dict[str, Any], year: int, default_stage: str, units: UnitNames
) -> list[ExpectedFact]:
    columns = list(table["columns"])
    groups = _column_groups(columns)
    classification = table.get("classification")
    scale = Decimal(10000) if table.get("money_unit") == "元" else Decimal(1)
    title = str(table.get("title") or "")
    found: list[ExpectedFact] = []
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
            extra: dict[str, Any] = {}
            if overrides is not None and c in overrides:
                if overrides[c] is None:
                    continue
                extra = dict(overrides[c])
            elif (
                any(k in _KEY_COLUMNS for k in key)
                and not code
                and not _is_total_row(key)
                and not key.get("unit")
                and not key.get("project")
            ):
                continue  # a label row that is not a total: no grain given
            grain = _grain(
                {**measure, **extra}, key, code, classification, year, default_stage, units
            )
            earlier_at = in_row.get(grain)
            if earlier_at is None and extra.get("part"):
                earlier_at = in_table.get(grain)
            if earlier_at is not None:
                earlier = found[earlier_at]
                found[earlier_at] = ExpectedFact(
                    grain,
                    earlier.amount + amount / scale,
                    table_file,
                    title,
                    earlier.row,
                    earlier.column,
                )
                continue
            in_row[grain] = len(found)
            in_table.setdefault(grain, len(found))
            found.append(ExpectedFact(grain, amount / scale, table_file, title, r, c))
    return found


def _grain(
    merged: dict[str, Any],
    key: dict[str, str],
    code: str | None,
    classification: str | None,
    year: int,
    default_stage: str,
    units: UnitNames,
) -> Grain:
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
    project = merged.get("project") or key.get("project") or None
    fact = merged.get("fact", "expenditure")
    return Grain(
        fact=fact,
        unit=units(str(merged.get("unit") or key.get("unit") or "")),
        fiscal_year=int(merged.get("fiscal_year", year)),
        stage=merged.get("stage", default_stage),
        function_code=function_code,
        economic_scheme=economic_scheme,
        economic_code=economic_code,
        project=None if project in _TOTAL_LABELS else project,
        fund_source=merged.get("fund_source") if fact != "three_public" else None,
        expense_type=merged.get("expense_type") if fact == "expenditure" else None,
        item=merged.get("item") if fact == "three_public" else None,
    )
