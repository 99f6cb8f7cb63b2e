"""Typed access to the reference CSVs under data/reference.

The CSVs are the single source of truth for classification codes; this module only parses them
into immutable records so the parser, loader and checks share one cached, validated copy.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
"""Repository folder holding the CSVs (resolved from the package so any CWD works)."""

EconomicScheme = Literal["department", "government"]

LEVEL_BY_LENGTH: Mapping[int, int] = MappingProxyType({3: 1, 5: 2, 7: 3})
"""Code length -> level: 类 3 digits, 款 5 digits, 项 7 digits."""


def _year(text: str) -> int | None:
    """Empty cell means 'unknown / open', not zero."""
    text = text.strip()
    return int(text) if text else None


def _in_years(year: int, valid_from: int | None, valid_to: int | None) -> bool:
    return (valid_from is None or valid_from <= year) and (valid_to is None or year <= valid_to)


@dataclass(frozen=True, slots=True)
class FunctionCode:
    """One 支出功能分类 code (类/款/项) with its 2020-2024 name."""

    code: str
    level: int
    name: str
    parent_code: str | None
    valid_from: int | None
    valid_to: int | None
    note: str

    def valid_in(self, year: int) -> bool:
        """True when the code exists in the given budget year (unknown bounds count as open)."""
        return _in_years(year, self.valid_from, self.valid_to)


@dataclass(frozen=True, slots=True)
class EconomicCode:
    """One 支出经济分类 code of either scheme (部门预算 3xx or 政府预算 5xx)."""

    scheme: EconomicScheme
    code: str
    level: int
    name: str
    parent_code: str | None
    valid_from: int | None
    valid_to: int | None
    note: str

    def valid_in(self, year: int) -> bool:
        """True when the code exists in the given budget year (unknown bounds count as open)."""
        return _in_years(year, self.valid_from, self.valid_to)


@dataclass(frozen=True, slots=True)
class NameAlias:
    """A name a function code carried (or was printed with) during some years."""

    code: str
    name: str
    valid_from: int | None
    valid_to: int | None
    source: str

    def valid_in(self, year: int) -> bool:
        """True when this name was in use in the given year (unknown bounds count as open)."""
        return _in_years(year, self.valid_from, self.valid_to)


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_function_codes() -> tuple[FunctionCode, ...]:
    """All function codes in file order; cached because the CSV never changes at run time."""
    return tuple(
        FunctionCode(
            code=row["code"].strip(),
            level=int(row["level"]),
            name=row["name"].strip(),
            parent_code=row["parent_code"].strip() or None,
            valid_from=_year(row["valid_from"]),
            valid_to=_year(row["valid_to"]),
            note=row["note"].strip(),
        )
        for row in _read("function_codes.csv")
    )


@cache
def function_codes_by_code() -> Mapping[str, FunctionCode]:
    """Read-only code -> record index (codes are unique; a test enforces it)."""
    return MappingProxyType({fc.code: fc for fc in load_function_codes()})


@cache
def load_name_history() -> tuple[NameAlias, ...]:
    """Every name of every function code by year, current names included."""
    return tuple(
        NameAlias(
            code=row["code"].strip(),
            name=row["name"].strip(),
            valid_from=_year(row["valid_from"]),
            valid_to=_year(row["valid_to"]),
            source=row["source"].strip(),
        )
        for row in _read("function_name_history.csv")
    )


_ECONOMIC_FILES: Mapping[str, str] = MappingProxyType(
    {"department": "economic_department.csv", "government": "economic_government.csv"}
)


@cache
def load_economic_codes(scheme: EconomicScheme) -> tuple[EconomicCode, ...]:
    """Economic codes of one scheme; the two schemes are separate code lists, never mixed."""
    rows = _read(_ECONOMIC_FILES[scheme])
    result: list[EconomicCode] = []
    for row in rows:
        if row["scheme"].strip() != scheme:
            raise ValueError(f"{_ECONOMIC_FILES[scheme]}: row {row['code']} has another scheme")
        result.append(
            EconomicCode(
                scheme=scheme,
                code=row["code"].strip(),
                level=int(row["level"]),
                name=row["name"].strip(),
                parent_code=row["parent_code"].strip() or None,
                valid_from=_year(row["valid_from"]),
                valid_to=_year(row["valid_to"]),
                note=row["note"].strip(),
            )
        )
    return tuple(result)


@cache
def economic_codes_by_code(scheme: EconomicScheme) -> Mapping[str, EconomicCode]:
    """Read-only code -> record index for one economic scheme."""
    return MappingProxyType({ec.code: ec for ec in load_economic_codes(scheme)})
