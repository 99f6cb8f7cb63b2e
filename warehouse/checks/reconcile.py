"""Reconciliation: a document's figures must prove themselves against each other.

Run on the staged document before it is loaded, so every finding is stored with the document
in the same transaction. Repeated printings of one grain are compared as they are staged
(StagedDocument.add_fact); this module adds the arithmetic the tables promise:

- hierarchy: 类 = Σ 款 = Σ 项 (function codes), 类 = Σ 款 (economic codes), 合计 = Σ 类;
- expense types: 合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费;
- fund sources: 合计 = Σ sources, when at least two sources are printed;
- 三公: total = 出国 + 车辆 + 接待, 公务用车购置及运行费 = 购置费 + 运行费;
- projects: Σ projects = 项目支出 of the publisher.

Tolerance is half the printed precision (0.005 万元). A difference within one cent per
addend is rounding in the source (the seeds disagree with themselves by 0.01): a source
inconsistency, a warning. Anything larger means we read the document wrong: an extraction
failure, which fails the asset check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Literal

from warehouse.parse.staging import (
    ExpenditureGrain,
    StagedCheck,
    StagedDocument,
    StagedFact,
    ThreePublicGrain,
)

HALF_CENT = Decimal("0.005")
CENT = Decimal("0.01")
_SOURCES = (
    "general_public",
    "gov_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "carryover",
)


def _outcome(
    expected: Decimal, found: Decimal, n_terms: int, incomplete: bool
) -> Literal["pass", "source_inconsistency", "extraction_failure"]:
    difference = abs(found - expected)
    if difference <= HALF_CENT:
        return "pass"
    if difference <= CENT * max(n_terms, 1) or incomplete:
        return "source_inconsistency"
    return "extraction_failure"


def _check(
    name: str,
    total: StagedFact,
    parts: list[StagedFact],
    what: str,
    incomplete: str | None = None,
) -> StagedCheck:
    """Compare a printed total with its printed parts.

    `incomplete` says why some parts are absent from the document itself (a child row printed
    blank, a project printed without a name): a mismatch then is the source's, not ours.
    """
    found = sum((p.amount for p in parts), Decimal(0))
    outcome = _outcome(total.amount, found, len(parts), incomplete is not None)
    note = f"; {incomplete}" if incomplete and outcome != "pass" else ""
    return StagedCheck(
        name=name,
        outcome=outcome,
        expected=total.amount,
        found=found,
        table=total.source.table,
        page=total.source.page,
        row=total.source.row,
        message=f"{what}: printed {total.amount}, parts sum to {found} ({len(parts)} parts)" + note,
    )


def _function_parent(code: str | None) -> str | None:
    if code is None:
        return None
    return {3: "", 5: code[:3], 7: code[:5]}.get(len(code))


def _dimension(grain: ExpenditureGrain) -> str:
    if grain.economic_code is not None:
        return f"economic:{grain.economic_scheme}"
    return "function"


def hierarchy_checks(facts: dict[object, StagedFact]) -> Iterable[StagedCheck]:
    """Parents against the sum of their printed children, per classification and per grain
    otherwise equal. Economic classes printed as columns beside a function code are left out:
    such tables print a selection of 款, not all of them."""
    children: dict[tuple[ExpenditureGrain, str], list[tuple[str, StagedFact]]] = defaultdict(list)
    rows_by_table: dict[str, set[str]] = defaultdict(set)  # table -> codes printed in it
    for grain, fact in facts.items():
        if not isinstance(grain, ExpenditureGrain) or grain.project is not None:
            continue
        if fact.origin != "table":
            continue  # a narrative states some children only: no sum to expect
        if grain.economic_code is None and grain.function_code is not None:
            code = grain.function_code
            parent_code = _function_parent(code)
            if parent_code is None:
                continue
            parent = replace(grain, function_code=parent_code or None)
        elif grain.economic_code is not None and grain.function_code is None:
            code = grain.economic_code
            if not (fact.source.row or "").startswith(code):
                continue  # economic classes printed as columns: often a selection of 款
            if len(code) == 5:
                parent = replace(grain, economic_code=code[:3])
            elif len(code) == 3:
                parent = replace(grain, economic_scheme=None, economic_code=None)
            else:
                continue
        else:
            continue
        rows_by_table[fact.source.table].add(code)
        children[(parent, _dimension(grain))].append((code, fact))
    for (parent, dimension), coded_parts in children.items():
        total = facts.get(parent)
        if total is None or total.origin != "table":
            continue
        parent_code = parent.function_code if dimension == "function" else parent.economic_code
        printed = {code for code, _ in coded_parts}
        tables = {total.source.table} | {fact.source.table for _, fact in coded_parts}
        # a child row printed in the same table with this cell blank: the source left it out
        blank = sorted(
            c
            for table in tables
            for c in rows_by_table[table]
            if c not in printed and _is_child(c, parent_code, dimension)
        )
        label = "合计 = Σ 类" if parent_code is None else f"{parent_code} = Σ its children"
        yield _check(
            "hierarchy",
            total,
            [fact for _, fact in coded_parts],
            label,
            f"child rows printed blank in this column: {', '.join(blank)}" if blank else None,
        )


def _is_child(code: str, parent: str | None, dimension: str) -> bool:
    if dimension == "function":
        return _function_parent(code) == (parent or "")
    if parent is None:
        return len(code) == 3
    return len(code) == 5 and code[:3] == parent


def expense_type_checks(facts: dict[object, StagedFact]) -> Iterable[StagedCheck]:
    """合计 = 基本支出 + 项目支出 and 基本支出 = 人员经费 + 公用经费, when the parts are printed."""
    for grain, fact in facts.items():
        if not isinstance(grain, ExpenditureGrain):
            continue
        names: tuple[str, ...]
        if grain.expense_type == "total":
            names = ("basic", "project")
        elif grain.expense_type == "basic":
            names = ("personnel", "public")
        else:
            continue
        parts = [facts.get(replace(grain, expense_type=name)) for name in names]
        printed = [p for p in parts if p is not None]
        if len(printed) == len(names):
            label = (
                "合计 = 基本支出 + 项目支出"
                if grain.expense_type == "total"
                else "基本支出 = 人员经费 + 公用经费"
            )
            yield _check("expense_types", fact, printed, label)


def fund_source_checks(facts: dict[object, StagedFact]) -> Iterable[StagedCheck]:
    """The all-sources figure against its printed sources (two or more printed)."""
    for grain, fact in facts.items():
        if not isinstance(grain, ExpenditureGrain) or grain.fund_source != "all":
            continue
        parts = [facts.get(replace(grain, fund_source=source)) for source in _SOURCES]
        printed = [p for p in parts if p is not None]
        if len(printed) >= 2:
            yield _check("fund_sources", fact, printed, "合计 = Σ 资金来源")


def three_public_checks(facts: dict[object, StagedFact]) -> Iterable[StagedCheck]:
    for grain, fact in facts.items():
        if not isinstance(grain, ThreePublicGrain):
            continue
        names: tuple[str, ...]
        if grain.item == "total":
            names = ("overseas", "vehicle_total", "reception")
        elif grain.item == "vehicle_total":
            names = ("vehicle_purchase", "vehicle_operation")
        else:
            continue
        # items of the same printed table only: a narrative states some items, not all
        printed = [
            f
            for n in names
            if (f := facts.get(replace(grain, item=n))) is not None
            and f.source.table == fact.source.table
        ]
        if printed:
            yield _check("three_public", fact, printed, f"三公 {grain.item} = Σ its items")


def project_checks(
    facts: dict[object, StagedFact], unnamed_projects: bool = False
) -> Iterable[StagedCheck]:
    """The projects of a unit sum to its 项目支出 (all sources, no code)."""
    projects: dict[ExpenditureGrain, list[StagedFact]] = defaultdict(list)
    for grain, fact in facts.items():
        if (
            isinstance(grain, ExpenditureGrain)
            and grain.project is not None
            and grain.function_code is None
            and grain.economic_code is None
        ):
            projects[replace(grain, project=None)].append(fact)
    for total_grain, parts in projects.items():
        total = facts.get(total_grain)
        if total is not None:
            yield _check(
                "projects",
                total,
                parts,
                "项目支出 = Σ 项目",
                "projects printed without a name are not facts" if unnamed_projects else None,
            )


def reconcile(staged: StagedDocument) -> None:
    """Append every arithmetic check of the document to staged.checks."""
    facts: dict[object, StagedFact] = {grain: fact for grain, fact in staged.facts.items()}
    for family in (hierarchy_checks, expense_type_checks, fund_source_checks, three_public_checks):
        staged.checks.extend(family(facts))
    unnamed = any("without a project name" in issue.reason for issue in staged.issues)
    staged.checks.extend(project_checks(facts, unnamed))
