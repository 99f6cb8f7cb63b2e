"""Perturb one sample transcription into a new disclosure: another publisher, city, unit code
and year, amounts scaled, a different production profile.

Every amount is multiplied by the same whole number, so each printed total still equals the
sum of its parts to the cent (类 = Σ 款, 合计 = Σ rows) and shares and growth rates stay
true; years move together, so 上年 columns stay one year before the document's year.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Prefecture-level cities by province: a synthetic publisher stays in its source's province.
CITIES: dict[str, tuple[str, ...]] = {
    "辽宁省": (
        "沈阳",
        "大连",
        "鞍山",
        "抚顺",
        "本溪",
        "丹东",
        "锦州",
        "营口",
        "阜新",
        "辽阳",
        "盘锦",
        "铁岭",
        "朝阳",
        "葫芦岛",
    ),
    "四川省": (
        "成都",
        "自贡",
        "泸州",
        "德阳",
        "绵阳",
        "广元",
        "遂宁",
        "内江",
        "乐山",
        "南充",
        "眉山",
        "宜宾",
        "广安",
        "达州",
        "雅安",
        "巴中",
        "资阳",
    ),
}
PROFILE_PREFIXES = ("000", "001", "002", "003", "004")  # tools.samplegen production profiles
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?=\s*年)")
_HEADER_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)(?!\s*年)")
_MONEY_IN_TEXT = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)(?=\s*万?元)")
_AMOUNT_CELL = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
_NARRATIVE_MONEY = ("amount", "change_amount")


@dataclass(frozen=True)
class Variant:
    """How one synthetic document differs from its source."""

    index: int
    source: str  # sample folder, e.g. 001_shenyang_center_2023_budget
    profile: str  # samplegen profile prefix: font, ruling, page furniture
    city_from: str
    city_to: str
    codes: tuple[tuple[str, str], ...]  # unit code -> new unit code
    year_shift: int
    scale: int

    @property
    def doc_id(self) -> str:
        return f"{self.profile}_syn{self.index:05d}_{self.source[4:]}"


def plan_variant(index: int, source: str, meta: dict[str, Any], rng: random.Random) -> Variant:
    """Draw a variant; `rng` is seeded by the caller, so the corpus is reproducible."""
    city_from = str(meta.get("city") or "").removesuffix("市")
    cities = CITIES.get(str(meta.get("province") or ""), (city_from,))
    codes = [str(meta.get("unit_code") or "")] + [
        str(u.get("code") or "") for u in meta.get("units") or []
    ]
    mapping = {code: f"{rng.randint(100, 999)}{code[3:]}" for code in codes if len(code) >= 4}
    year = int(meta["fiscal_year"])
    return Variant(
        index=index,
        source=source,
        profile=rng.choice(PROFILE_PREFIXES),
        city_from=city_from,
        city_to=rng.choice(cities) if city_from else city_from,
        codes=tuple(sorted(mapping.items())),
        year_shift=rng.randint(2016, 2025) - year,
        scale=rng.choice((1, 2, 3, 4, 5, 7)),
    )


def scale_amount(cell: str, factor: int) -> str:
    """A printed amount times `factor`, printed the same way (decimals, thousands commas)."""
    text = cell.strip()
    if factor == 1 or not _AMOUNT_CELL.match(text):
        return cell
    decimals = len(text.split(".")[1]) if "." in text else 0
    value = Decimal(text.replace(",", "")) * factor
    printed = f"{value:,.{decimals}f}" if "," in text else f"{value:.{decimals}f}"
    return printed


class Perturbation:
    """Applies one variant to strings, table files, document.yaml and the seed text."""

    def __init__(self, variant: Variant) -> None:
        self.v = variant
        self._codes = [
            (re.compile(rf"(?<![\d.,]){re.escape(old)}(?![\d.,])"), new)
            for old, new in variant.codes
        ]

    def text(self, value: str) -> str:
        """Names, titles and headers: city, unit codes, years."""
        out = value
        if self.v.city_from and self.v.city_to != self.v.city_from:
            out = out.replace(self.v.city_from, self.v.city_to)
        for pattern, new in self._codes:
            out = pattern.sub(new, out)
        if self.v.year_shift:
            out = _YEAR.sub(lambda m: str(int(m.group(1)) + self.v.year_shift), out)
        return out

    def walk(self, node: Any) -> Any:
        """Every string and every `fiscal_year` of a YAML tree, recursively."""
        if isinstance(node, str):
            return self.text(node)
        if isinstance(node, list):
            return [self.walk(item) for item in node]
        if isinstance(node, dict):
            return {
                key: (
                    value + self.v.year_shift
                    if key == "fiscal_year" and isinstance(value, int)
                    else self.walk(value)
                )
                for key, value in node.items()
            }
        return node

    def table(self, table: dict[str, Any]) -> dict[str, Any]:
        """A grid table's amount columns scaled, then its texts perturbed (KPI blocks: texts)."""
        columns = table.get("columns")
        if columns:
            amount_at = [
                i for i, c in enumerate(columns) if isinstance(c, dict) and c.get("key") == "amount"
            ]
            table = {
                **table,
                "rows": [self._row(row, amount_at) for row in table.get("rows") or []],
            }
        if table.get("header") and self.v.year_shift:
            table = {**table, "header": self._header_years(table["header"])}
        return dict(self.walk(table))

    def _header_years(self, node: Any) -> Any:
        """Years in column headers ('2022 预算数', no 年) move with the document's year; the
        general text rule then leaves them alone (it only moves 'NNNN 年')."""
        if isinstance(node, str):
            return _HEADER_YEAR.sub(lambda m: f"{int(m.group(1)) + self.v.year_shift}", node)
        if isinstance(node, list):
            return [self._header_years(item) for item in node]
        if isinstance(node, dict):
            return {key: self._header_years(value) for key, value in node.items()}
        return node

    def _row(self, row: Any, amount_at: list[int]) -> Any:
        cells = row["cells"] if isinstance(row, dict) else row
        scaled = [
            scale_amount(str(cell), self.v.scale) if i in amount_at and cell is not None else cell
            for i, cell in enumerate(cells)
        ]
        return {**row, "cells": scaled} if isinstance(row, dict) else scaled

    def document(self, meta: dict[str, Any]) -> dict[str, Any]:
        """document.yaml: codes, city, year, and the narrative's money figures scaled."""
        out = dict(self.walk(meta))
        old_codes = dict(self.v.codes)
        if meta.get("unit_code"):
            out["unit_code"] = old_codes.get(str(meta["unit_code"]), meta["unit_code"])
        out["narrative"] = [self._narrative(e) for e in out.get("narrative") or []]
        return out

    def _narrative(self, entry: Any) -> Any:
        if not isinstance(entry, dict):
            return entry
        out = dict(entry)
        for key in _NARRATIVE_MONEY:
            if out.get(key) is not None:
                out[key] = scale_amount(str(out[key]), self.v.scale)
        if isinstance(out.get("text"), str):
            out["text"] = _MONEY_IN_TEXT.sub(
                lambda m: scale_amount(m.group(1), self.v.scale), out["text"]
            )
        return out
