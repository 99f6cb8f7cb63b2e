"""Revenue tables: 收入预算总表 / 部门收入总表 / 部门预算收入总表 (by unit or by function code,
columns by fund source) and 收入预算按单位分类汇总表 -> core.fact_revenue.

A row is keyed by its classification code (whole, or split into 类/款/项 columns) or, without a
code, by the unit it names (单位名称, 578002 沈阳市…, 社保科); 合计/总计 is the table total. The
columns' fund sources come from the header path (labels.revenue_column): subtotal and
breakdown columns are checks (table_grid.group_checks), not grains.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from warehouse.extract.model import RawTable
from warehouse.parse.code_rows import fill_split_codes
from warehouse.parse.context import TableContext, staged_table
from warehouse.parse.header import interpret_columns
from warehouse.parse.labels import revenue_column, revenue_label, squash
from warehouse.parse.numbers import looks_like_amount
from warehouse.parse.staging import RevenueGrain, StagedDocument, StagedTable
from warehouse.parse.table_grid import Recorder, group_checks, is_line_number_column, read_grid
from warehouse.parse.table_units import UnitResolver

KINDS = {"revenue_summary", "revenue_by_unit"}

_TOTAL_LABELS = {"合计", "总计", "部门合计", "**部门合计"}
_KEY_ROLES = ("code", "code_lei", "code_kuan", "code_xiang", "name", "unit", "unit_code")


def row_key(
    row: list[str], roles: Mapping[int, str], amount_cols: list[int]
) -> tuple[str | None, str]:
    """(function code, label) of a body row; the label is the printed name or unit text.

    Extraction may put a unit or 合计 label in a code column (Sichuan split-code tables), so
    the label is the first non-code text among the key columns.
    """
    digits: list[str] = []
    texts: list[str] = []
    unit_code = ""
    for j in sorted(roles):
        cell = squash(row[j]) if j < len(row) else ""
        if not cell or j in amount_cols:
            continue
        if roles[j] == "unit_code":
            unit_code = cell
        elif re.fullmatch(r"\d{2,7}", cell):
            digits.append(cell)
        else:
            texts.append(cell)
    label = texts[-1] if texts else ""
    return _joined_code(digits), f"{unit_code} {label}" if unit_code and label else label


def _joined_code(digits: list[str]) -> str | None:
    """The row's code from its digit cells: split 类|款|项 (208 05 05), a whole code, or both
    (208 05 05 2080505, merged header cells shifting the split columns)."""
    if not digits:
        return None
    if len(digits) == 1:
        return digits[0]
    longest = max(digits, key=len)
    others = list(digits)
    others.remove(longest)
    if "".join(others) == longest:
        return longest
    return "".join(digits)


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every figure of a revenue table; record what cannot be mapped."""
    grid = read_grid(table.rows)
    units = UnitResolver(table, staged)  # "单位: 医保局" above the table names the publisher
    rec = Recorder(table, ctx, staged)
    columns = interpret_columns(grid.header, grid.width, ctx.default_fund_source)
    roles = {c.index: c.role for c in columns if c.role in _KEY_ROLES}
    amount_cols = [
        c.index
        for c in columns
        if c.role == "amount"
        and not is_line_number_column(c.path)
        and any(looks_like_amount(r[c.index]) or not squash(r[c.index]) for r in grid.body)
    ]
    # a key column whose header the extractor left blank still holds text, not amounts
    amount_cols = [j for j in amount_cols if _is_amount_column(grid.body, j)]
    for j in range(grid.width):
        if j not in amount_cols and j not in roles:
            roles[j] = "name"
    meanings = {j: revenue_column(grid.paths[j]) for j in amount_cols}
    sources = {source for source, _ in meanings.values()}
    if "all" not in sources and "carryover" not in sources:
        # no 总计 and no 上年结转 column: a top-level 本年收入合计 is all the table's revenue
        for j in amount_cols:
            if len(grid.paths[j]) == 1 and revenue_label(grid.paths[j][0]).kind == "subtotal":
                meanings[j] = ("all", None)
    meanings.update(_unit_fund_kinds_alone(grid.paths, meanings))
    for j, (source, why) in meanings.items():
        if source is None and why and "names no fund source" in why:
            rec.issue(why, None, "›".join(grid.paths[j]), None)
    for row in fill_split_codes(grid.body, columns):
        code, label = row_key(row, roles, amount_cols)
        row_label = f"{code or ''} {label}".strip()
        if code is not None and not re.fullmatch(r"2\d{2}(\d{2}){0,2}", code):
            for j in amount_cols:
                if rec.amount(row[j], row_label, "›".join(grid.paths[j])) is not None:
                    rec.issue(f"code {code!r} is not a function code", row_label, None, row[j])
            continue
        unit = ""
        if code is None and label not in _TOTAL_LABELS:
            if not label:
                for j in amount_cols:
                    if rec.amount(row[j], row_label, "›".join(grid.paths[j])) is not None:
                        rec.issue("figure in a row without a code or unit", None, None, row[j])
                continue
            unit = units.resolve(label)
        in_row: dict[RevenueGrain, list[tuple[Decimal, str]]] = {}
        for j in amount_cols:
            column = "›".join(grid.paths[j])
            amount = rec.amount(row[j], row_label, column)
            source, _ = meanings[j]
            if amount is None or source is None:
                continue  # blank, or a subtotal/breakdown: covered by the group checks below
            grain = RevenueGrain(
                unit=unit,
                fiscal_year=ctx.fiscal_year,
                stage=ctx.stage,
                fund_source=source,
                function_code=code,
            )
            in_row.setdefault(grain, []).append((amount, column))
        for grain, printed in in_row.items():
            # the kinds of 单位资金 printed without a 单位资金 column are parts of one grain
            total = sum((a for a, _ in printed), Decimal(0))
            parts = tuple(a for a, _ in printed) if len(printed) > 1 else ()
            rec.fact(grain, total, row_label, printed[0][1], parts)
        group_checks(rec, grid.paths, amount_cols, row, row_label)
    return staged_table(table, ctx, n_figures=rec.n_figures, n_facts=rec.n_facts)


def _unit_fund_kinds_alone(
    paths: list[tuple[str, ...]], meanings: dict[int, tuple[str | None, str | None]]
) -> dict[int, tuple[str | None, str | None]]:
    """事业收入, 上级补助收入 … printed as columns of their own with no 单位资金 column.

    Each is a kind of 单位资金: beside a 单位资金 column it is a breakdown of it (a check, not a
    grain, and says why); with no 单位资金 column the kinds are parts of the row's unit_funds
    (FORMAT.md convention 9), summed into one fact.
    """
    kinds = [
        j
        for j, (source, _) in meanings.items()
        if source in ("unit_funds", None)
        and paths[j]
        and revenue_label(paths[j][-1]).unit_fund_part
    ]
    whole = [j for j, (source, _) in meanings.items() if source == "unit_funds" and j not in kinds]
    if whole:
        why = "a kind of 单位资金 beside its 单位资金 column: a breakdown, not a grain"
        return {j: (None, why) for j in kinds}
    return {j: ("unit_funds", None) for j in kinds}


def _is_amount_column(body: list[list[str]], j: int) -> bool:
    """Amount columns hold amounts or blanks; a column of names or unit labels does not."""
    cells = [squash(r[j]) for r in body if j < len(r) and squash(r[j])]
    if not cells:
        return True
    numeric = sum(1 for c in cells if looks_like_amount(c))
    return numeric * 2 >= len(cells)
