"""Narrative (情况说明) figures against the transcription's `narrative` entries.

Every 类/款/项 line of the two final accounts must become an actual fact at its code with its
stated rate; overall, the figures the transcriber listed must be found again (as a fact or a
stated figure with the same amount, change or rate) in the seed text and in the PDF.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.oracle import SAMPLES, document
from warehouse.extract.source import extract_document
from warehouse.parse.document import parse_document
from warehouse.parse.projects import project_key
from warehouse.parse.staging import (
    ExpenditureGrain,
    StagedDocument,
    ThreePublicGrain,
)

TEXTS = {
    "000_shenyang_2019_budget": "000_b9d06a0906c0d5be.txt",
    "001_shenyang_center_2023_budget": "001_1419a1545731c637.txt",
    "002_shenyang_2024_final": "002_db789c5f0bc13879.txt",
    "003_panjin_2020_final": "003_f3bdc88a04f4c586.txt",
    "004_nanchong_2020_budget": "004_27dac4d35b4177e2.txt",
}
FINALS = ("002_shenyang_2024_final", "003_panjin_2020_final")
SOURCES = ("text", "pdf")


@cache
def staged(doc: str, source: str) -> StagedDocument:
    path = SAMPLES / "text" / TEXTS[doc] if source == "text" else SAMPLES / f"{doc}.pdf"
    return parse_document(extract_document(Path(path)))


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _norm(text: str) -> str:
    return re.sub(r"[\s“”\"（）()]", "", text)


def _amount_of(entry: dict[str, Any]) -> Decimal | None:
    if (entry.get("extra") or {}).get("not_money"):
        return None
    amount = _dec(entry.get("amount"))
    if amount is not None and (entry.get("extra") or {}).get("money_unit") == "元":
        amount = amount / Decimal(10000)
    return amount


def recovered(entry: dict[str, Any], result: StagedDocument) -> bool:
    """Is the figure an entry describes among the staged facts or statements?"""
    kind = entry["kind"]
    stage = entry.get("stage") or ("budget" if "budget" in result.meta.doc_kind else "actual")
    amount = _amount_of(entry)
    if kind in ("function_line", "function_total"):
        return any(
            isinstance(g, ExpenditureGrain)
            and g.function_code == entry["function_code"]
            and g.stage == stage
            and g.economic_code is None
            and g.project is None
            and g.expense_type == "total"
            and f.amount == amount
            for g, f in result.facts.items()
        ) or _inconsistent_printing(entry, result)
    if kind == "yoy_change":
        change, pct = _dec(entry["change_amount"]), _dec(entry.get("change_pct"))
        return any(
            s.change_amount == change and (pct is None or s.change_pct == pct)
            for s in result.statements
        )
    if kind == "three_public":
        return any(
            isinstance(g, ThreePublicGrain)
            and g.item == entry["item"]
            and g.stage == stage
            and f.amount == amount
            for g, f in result.facts.items()
        ) or any(s.amount == amount and s.stage == stage for s in result.statements)
    item = _norm(str(entry.get("item") or ""))
    if amount is None:  # a count: a statement without amount naming the same thing
        text = _norm(entry["text"])
        return any(
            s.amount is None and (item[:4] in _norm(s.item) or _norm(s.item) in text)
            for s in result.statements
        )
    project = entry.get("project")
    for s in result.statements:
        if s.amount != amount:
            continue
        if project and (s.project is None or not project_key(project).startswith(s.project)):
            continue
        return True
    return any(
        f.amount == amount and f.origin == "narrative" and item[:2] in _norm(f.source.row or "")
        for f in result.facts.values()
    )


def _inconsistent_printing(entry: dict[str, Any], result: StagedDocument) -> bool:
    """A narrative figure that disagrees with the tables is a source_inconsistency check."""
    amount = _amount_of(entry)
    return any(
        c.outcome == "source_inconsistency" and c.found == amount and c.table == "情况说明"
        for c in result.checks
    )


def _entries(doc: str) -> list[dict[str, Any]]:
    return list(document(doc).get("narrative") or [])


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("doc", FINALS)
def test_every_function_line_is_an_actual_fact_at_its_code(doc: str, source: str) -> None:
    result = staged(doc, source)
    lines = [e for e in _entries(doc) if e["kind"] == "function_line"]
    assert lines, "the transcription lists the 类/款/项 lines"
    for entry in lines:
        grains = [
            (g, f)
            for g, f in result.facts.items()
            if isinstance(g, ExpenditureGrain)
            and g.function_code == entry["function_code"]
            and g.stage == "actual"
            and g.fund_source == "general_public"
            and g.expense_type == "total"
            and g.economic_code is None
        ]
        assert grains, f"no actual fact at {entry['function_code']} ({entry['text']})"
        _, fact = grains[0]
        assert fact.amount == Decimal(entry["amount"]) or _inconsistent_printing(entry, result)
        assert fact.stated_rate == _dec(entry.get("stated_rate")), entry["text"]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("doc", FINALS)
def test_narrative_entries_are_recovered(doc: str, source: str) -> None:
    result = staged(doc, source)
    entries = _entries(doc)
    missed = [e["text"] for e in entries if not recovered(e, result)]
    share = 1 - len(missed) / len(entries)
    assert share >= 0.95, f"{share:.3f} recovered; missed: {missed}"


@pytest.mark.parametrize("source", SOURCES)
def test_yoy_changes_are_signed_on_their_figure(source: str) -> None:
    result = staged("002_shenyang_2024_final", source)
    income = [s for s in result.statements if s.item == "收入总计"]
    assert income and income[0].change_amount == Decimal("-1052.18")
    assert income[0].change_pct == Decimal("-22.11")


def test_budget_narrative_states_budget_figures_without_new_conflicts() -> None:
    """A budget document's narrative repeats its tables: budget stage, equal repeats are checks."""
    result = staged("004_nanchong_2020_budget", "text")
    narrative = [f for f in result.facts.values() if f.origin == "narrative"]
    assert all(f.grain.stage == "budget" for f in narrative)
    stated = [e for e in _entries("004_nanchong_2020_budget") if e["kind"] == "function_line"]
    for entry in stated:
        assert recovered(entry, result), entry["text"]
