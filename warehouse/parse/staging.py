"""What the parse stage hands to the loader: plain, typed, and independent of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Stage = Literal["budget", "actual"]


@dataclass(frozen=True)
class Provenance:
    """Where a figure was printed: table title, page (PDF) or line range (text), row, column."""

    table: str
    page: int | None
    lines: str | None
    row: str | None = None
    column: str | None = None


@dataclass(frozen=True)
class ExpenditureGrain:
    unit: str  # unit key within the document: '' = the publishing unit
    fiscal_year: int
    stage: Stage
    function_code: str | None
    economic_scheme: str | None
    economic_code: str | None
    project: str | None  # normalized project key
    fund_source: str
    expense_type: str


@dataclass(frozen=True)
class RevenueGrain:
    unit: str
    fiscal_year: int
    stage: Stage
    fund_source: str
    function_code: str | None


@dataclass(frozen=True)
class ThreePublicGrain:
    unit: str
    fiscal_year: int
    stage: Stage
    item: str


Grain = ExpenditureGrain | RevenueGrain | ThreePublicGrain


@dataclass
class StagedFact:
    grain: Grain
    amount: Decimal  # in 万元
    source: Provenance
    stated_rate: Decimal | None = None
    origin: Literal["table", "narrative"] = "table"
    # the printed amounts (万元) summed into this fact, when one grain is printed in parts
    # (the same 部门 class under two 政府 classes); empty when it is printed whole
    parts: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class StagedIssue:
    """Recognized but not mapped; goes to ops.extraction_issue."""

    reason: str
    table: str | None
    page: int | None
    lines: str | None
    row: str | None = None
    column: str | None = None
    cell: str | None = None


@dataclass(frozen=True)
class StagedCheck:
    """A reconciliation outcome; a repeated printing of a stored figure is one."""

    name: str
    outcome: Literal["pass", "source_inconsistency", "extraction_failure"]
    expected: Decimal | None
    found: Decimal | None
    table: str | None
    page: int | None
    row: str | None
    message: str


@dataclass(frozen=True)
class StagedKpi:
    """One performance indicator (三级指标) with its printed target and, in a self-evaluation,
    its actual value, weight and score. Printed texts are kept; numbers parsed when numeric."""

    project: str | None  # project key (see parse/projects.py); None for unit-wide goals
    index: int  # order within its table
    level1: str | None
    level2: str | None
    level3: str
    operator: str | None
    target_text: str | None
    target_value: Decimal | None
    measure_unit: str | None
    source: Provenance
    actual_text: str | None = None
    actual_value: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deadline: str | None = None
    deviation: str | None = None


@dataclass(frozen=True)
class StagedStatement:
    """A figure stated in the narrative that is not at a fact grain of its own.

    机关运行经费, 政府采购支出总额, 收入总计 with its 与上年相比 change, a project's
    self-evaluation 预算数/执行数 … The change is kept as a measure of this year's statement;
    the prior-year amount it implies is derived in a view, never stored as a fact.
    """

    index: int
    item: str
    amount: Decimal | None
    source: Provenance
    stage: Stage = "actual"
    fiscal_year: int | None = None  # None: the document's year
    stated_rate: Decimal | None = None
    share_pct: Decimal | None = None
    change_amount: Decimal | None = None
    change_pct: Decimal | None = None
    project: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class StagedTable:
    index: int
    title: str | None
    kind: str | None
    page_first: int | None
    page_last: int | None
    lines: str | None
    n_rows: int
    n_figures: int
    n_facts: int
    # the money figures printed in its cells (counted by shape, not by the parser) and what
    # became of them; missed = printed - loaded - repeated - unmapped
    figures_printed: int = 0
    figures_loaded: int = 0
    figures_repeated: int = 0
    figures_unmapped: int = 0


@dataclass(frozen=True)
class UnitRef:
    """A unit named by the document: the publisher ('' key) or one of its units."""

    key: str
    name: str
    code: str | None
    is_publisher: bool


DocumentPart = Literal["complete", "tables", "narrative"]


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None
    publisher: str
    unit_code: str | None
    fiscal_year: int
    doc_kind: Literal["budget", "final_account"]
    scope: Literal["department", "unit"]
    province: str | None
    city: str | None
    # one disclosure may be published as two files: its tables (附件2 …报表) and its
    # narrative (附件1 …情况说明); each part supersedes only an earlier file of the same part
    part: DocumentPart = "complete"
    # the cover says this is a correction (更正/修订版) of an earlier publication: it stays
    # the active version even against a copy of the original admitted after it
    is_correction: bool = False


@dataclass
class StagedDocument:
    source_name: str
    sha256: str
    source_format: Literal["pdf", "text"]
    page_count: int | None
    meta: DocumentMeta
    units: dict[str, UnitRef] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)  # key -> printed name
    facts: dict[Grain, StagedFact] = field(default_factory=dict)
    issues: list[StagedIssue] = field(default_factory=list)
    checks: list[StagedCheck] = field(default_factory=list)
    tables: list[StagedTable] = field(default_factory=list)
    kpis: list[StagedKpi] = field(default_factory=list)
    statements: list[StagedStatement] = field(default_factory=list)

    def add_unit(self, printed_name: str, code: str | None = None) -> str:
        """Register a unit named by a by-unit row; returns its key ('' for the publisher).

        '578002 沈阳市医疗保障事务服务中心' and '沈阳市医疗保障事务服务中心-210100000' name the
        publisher when the name (code and region suffix removed) is the publisher's.
        """
        import re

        name = re.sub(r"\s+", "", printed_name)
        match = re.match(r"^(?P<code>[0-9]{3,9})(?P<name>\D.*)$", name)
        if match:
            code, name = code or match.group("code"), match.group("name")
        name = re.sub(r"[-－—][0-9]{6,}$", "", name)
        publisher = self.units.get("")
        if publisher is not None:
            own = re.sub(r"\s+", "", publisher.name)
            # a （本级） document's tables name it without the suffix: 长春市信访局
            bare = re.sub(r"[（(]本级[）)]$", "", own)
            if name in (own, bare):
                return ""
        self.units.setdefault(name, UnitRef(key=name, name=name, code=code, is_publisher=False))
        return name

    def add_project(self, printed_name: str) -> str:
        """Register a project by its printed name; returns its normalized key."""
        from warehouse.parse.projects import project_key

        key = project_key(printed_name)
        self.projects.setdefault(key, printed_name.strip())
        return key

    def add_fact(self, fact: StagedFact) -> bool:
        """Store a figure once per grain; a repeated printing becomes a check.

        Returns True when the figure is new.
        """
        stored = self.facts.get(fact.grain)
        if stored is None:
            self.facts[fact.grain] = fact
            return True
        # a table printed in 元 converts to more decimals than a 万元 table prints
        equal = abs(stored.amount - fact.amount) <= Decimal("0.005")
        # the seeds disagree with themselves by a cent (1,146.53 vs 1,146.54); more than that
        # between two printings of one figure means one of them was read wrong
        close = abs(stored.amount - fact.amount) <= Decimal("0.01")
        self.checks.append(
            StagedCheck(
                name="repeated_printing",
                outcome="pass"
                if equal
                else "source_inconsistency"
                if close
                else ("extraction_failure"),
                expected=stored.amount,
                found=fact.amount,
                table=fact.source.table,
                page=fact.source.page,
                row=fact.source.row,
                message=(
                    f"also printed in {stored.source.table}"
                    + ("" if equal else f" as {stored.amount}; this printing says {fact.amount}")
                ),
            )
        )
        return False
