"""Bulk rows into a table with PostgreSQL's COPY, inside the caller's transaction.

A document carries thousands of facts, checks and KPIs. A multi-row INSERT makes the client
render and bind every value as a statement parameter; COPY streams the rows in PostgreSQL's
text format through psycopg 3, which costs the loading process a fraction of that and is what
makes the load stage cheap next to PDF parsing. The rows go through the same connection and
transaction as the rest of the document, so a failure still rolls back the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import Connection as PsycopgConnection
from psycopg import sql
from sqlalchemy import Connection, Table


def copy_rows(conn: Connection, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Write `rows` (dicts with the same keys, column names) into the mapped class's table."""
    if not rows:
        return
    table = model.__table__
    assert isinstance(table, Table)
    columns = list(rows[0])
    driver = conn.connection.driver_connection
    assert isinstance(driver, PsycopgConnection), "the warehouse runs on psycopg 3"
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(*_qualified(table)),
        sql.SQL(", ").join(sql.Identifier(c) for c in columns),
    )
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _qualified(table: Table) -> tuple[str, ...]:
    return (table.schema, table.name) if table.schema else (table.name,)
