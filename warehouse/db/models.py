"""The star schema as SQLAlchemy 2.0 typed declarative models.

Alembic owns the DDL (migrations/ is written by hand); these models mirror it so that code
reads and writes typed rows, and a test proves models and migrations agree.

Money is NUMERIC in 万元 everywhere: Decimal from parse to table, never float.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}

MONEY = Numeric(20, 6)
RATE = Numeric(12, 4)

STAGES = ("budget", "actual")
DOC_KINDS = ("budget", "final_account")
SCOPES = ("department", "unit")
DOCUMENT_PARTS = ("complete", "tables", "narrative")
FUND_SOURCES = (
    "all",
    "general_public",
    "gov_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "carryover",
    "other",
)
EXPENSE_TYPES = (
    "total", "basic", "personnel", "public", "project", "operating", "to_superior", "to_affiliates",
)  # fmt: skip
ECONOMIC_SCHEMES = ("department", "government")
THREE_PUBLIC_ITEMS = (
    "total",
    "overseas",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --------------------------------------------------------------------------- core: dimensions
class DimUnit(Base):
    """A publishing unit (部门 or 单位) with its official printed name."""

    __tablename__ = "dim_unit"
    __table_args__ = ({"schema": "core"},)

    unit_id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    unit_name: Mapped[str] = mapped_column(Text)
    unit_code: Mapped[str | None] = mapped_column(Text)
    parent_unit_id: Mapped[int | None] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    province: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    unit_key: Mapped[str] = mapped_column(Text, unique=True)


class DimDocument(Base):
    """One source file (by content hash) and what it was found to be."""

    __tablename__ = "dim_document"
    __table_args__ = (
        CheckConstraint(_in("doc_kind", DOC_KINDS), name="doc_kind"),
        CheckConstraint(_in("scope", SCOPES), name="scope"),
        CheckConstraint("status IN ('active', 'superseded')", name="status"),
        CheckConstraint("source_format IN ('pdf', 'text')", name="source_format"),
        CheckConstraint(_in("part", DOCUMENT_PARTS), name="part"),
        Index(
            "uq_dim_document_active_unit_year_kind",
            "unit_id",
            "fiscal_year",
            "doc_kind",
            "part",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
        {"schema": "core"},
    )

    document_id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    sha256: Mapped[str] = mapped_column(Text, unique=True)
    source_name: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(Text)
    doc_kind: Mapped[str] = mapped_column(Text)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    scope: Mapped[str] = mapped_column(Text)
    part: Mapped[str] = mapped_column(Text, server_default="complete")
    title: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(Text, server_default="active")
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("core.dim_document.document_id"))
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    loaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    parser_version: Mapped[str] = mapped_column(Text)
    admission_seq: Mapped[int] = mapped_column(BigInteger)
    is_correction: Mapped[bool] = mapped_column(Boolean, server_default="false")
    source_path_bytes: Mapped[bytes | None] = mapped_column(LargeBinary)


class DimFunction(Base):
    """支出功能分类科目: 类 (3 digits), 款 (5), 项 (7)."""

    __tablename__ = "dim_function"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 3", name="level"),
        CheckConstraint("origin IN ('reference', 'document')", name="origin"),
        {"schema": "core"},
    )

    function_code: Mapped[str] = mapped_column(Text, primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(Text)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("core.dim_function.function_code"))
    origin: Mapped[str] = mapped_column(Text, server_default="reference")


class DimFunctionName(Base):
    """Every name a function code has carried, by year, so old narratives resolve."""

    __tablename__ = "dim_function_name"
    __table_args__ = ({"schema": "core"},)

    function_code: Mapped[str] = mapped_column(
        ForeignKey("core.dim_function.function_code"), primary_key=True
    )
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    valid_from: Mapped[int | None] = mapped_column(Integer)
    valid_to: Mapped[int | None] = mapped_column(Integer)


class DimEconomic(Base):
    """支出经济分类: scheme 'department' (30x…) or 'government' (50x…)."""

    __tablename__ = "dim_economic"
    __table_args__ = (
        CheckConstraint(_in("scheme", ECONOMIC_SCHEMES), name="scheme"),
        CheckConstraint("level BETWEEN 1 AND 2", name="level"),
        CheckConstraint("origin IN ('reference', 'document')", name="origin"),
        ForeignKeyConstraint(
            ["scheme", "parent_code"],
            ["core.dim_economic.scheme", "core.dim_economic.economic_code"],
        ),
        {"schema": "core"},
    )

    scheme: Mapped[str] = mapped_column(Text, primary_key=True)
    economic_code: Mapped[str] = mapped_column(Text, primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(Text)
    parent_code: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, server_default="reference")


class DimProject(Base):
    """A project (项目) of one unit and year; names matched after normalization."""

    __tablename__ = "dim_project"
    __table_args__ = (UniqueConstraint("unit_id", "fiscal_year", "project_key"), {"schema": "core"})

    project_id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    project_name: Mapped[str] = mapped_column(Text)
    project_key: Mapped[str] = mapped_column(Text)


# --------------------------------------------------------------------------------- core: facts
class FactExpenditure(Base):
    """One printed expenditure figure at its grain, stored once per document.

    The grain is the contract's (document, stage, function, economic class, project, fund
    source, expense type) plus unit and fiscal year: a department's by-unit tables and a 三公
    table's previous-year column live in the same document.
    """

    __tablename__ = "fact_expenditure"
    __table_args__ = (
        CheckConstraint(_in("stage", STAGES), name="stage"),
        CheckConstraint(_in("fund_source", FUND_SOURCES), name="fund_source"),
        CheckConstraint(_in("expense_type", EXPENSE_TYPES), name="expense_type"),
        CheckConstraint(
            "(economic_scheme IS NULL) = (economic_code IS NULL)", name="economic_pair"
        ),
        CheckConstraint("origin IN ('table', 'narrative')", name="origin"),
        ForeignKeyConstraint(
            ["economic_scheme", "economic_code"],
            ["core.dim_economic.scheme", "core.dim_economic.economic_code"],
        ),
        UniqueConstraint(
            "document_id",
            "unit_id",
            "fiscal_year",
            "stage",
            "function_code",
            "economic_scheme",
            "economic_code",
            "project_id",
            "fund_source",
            "expense_type",
            name="uq_fact_expenditure_grain",
            postgresql_nulls_not_distinct=True,
        ),
        Index("ix_fact_expenditure_unit_year", "unit_id", "fiscal_year"),
        Index("ix_fact_expenditure_function_code", "function_code"),
        {"schema": "core"},
    )

    fact_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(Text)
    function_code: Mapped[str | None] = mapped_column(ForeignKey("core.dim_function.function_code"))
    economic_scheme: Mapped[str | None] = mapped_column(Text)
    economic_code: Mapped[str | None] = mapped_column(Text)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("core.dim_project.project_id"))
    fund_source: Mapped[str] = mapped_column(Text)
    expense_type: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    stated_rate: Mapped[Decimal | None] = mapped_column(RATE)
    origin: Mapped[str] = mapped_column(Text, server_default="table")
    source_table: Mapped[str] = mapped_column(Text)
    source_page: Mapped[int | None] = mapped_column(Integer)
    source_lines: Mapped[str | None] = mapped_column(Text)
    source_row: Mapped[str | None] = mapped_column(Text)
    source_column: Mapped[str | None] = mapped_column(Text)


class FactRevenue(Base):
    """收入 side: revenue by fund source, and by function code where printed."""

    __tablename__ = "fact_revenue"
    __table_args__ = (
        CheckConstraint(_in("stage", STAGES), name="stage"),
        CheckConstraint(_in("fund_source", FUND_SOURCES), name="fund_source"),
        UniqueConstraint(
            "document_id",
            "unit_id",
            "fiscal_year",
            "stage",
            "fund_source",
            "function_code",
            name="uq_fact_revenue_grain",
            postgresql_nulls_not_distinct=True,
        ),
        {"schema": "core"},
    )

    fact_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(Text)
    fund_source: Mapped[str] = mapped_column(Text)
    function_code: Mapped[str | None] = mapped_column(ForeignKey("core.dim_function.function_code"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    source_table: Mapped[str] = mapped_column(Text)
    source_page: Mapped[int | None] = mapped_column(Integer)
    source_lines: Mapped[str | None] = mapped_column(Text)
    source_row: Mapped[str | None] = mapped_column(Text)
    source_column: Mapped[str | None] = mapped_column(Text)


class FactThreePublic(Base):
    """“三公”经费 by item; two-year tables give the previous year's figures too."""

    __tablename__ = "fact_three_public"
    __table_args__ = (
        CheckConstraint(_in("stage", STAGES), name="stage"),
        CheckConstraint(_in("item", THREE_PUBLIC_ITEMS), name="item"),
        UniqueConstraint("document_id", "unit_id", "fiscal_year", "stage", "item"),
        {"schema": "core"},
    )

    fact_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(Text)
    item: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    stated_rate: Mapped[Decimal | None] = mapped_column(RATE)
    source_table: Mapped[str] = mapped_column(Text)
    source_page: Mapped[int | None] = mapped_column(Integer)
    source_lines: Mapped[str | None] = mapped_column(Text)


