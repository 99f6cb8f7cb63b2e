"""Economic-class names to codes, by exact name after normalization, never by substring.

Column labels of Sichuan 一般公共预算支出预算表 (工资福利支出 › 基本工资) and of the 2019
部门支出总表 (基本支出 › 商品和服务支出), and row names printed without a code, name an economic
类 or 款. 工资福利支出 is a substring of 机关工资福利支出 and 其他工资福利支出, so only whole
names count. Printed variants the reference records in its notes ("printed X in seed …") are
names of their code too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from warehouse.reference.classifications import (
    EconomicCode,
    EconomicScheme,
    load_economic_codes,
)

SCHEMES: tuple[EconomicScheme, ...] = ("department", "government")
_SUBTOTALS = {"小计", "合计"}
_BRACKETS = str.maketrans({"(": "（", ")": "）"})
_ORDINAL = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．])"
)
_PRINTED_AS = re.compile(r"printed (\S+) in seed")


def normalize_name(text: str) -> str:
    """Spaces, line breaks, an ordinal prefix (（一）, 一、) and 的 out; brackets to one form."""
    name = re.sub(r"\s+", "", text).translate(_BRACKETS)
    name = _ORDINAL.sub("", name)
    return name.replace("的", "")


@cache
def _names(scheme: EconomicScheme) -> Mapping[str, tuple[EconomicCode, ...]]:
    index: dict[str, list[EconomicCode]] = {}
    for record in load_economic_codes(scheme):
        names = {normalize_name(record.name)}
        names.update(normalize_name(m) for m in _PRINTED_AS.findall(record.note))
        for name in names:
            index.setdefault(name, []).append(record)
    return {name: tuple(records) for name, records in index.items()}


def resolve_name(name: str, scheme: EconomicScheme, parent: str | None = None) -> str | None:
    """The code a printed name stands for: under `parent` if given, else a 类, else unique."""
    records = _names(scheme).get(normalize_name(name), ())
    if parent is not None:
        records = tuple(r for r in records if r.parent_code == parent)
    else:
        classes = tuple(r for r in records if r.level == 1)
        records = classes or records
    return records[0].code if len(records) == 1 else None


def resolve_path(path: tuple[str, ...], scheme: EconomicScheme) -> str | None:
    """The economic code a column's label path names, or None when it names no class.

    Labels are read top down: a class label (工资福利支出) sets the parent for the labels under
    it (基本工资 → 30101); 小计/合计 under a class is the class itself. The leaf must resolve:
    a column under a class whose own label is unknown names no code of its own.
    """
    code: str | None = None
    for label in path:
        if code is not None and label in _SUBTOTALS:
            continue
        found = resolve_name(label, scheme, code)
        if found is None and code is not None:
            return None  # a label under a class that is not one of its 款
        code = found if found is not None else code
    return code


def scheme_of_path(path: tuple[str, ...], hint: EconomicScheme | None) -> EconomicScheme | None:
    """The scheme whose names the path uses: the hint when it resolves, else the first that does."""
    order = (hint,) if hint is not None else SCHEMES
    for scheme in order:
        if resolve_path(path, scheme) is not None:
            return scheme
    return None
