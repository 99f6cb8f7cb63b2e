"""Name an economic-class column group whose label the text extraction lost.

Wide Sichuan tables (一般公共预算支出预算表 by economic class) print a class label (工资福利支出,
机关商品和服务支出) over a 小计 column and the 款 columns of that class. When the merged label
cell is wider than the page, the text keeps the leaves (小计 | 基本工资 | 津贴补贴 …) but not the
label above them. The leaves themselves say which class they belong to: when every leaf after
the 小计 is a 款 of one and the same class, that class's name is put back over the 小计,
where the PDF prints it. Nothing is put back when the leaves are not all 款 of one class.
"""

from __future__ import annotations

import re

from warehouse.parse.economic_labels import SCHEMES, resolve_name
from warehouse.reference.classifications import EconomicScheme, load_economic_codes

_SUBTOTAL = "小计"


def _scheme_hint(title: str | None) -> tuple[EconomicScheme, ...]:
    text = title or ""
    if "政府经济分类" in text or "政府预算" in text:
        return ("government",)
    if "部门经济分类" in text or "部门预算" in text:
        return ("department",)
    return SCHEMES


def _class_of(leaves: list[str], schemes: tuple[EconomicScheme, ...]) -> str | None:
    """The name of the one class whose 款 all the leaves are, in exactly one scheme."""
    found: list[str] = []
    for scheme in schemes:
        names = {r.code: r.name for r in load_economic_codes(scheme)}
        parents = set()
        for leaf in leaves:
            code = resolve_name(leaf, scheme)
            if code is None or len(code) != 5:
                break
            parents.add(code[:3])
        else:
            if len(parents) == 1 and (parent := parents.pop()) in names:
                found.append(names[parent])
    return found[0] if len(found) == 1 else None


def restore_group_labels(header: list[list[str]], title: str | None) -> list[list[str]]:
    """Header rows with lost class labels put back over their 小计 columns."""
    if len(header) < 2:
        return header
    out = [list(r) for r in header]
    schemes = _scheme_hint(title)
    for r in range(1, len(out)):
        row = out[r]
        starts = [j for j, c in enumerate(row) if re.sub(r"\s+", "", c) == _SUBTOTAL]
        for k, j in enumerate(starts):
            if any(out[above][j] for above in range(r)):
                continue  # a label is printed over this 小计
            end = starts[k + 1] if k + 1 < len(starts) else len(row)
            leaves = [re.sub(r"\s+", "", c) for c in row[j + 1 : end] if c]
            if not leaves:
                continue
            name = _class_of(leaves, schemes)
            if name is not None:
                out[r - 1][j] = name
    return out
