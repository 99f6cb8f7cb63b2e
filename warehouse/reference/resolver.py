"""Resolve the 类/款/项 names of narrative text to a function code.

Final-account narratives name classification lines without codes, e.g.
社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）. Names change between
editions and documents mix editions, so names of any year are accepted; the parent chain settles
names shared by many codes (行政运行 exists under many 款). When the names still fit more than one
code the resolver returns None rather than guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from warehouse.reference.classifications import (
    FunctionCode,
    function_codes_by_code,
    load_name_history,
)

_LEVEL_MARKERS: Mapping[str, int] = MappingProxyType({"类": 1, "款": 2, "项": 3})
_MARKER_RE = re.compile(r"\((类|款|项)\)")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")"})
_INVISIBLE_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff*]+")
_EDGE_PUNCT = "：:，,。；;、"
# Prose before the first name ends at one of these (、 is excluded: names contain it).
_PROSE_END_RE = re.compile(r"^.*[：:，,。；;！!？?]")
# Enumerators before the first name: (1) （一） 1. 16、 一、 ① (NFKC turns ① into 1).
_ENUM_RE = re.compile(
    r"^(?:\(\d+\)|\([一二三四五六七八九十]+\)|\d+[.、]?|[一二三四五六七八九十]+、)+"
)
_QUALIFIER_RE = re.compile(r"^(.+)\(([^()]+)\)$")


def normalize_name(s: str) -> str:
    """Canonical form of a printed name: NFKC (full-width -> half-width), no whitespace or line
    breaks, no markdown asterisks, one bracket style."""
    text = unicodedata.normalize("NFKC", s).translate(_BRACKETS)
    text = _INVISIBLE_RE.sub("", text)
    return text.strip(_EDGE_PUNCT)


def _key(name: str) -> str:
    """Matching key: the normalized name without one trailing 支出 (社会保障和就业 = …就业支出)."""
    text = normalize_name(name)
    if text.endswith("支出") and len(text) > 2:
        text = text[:-2]
    return text


def parse_function_levels(text: str) -> list[tuple[int, str]]:
    """(level, name) pairs of the first X（类）Y（款）Z（项） phrase in text, in printed order."""
    flat = normalize_name(text)
    result: list[tuple[int, str]] = []
    start = 0
    for match in _MARKER_RE.finditer(flat):
        level = _LEVEL_MARKERS[match.group(1)]
        if result and level <= result[-1][0]:
            break  # a second phrase starts
        name = flat[start : match.start()]
        if not result:
            name = _ENUM_RE.sub("", _PROSE_END_RE.sub("", name))
        name = name.strip(_EDGE_PUNCT)
        start = match.end()
        if not name:
            return []
        result.append((level, name))
    return result


def parse_function_phrase(text: str) -> list[str]:
    """Names of a "X（类）Y（款）Z（项）" phrase (brackets of either width, spaces and line breaks
    anywhere). Returns [] unless the phrase starts at 类 and continues level by level, because
    the names are resolved by position."""
    levels = parse_function_levels(text)
    if [level for level, _ in levels] != list(range(1, len(levels) + 1)):
        return []
    return [name for _, name in levels]


@dataclass(frozen=True, slots=True)
class _NameUse:
    code: str
    valid_from: int | None
    valid_to: int | None

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )


@cache
def _name_index() -> Mapping[tuple[int, str], tuple[_NameUse, ...]]:
    """(level, key) -> every code that carried such a name, with the years of that name."""
    codes = function_codes_by_code()
    index: dict[tuple[int, str], list[_NameUse]] = {}
    uses = [_NameUse(fc.code, fc.valid_from, fc.valid_to) for fc in codes.values()]
    names = [fc.name for fc in codes.values()]
    for alias in load_name_history():
        if alias.code in codes:
            uses.append(_NameUse(alias.code, alias.valid_from, alias.valid_to))
            names.append(alias.name)
    for use, name in zip(uses, names, strict=True):
        bucket = index.setdefault((codes[use.code].level, _key(name)), [])
        if use not in bucket:
            bucket.append(use)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def _lookup(level: int, name: str) -> tuple[_NameUse, ...]:
    index = _name_index()
    found = index.get((level, _key(name)), ())
    if not found:
        # Table cells qualify shared names: 行政运行（财政事务）. Drop the qualifier and retry.
        match = _QUALIFIER_RE.match(normalize_name(name))
        if match:
            found = index.get((level, _key(match.group(1))), ())
    return found


@dataclass(frozen=True, slots=True)
class _Chain:
    codes: tuple[FunctionCode, ...]
    uses: tuple[tuple[_NameUse, ...], ...]  # name uses matched per level

    def codes_valid_in(self, year: int) -> bool:
        return all(fc.valid_in(year) for fc in self.codes)

    def names_valid_in(self, year: int) -> bool:
        return all(any(u.valid_in(year) for u in level) for level in self.uses)

    def codes_current(self) -> bool:
        return all(fc.valid_to is None for fc in self.codes)


def _chains(names: Sequence[str]) -> list[_Chain]:
    codes = function_codes_by_code()
    chains = [_Chain((), ())]
    for level, name in enumerate(names, start=1):
        uses = _lookup(level, name)
        by_code: dict[str, list[_NameUse]] = {}
        for use in uses:
            by_code.setdefault(use.code, []).append(use)
        extended: list[_Chain] = []
        for chain in chains:
            parent = chain.codes[-1].code if chain.codes else None
            for code, code_uses in by_code.items():
                fc = codes[code]
                if fc.parent_code == parent:
                    extended.append(_Chain((*chain.codes, fc), (*chain.uses, tuple(code_uses))))
        chains = extended
        if not chains:
            break
    return chains


def resolve_function(names: Sequence[str], year: int | None = None) -> str | None:
    """Code of the last name in a 类[, 款[, 项]] name sequence, or None when unresolvable.

    Names of any edition match. Among several fitting codes, a given year keeps the codes that
    exist in that year, then those whose names were in use that year; without a year, codes
    still current win. Anything still ambiguous returns None.
    """
    if not 1 <= len(names) <= 3 or any(not normalize_name(n) for n in names):
        return None
    candidates = _chains(names)
    filters: list[Callable[[_Chain], bool]]
    if year is not None:
        in_year: int = year

        def codes_exist(chain: _Chain) -> bool:
            return chain.codes_valid_in(in_year)

        def names_in_use(chain: _Chain) -> bool:
            return chain.names_valid_in(in_year)

        filters = [codes_exist, names_in_use]
    else:
        filters = [_Chain.codes_current]
    for keep in filters:
        if len(candidates) <= 1:
            break
        narrowed = [c for c in candidates if keep(c)]
        if narrowed:
            candidates = narrowed
    if len(candidates) != 1:
        return None
    return candidates[0].codes[-1].code


def resolve_function_phrase(text: str, year: int | None = None) -> str | None:
    """parse_function_phrase + resolve_function in one call."""
    names = parse_function_phrase(text)
    return resolve_function(names, year) if names else None
