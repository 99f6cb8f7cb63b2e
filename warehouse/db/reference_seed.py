"""Load the reference classifications (data/reference/*.csv) into core's dimensions.

A seeding step rather than a migration: the CSVs are data that grows (a new year's codes),
and an upsert keeps every database in step without a schema change. It runs on every
`warehouse db upgrade` and whenever ingest brings the schema to head.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.postgresql import insert

from warehouse.db.models import Base, DimEconomic, DimFunction, DimFunctionName
from warehouse.reference.classifications import (
    load_economic_codes,
    load_function_codes,
    load_name_history,
)


def _upsert(
    conn: Connection, model: type[Base], rows: list[dict[str, Any]], keys: list[str]
) -> None:
    """Insert rows, updating the non-key columns of rows that exist (parents first)."""
    if not rows:
        return
    stmt = insert(model)
    updates = {name: stmt.excluded[name] for name in rows[0] if name not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def seed_reference(engine: Engine) -> dict[str, int]:
    with engine.begin() as conn:
        return seed_reference_in(conn)


def seed_reference_in(conn: Connection) -> dict[str, int]:
    functions = sorted(load_function_codes(), key=lambda f: f.level)
    for level in (1, 2, 3):
        _upsert(
            conn,
            DimFunction,
            [
                {
                    "function_code": f.code,
                    "level": f.level,
                    "name": f.name,
                    "parent_code": f.parent_code,
                    "origin": "reference",
                }
                for f in functions
                if f.level == level
            ],
            ["function_code"],
        )
    names = load_name_history()
    _upsert(
        conn,
        DimFunctionName,
        [
            {
                "function_code": a.code,
                "name": a.name,
                "valid_from": a.valid_from,
                "valid_to": a.valid_to,
            }
            for a in names
        ],
        ["function_code", "name"],
    )
    economic = [e for scheme in ("department", "government") for e in load_economic_codes(scheme)]
    for level in (1, 2):
        _upsert(
            conn,
            DimEconomic,
            [
                {
                    "scheme": e.scheme,
                    "economic_code": e.code,
                    "level": e.level,
                    "name": e.name,
                    "parent_code": e.parent_code,
                    "origin": "reference",
                }
                for e in economic
                if e.level == level
            ],
            ["scheme", "economic_code"],
        )
    return {"function": len(functions), "function_names": len(names), "economic": len(economic)}
