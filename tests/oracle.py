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
DOCS = (
    "000_shenyang_2019_budget",
    "001_shenyang_center_2023_budget",
    "002_shenyang_2024_final",
    "003_panjin_2020_final",
    "004_nanchong_2020_budget",
)
_TOTAL_LABELS = {"合计", "总计"}


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


@cache
def document(doc: str) -> dict[str, Any]:
    return dict(yaml.safe_load((SAMPLES / doc / "document.yaml").read_text(encoding="utf-8")))


@cache
def tables(doc: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    folder = SAMPLES / doc / "tables"
    if not folder.exists():
        return ()
    return tuple(
        (path.stem, dict(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in sorted(folder.glob("t*.yaml"))
    )


@cache
def layout(doc: str) -> dict[str, Any]:
    path = SAMPLES / f"{doc}.layout.yaml"
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


def _row_key(cells: list[str], columns: list[dict[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=False):
        key = column.get("key")
        if key in ("code", "code_lei", "code_kuan", "code_xiang", "name", "unit", "project"):
            found.setdefault(key, re.sub(r"\s+", "", cell))
    return found


def _code(key: dict[str, str]) -> str | None:
    if key.get("code"):
        return key["code"]
    parts = [key.get(k, "") for k in ("code_lei", "code_kuan", "code_xiang")]
    joined = "".join(parts)
    return joined or None


def expected_facts(doc: str) -> ExpectedFacts:
    """Every annotated figure of every grid table at its grain; first printing wins."""
    meta = document(doc)
    year = int(meta["fiscal_year"])
    default_stage = "budget" if meta["doc_kind"] == "budget" else "actual"
    result = ExpectedFacts(first={}, repeats=[])
    for table_file, table in tables(doc):
        if "columns" not in table:
            continue  # KPI blocks
        columns = list(table["columns"])
        classification = table.get("classification")
        scale = Decimal(10000) if table.get("money_unit") == "元" else Decimal(1)
        keyed = any(
            c.get("key") in ("code", "code_lei", "name", "unit", "project", "label")
            for c in columns
        )
        for r, row in enumerate(table.get("rows") or []):
            cells, overrides = _cells(row)
            key = _row_key(cells, columns)
            code = _code(key)
            for c, column in enumerate(columns):
                measure = column.get("measure")
                if column.get("key") != "amount" or not measure or c >= len(cells):
                    continue
                amount = amount_of(cells[c])
                if amount is None:
                    continue
                extra: dict[str, Any] = {}
                if overrides is not None and c in overrides:
                    if overrides[c] is None:
                        continue
                    extra = dict(overrides[c])
                elif (
                    keyed
                    and not code
                    and key.get("name") not in _TOTAL_LABELS
                    and not key.get("unit")
                    and not key.get("project")
                ):
                    continue  # a label row that is not a total: the transcriber gave no grain
                grain = _grain(
                    measure,
                    extra,
                    key,
                    code,
                    classification,
                    year,
                    default_stage,
                    re.sub(r"\s+", "", str(meta["publisher"])),
                )
                printing = Printing(table_file, str(table["title"]), r, c, amount / scale)
                if grain in result.first:
                    result.repeats.append((grain, printing))
                else:
                    result.first[grain] = printing
    return result


def _grain(
    measure: dict[str, Any],
    extra: dict[str, Any],
    key: dict[str, str],
    code: str | None,
    classification: str | None,
    year: int,
    default_stage: str,
    publisher: str,
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
    unit = re.sub(r"^[0-9]{6}", "", merged.get("unit") or key.get("unit") or "")
    unit = re.sub(r"[-－—][0-9]{6,}$", "", unit)
    if unit in _TOTAL_LABELS or unit == publisher:
        unit = ""
    project = merged.get("project") or key.get("project") or None
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