class FactKpi(Base):
    """One performance indicator (三级指标) of a unit (project_id NULL) or a project."""

    __tablename__ = "fact_kpi"
    __table_args__ = (
        UniqueConstraint("document_id", "source_table", "kpi_index"),
        {"schema": "core"},
    )

    kpi_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("core.dim_project.project_id"))
    kpi_index: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str | None] = mapped_column(Text)
    level2: Mapped[str | None] = mapped_column(Text)
    level3: Mapped[str] = mapped_column(Text)
    operator: Mapped[str | None] = mapped_column(Text)
    target_text: Mapped[str | None] = mapped_column(Text)
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(24, 6))
    measure_unit: Mapped[str | None] = mapped_column(Text)
    actual_text: Mapped[str | None] = mapped_column(Text)
    actual_value: Mapped[Decimal | None] = mapped_column(Numeric(24, 6))
    weight: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    score: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    deadline: Mapped[str | None] = mapped_column(Text)
    deviation: Mapped[str | None] = mapped_column(Text)
    source_table: Mapped[str] = mapped_column(Text)
    source_page: Mapped[int | None] = mapped_column(Integer)
    source_lines: Mapped[str | None] = mapped_column(Text)


class FactStated(Base):
    """A figure the narrative states that is not a fact at a grain of its own."""

    __tablename__ = "fact_stated"
    __table_args__ = (
        CheckConstraint(_in("stage", STAGES), name="stage"),
        UniqueConstraint("document_id", "statement_index"),
        {"schema": "core"},
    )

    stated_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("core.dim_unit.unit_id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(Text)
    statement_index: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(Text)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("core.dim_project.project_id"))
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    stated_rate: Mapped[Decimal | None] = mapped_column(RATE)
    share_pct: Mapped[Decimal | None] = mapped_column(RATE)
    change_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    change_pct: Mapped[Decimal | None] = mapped_column(RATE)
    source_page: Mapped[int | None] = mapped_column(Integer)
    source_lines: Mapped[str | None] = mapped_column(Text)
    source_text: Mapped[str | None] = mapped_column(Text)


