"""The test oracle: expected warehouse content derived from the hand transcription.

data/samples/<doc>/ holds a transcription written by reading the seed text (FORMAT.md), with
every amount column's meaning annotated by hand. This module turns it into expected facts at
the contract grain (the grid rules are warehouse.synthetic.expected's, which the synthetic
corpus uses too), expected KPIs and narrative figures. It shares no code with warehouse.parse:
the parser reads meaning from the printed headers, the oracle from the annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from warehouse.synthetic.expected import ExpectedFact, Grain, amount_of, printings

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
INVENTED = Path(__file__).resolve().parents[1] / "data" / "invented"
DOCS = (
    "000_shenyang_2019_budget",
    "001_shenyang_center_2023_budget",
    "002_shenyang_2024_final",
    "003_panjin_2020_final",
    "004_nanchong_2020_budget",
)
INVENTED_DOCS = ("final_account_2024", "shenyang_center_2024_budget")
# Hand transcriptions of corpus documents (../shared/real), one folder each; document.yaml's
# `source` names the file below shared/real/.
REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "transcriptions"
REAL_DOCS = tuple(sorted(p.name for p in REAL.glob("*") if (p / "document.yaml").exists()))
REAL_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real"


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


def folder_of(doc: str) -> Path:
    """A sample document, an invented one (data/invented/<doc>) or a real one transcribed."""
    if doc in INVENTED_DOCS:
        return INVENTED / doc
    if (REAL / doc / "document.yaml").exists():
        return REAL / doc
    return SAMPLES / doc


@cache
def document(doc: str) -> dict[str, Any]:
    return dict(yaml.safe_load((folder_of(doc) / "document.yaml").read_text(encoding="utf-8")))


def source_pdf(doc: str) -> Path:
    """The PDF a transcription was read from: the sample's own, or the corpus file."""
    if doc in REAL_DOCS:
        return REAL_CORPUS / str(document(doc)["source"])
    return SAMPLES / f"{doc}.pdf"


@cache
def tables(doc: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    folder = folder_of(doc) / "tables"
    if not folder.exists():
        return ()
    return tuple(
        (path.stem, dict(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in sorted(folder.glob("t*.yaml"))
    )


@cache
def layout(doc: str) -> dict[str, Any]:
    path = folder_of(doc).parent / f"{doc}.layout.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))) if path.exists() else {}


def table_pages(doc: str, table_file: str) -> list[int]:
    return list(layout(doc).get("tables", {}).get(table_file, {}).get("pages", []))


def expected_facts(doc: str) -> ExpectedFacts:
    """Every annotated figure of every grid table at its grain; first printing wins.

    The rules (FORMAT.md conventions) live in warehouse.synthetic.expected, shared with the
    synthetic corpus; they read the transcriber's annotations, never the printed headers, and
    share nothing with warehouse.parse.
    """
    first, repeats = printings(document(doc), list(tables(doc)))
    return ExpectedFacts(
        first={grain: _printing(fact) for grain, fact in first.items()},
        repeats=[(fact.grain, _printing(fact)) for fact in repeats],
    )


def _printing(fact: ExpectedFact) -> Printing:
    return Printing(fact.table_file, fact.title, fact.row, fact.column, fact.amount)


# ---------------------------------------------------------------- KPIs


@dataclass(frozen=True)
class ExpectedKpi:
    table_file: str
    kind: str
    project: str | None
    level1: str
    level2: str
    level3: str
    operator: str
    target_text: str
    measure_unit: str
    actual_text: str
    weight: str
    score: str


def _squeeze(value: Any) -> str:
    return "" if value is None else re.sub(r"\s+", "", str(value))


def expected_kpis(doc: str) -> list[ExpectedKpi]:
    """Every 三级指标 line of every KPI block, as printed (whitespace stripped)."""
    found: list[ExpectedKpi] = []
    for table_file, table in tables(doc):
        for block in table.get("blocks") or []:
            project = _squeeze(block.get("project")) or None
            for line in block.get("indicators") or []:
                found.append(
                    ExpectedKpi(
                        table_file=table_file,
                        kind=str(table.get("kind")),
                        project=project,
                        level1=_squeeze(line.get("level1")),
                        level2=_squeeze(line.get("level2")),
                        level3=_squeeze(line.get("level3")),
                        operator=_squeeze(line.get("operator")),
                        target_text=_squeeze(line.get("target")),
                        measure_unit=_squeeze(line.get("unit")),
                        actual_text=_squeeze(line.get("actual")),
                        weight=_squeeze(line.get("weight")),
                        score=_squeeze(line.get("score")),
                    )
                )
    return found


# ---------------------------------------------------------------- narrative


@dataclass(frozen=True)
class NarrativeFigure:
    kind: str  # function_line | function_total | total | yoy_change | three_public | other
    text: str
    names: tuple[str, ...]
    function_code: str | None
    amount: Decimal | None
    stated_rate: Decimal | None
    share_pct: Decimal | None
    stage: str | None
    fiscal_year: int
    item: str | None
    change_amount: Decimal | None
    change_pct: Decimal | None
    project: str | None
    is_money: bool


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return amount_of(str(value))


def expected_narrative(doc: str) -> list[NarrativeFigure]:
    """The figures the 情况说明 states, typed; stage defaults to the document's (convention 7)."""
    meta = document(doc)
    default_stage = "budget" if meta["doc_kind"] == "budget" else "actual"
    year = int(meta["fiscal_year"])
    found: list[NarrativeFigure] = []
    for entry in meta.get("narrative") or []:
        kind = str(entry["kind"])
        extra = entry.get("extra") or {}
        has_amount = entry.get("amount") is not None
        found.append(
            NarrativeFigure(
                kind=kind,
                text=str(entry.get("text") or ""),
                names=tuple(str(n) for n in entry.get("names") or ()),
                function_code=entry.get("function_code"),
                amount=_decimal(entry.get("amount")),
                stated_rate=_decimal(entry.get("stated_rate")),
                share_pct=_decimal(entry.get("share_pct")),
                stage=entry.get("stage", default_stage if has_amount else None),
                fiscal_year=int(entry.get("fiscal_year", year)),
                item=entry.get("item"),
                change_amount=_decimal(entry.get("change_amount")),
                change_pct=_decimal(entry.get("change_pct")),
                project=entry.get("project"),
                is_money=not bool(extra.get("not_money")) if isinstance(extra, dict) else True,
            )
        )
    return found