# ------------------------------------------------------------------------------------ ops
class IngestRun(Base):
    """One `warehouse ingest`/`build` invocation."""

    __tablename__ = "ingest_run"
    __table_args__ = ({"schema": "ops"},)

    run_id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    command: Mapped[str] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    loaded: Mapped[int] = mapped_column(Integer, server_default="0")
    skipped: Mapped[int] = mapped_column(Integer, server_default="0")
    quarantined: Mapped[int] = mapped_column(Integer, server_default="0")


class DocumentLoad(Base):
    """Every attempt to load a file, whatever came of it."""

    __tablename__ = "document_load"
    __table_args__ = (
        CheckConstraint(
            "status IN ('loaded', 'skipped', 'quarantined', 'superseded')", name="status"
        ),
        {"schema": "ops"},
    )

    load_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ops.ingest_run.run_id"))
    sha256: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    source_path_bytes: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Quarantine(Base):
    """A file that could not be loaded: one row per content hash, with the failing stage."""

    __tablename__ = "quarantine"
    __table_args__ = ({"schema": "ops"},)

    quarantine_id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    sha256: Mapped[str] = mapped_column(Text, unique=True)
    source_name: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    source_path_bytes: Mapped[bytes | None] = mapped_column(LargeBinary)
    stage: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ops.ingest_run.run_id"))
    first_seen: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_seen: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class MartState(Base):
    """One row: marts are stale while data_version > refreshed_version (migration 0012)."""

    __tablename__ = "mart_state"
    __table_args__ = ({"schema": "ops"},)

    singleton: Mapped[bool] = mapped_column(Boolean, primary_key=True, server_default="true")
    data_version: Mapped[int] = mapped_column(BigInteger, server_default="0")
    refreshed_version: Mapped[int] = mapped_column(BigInteger, server_default="0")
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    refreshed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class TableInstance(Base):
    """A physical table found in a document (page, position) and what it was taken for."""

    __tablename__ = "table_instance"
    __table_args__ = (UniqueConstraint("document_id", "table_index"), {"schema": "ops"})

    table_instance_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    table_index: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    page_first: Mapped[int | None] = mapped_column(Integer)
    page_last: Mapped[int | None] = mapped_column(Integer)
    source_lines: Mapped[str | None] = mapped_column(Text)
    n_rows: Mapped[int] = mapped_column(Integer)
    n_figures: Mapped[int] = mapped_column(Integer)
    n_facts: Mapped[int] = mapped_column(Integer)
    figures_printed: Mapped[int] = mapped_column(Integer, server_default="0")
    figures_loaded: Mapped[int] = mapped_column(Integer, server_default="0")
    figures_repeated: Mapped[int] = mapped_column(Integer, server_default="0")
    figures_unmapped: Mapped[int] = mapped_column(Integer, server_default="0")


class ExtractionIssue(Base):
    """Something recognized but not mapped: shown to the user, never dropped silently."""

    __tablename__ = "extraction_issue"
    __table_args__ = ({"schema": "ops"},)

    issue_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    table_title: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    source_lines: Mapped[str | None] = mapped_column(Text)
    row_label: Mapped[str | None] = mapped_column(Text)
    column_label: Mapped[str | None] = mapped_column(Text)
    cell_text: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class CheckResult(Base):
    """A reconciliation check and its outcome, with both values and places."""

    __tablename__ = "check_result"
    __table_args__ = (
        CheckConstraint(
            "outcome IN ('pass', 'source_inconsistency', 'extraction_failure')", name="outcome"
        ),
        {"schema": "ops"},
    )

    check_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("core.dim_document.document_id", ondelete="CASCADE")
    )
    check_name: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)
    table_title: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    row_label: Mapped[str | None] = mapped_column(Text)
    expected: Mapped[Decimal | None] = mapped_column(MONEY)
    found: Mapped[Decimal | None] = mapped_column(MONEY)
    difference: Mapped[Decimal | None] = mapped_column(MONEY)
    message: Mapped[str | None] = mapped_column(Text)
