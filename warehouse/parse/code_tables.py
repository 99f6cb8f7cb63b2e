"""Tables whose rows are keyed by a classification code (function or economic).

Covers 支出预算总表, 一般公共预算支出表, 一般公共预算基本支出表, 支出功能分类预算表,
支出经济分类预算表, 政府性基金/国有资本经营预算支出表, and the Sichuan 一般公共预算支出预算表
whose columns are economic classes: a code column (whole, or split into 类/款/项), a name
column, and amount columns whose meaning comes from the header (header.py). Rows without a
code are the table total (合计) or a unit (社保科, 医保局) whose block of code rows follows.
"""

from __future__ import annotations

import re
from decimal import Decimal

from warehouse.extract.model import RawTable
from warehouse.parse.code_rows import (
    Classification,
    RowKey,
    fill_split_codes,
    known_code,
    read_row,
)
from warehouse.parse.context import TableContext, TableWork, staged_table
from warehouse.parse.header import Column, interpret_columns, split_header
from warehouse.parse.numbers import NotANumber, parse_amount, wan_yuan
from warehouse.parse.staging import (
    ExpenditureGrain,
    Provenance,
    StagedDocument,
    StagedFact,
    StagedTable,
)
from warehouse.parse.table_units import UnitResolver
from warehouse.reference.classifications import EconomicScheme

_FUNCTION_KINDS = {
    "expenditure_summary",
    "gp_expenditure_by_function",
    "gp_expenditure_by_economic",  # rows are function codes, columns economic classes
    "expenditure_by_function",
    "gov_fund_expenditure",
    "state_capital_expenditure",
}
_ECONOMIC_KINDS: dict[str, Classification | None] = {
    "gp_basic_by_economic": None,  # 部门 or 政府 scheme: read from the title, header or codes
    "basic_by_economic": None,  # the same, all funds (基本支出总表 / 部门预算基本支出预算表)
    "fiscal_expenditure_by_economic": None,
    "expenditure_by_economic_government": "economic_government",
    "expenditure_by_economic_department": "economic_department",
}
KINDS = _FUNCTION_KINDS | set(_ECONOMIC_KINDS)


def scheme_in_words(text: str) -> EconomicScheme | None:
    """部门/政府 (预算支出) 经济分类 in a title or header label."""
    if "政府经济分类" in text or "政府预算支出经济分类" in text or "政府预算经济分类" in text:
        return "government"
    if "部门经济分类" in text or "部门预算支出经济分类" in text or "部门预算经济分类" in text:
        return "department"
    return None


def _classification(ctx: TableContext, columns: list[Column], codes: list[str]) -> Classification:
    """What the row codes classify: the codes themselves first, then the title and header.

    Function codes are 2xx (201 一般公共服务支出 … 232), department economic classes 3xx and
    government ones 5xx: a title that says 按功能科目 over rows of 301…, or a kind named for
    economic rows over 2080505…, is overruled by what the rows print.
    """
    by_codes = _classification_of_codes(codes)
    if by_codes is not None:
        return by_codes
    if ctx.kind in _FUNCTION_KINDS:
        return "function"
    fixed = _ECONOMIC_KINDS.get(ctx.kind)
    if fixed is not None:
        return fixed
    words = scheme_in_words(ctx.title) or scheme_in_words("".join("".join(c.path) for c in columns))
    if words is not None:
        return "economic_government" if words == "government" else "economic_department"
    return "economic_department"


def _classification_of_codes(codes: list[str]) -> Classification | None:
    """The classification every printed code belongs to, or None when they do not agree."""
    firsts = {code[:1] for code in codes if code}
    if firsts == {"2"}:
        return "function"
    if firsts == {"3"}:
        return "economic_department"
    if firsts == {"5"}:
        return "economic_government"
    return None


class _Table(TableWork):
    """One code-keyed table being staged, with the scheme its codes belong to."""

    def __init__(
        self,
        raw: RawTable,
        ctx: TableContext,
        staged: StagedDocument,
        classification: Classification,
    ) -> None:
        super().__init__(raw, ctx, staged)
        self.classification = classification
        self.economic_key: tuple[int, EconomicScheme] | None = None
        self.grains: dict[ExpenditureGrain, Decimal] = {}
        # the columns of a finer classification printed beside the key (烟台's 政府 codes
        # beside the 部门 ones): rows at one grain with other finer codes are its parts
        self.finer_indices: list[int] = []
        self.parts: dict[ExpenditureGrain, tuple[list[Decimal], Provenance, set[str]]] = {}

    def _finer_code(self, row: list[str]) -> str:
        return "|".join(re.sub(r"\s+", "", row[i]) for i in self.finer_indices if i < len(row))

    def _stage(
        self, grain: ExpenditureGrain, amount: Decimal, source: Provenance, parts: list[Decimal]
    ) -> None:
        in_wan = [wan_yuan(p, self.ctx.money_unit) for p in parts] if len(parts) > 1 else []
        fact = StagedFact(
            grain=grain,
            amount=wan_yuan(amount, self.ctx.money_unit),
            source=source,
            parts=tuple(in_wan),
        )
        if self.staged.add_fact(fact):
            self.n_facts += 1

    def check_subtotals(self, row: list[str], key: RowKey, columns: list[Column]) -> None:
        """A column that is no grain of its own (财政拨款›小计 beside 一般公共预算, 政府性基金 …)
        is checked against the printed columns under the same heading: a pass records it as a
        printing of figures stored at their grain."""
        printed: dict[int, Decimal] = {}
        for column in columns:
            if column.role == "amount" and column.index < len(row):
                try:
                    value = parse_amount(row[column.index])
                except NotANumber:
                    continue
                if value is not None:
                    printed[column.index] = value
        for column in columns:
            if column.measure is not None or column.index not in printed or len(column.path) < 2:
                continue
            if column.path[-1] not in ("小计", "合计"):
                continue
            parts = [
                printed[c.index]
                for c in columns
                if c is not column
                and c.index in printed
                and c.measure is not None
                and c.path[:-1] == column.path[:-1]
            ]
            if not parts:
                continue
            self.check(
                "subtotal",
                wan_yuan(printed[column.index], self.ctx.money_unit),
                [wan_yuan(p, self.ctx.money_unit) for p in parts],
                key.label,
                column.label,
            )

    def flush_parts(self) -> None:
        """Stage the grains whose rows were parts: each once, with the sum of its parts."""
        for grain, (amounts, source, _) in self.parts.items():
            self._stage(grain, sum(amounts, Decimal(0)), source, amounts)
        self.parts.clear()

    def _economic_of_row(self, row: list[str]) -> tuple[EconomicScheme | None, str | None]:
        """The row's economic class from its second key column (北京's 预算03表)."""
        if self.economic_key is None:
            return None, None
        index, scheme = self.economic_key
        code = printed_code(row[index] if index < len(row) else "")
        return (scheme, code) if code else (None, None)

    def stage_row(self, row: list[str], key: RowKey, unit: str, columns: list[Column]) -> None:
        is_function = self.classification == "function"
        row_scheme, row_economic = self._economic_of_row(row) if is_function else (None, None)
        self.check_subtotals(row, key, columns)
        for column in columns:
            if column.role != "amount" or column.index >= len(row):
                continue
            try:
                amount = parse_amount(row[column.index])
            except NotANumber:
                self.issue("not an amount", key.label, column.label, row[column.index])
                continue
            if amount is None:
                continue
            self.n_figures += 1
            measure = column.measure
            if measure is None:
                continue  # a subtotal or breakdown: kept for checks, not a grain
            if is_function:
                function_code = key.code or None
                scheme, economic_code = measure.economic_scheme, measure.economic_code
                if row_economic is not None and economic_code is None:
                    scheme, economic_code = row_scheme, row_economic
            else:
                # a 合计 row is the table total whatever the classification: no code, no scheme
                function_code = None
                scheme = self.classification.removeprefix("economic_") if key.code else None
                economic_code = key.code or None
            grain = ExpenditureGrain(
                unit=unit,
                fiscal_year=measure.fiscal_year or self.ctx.fiscal_year,
                stage=measure.stage or self.ctx.stage,
                function_code=function_code,
                economic_scheme=scheme,
                economic_code=economic_code,
                project=None,
                fund_source=measure.fund_source,
                expense_type=measure.expense_type,
            )
            source = Provenance(
                table=self.ctx.title,
                page=self.table.page_first,
                lines=self.table.source_lines,
                row=key.label,
                column=column.label,
            )
            finer = self._finer_code(row) if self.finer_indices else ""
            if finer:
                earlier = self.parts.get(grain)
                if earlier is None:
                    self.parts[grain] = ([amount], source, {finer})
                    continue
                amounts, first_source, seen = earlier
                if finer not in seen:  # another finer class of the same grain: a part of it
                    self.parts[grain] = ([*amounts, amount], first_source, seen | {finer})
                    continue
            if self.grains.get(grain, amount) != amount:
                # two rows of one table at one grain with other figures: the table is finer
                # than the grain (function × 政府 × 部门 economic classes), not a misreading;
                # the same figure printed again is a repeated printing, checked as such
                self.issue(
                    "another row of this table has the same grain (the table classifies "
                    "finer than the fact contract)",
                    key.label,
                    column.label,
                    row[column.index],
                )
                continue
            self.grains[grain] = amount
            self._stage(grain, amount, source, [amount])


_KEY_ROLES = ("code", "name")
_REFINING: tuple[tuple[Classification, EconomicScheme], ...] = (
    ("economic_department", "department"),
    ("economic_government", "government"),
)


def _key_class(label: str) -> Classification | None:
    """What a key header says it classifies (功能 / 部门经济 / 政府经济), if anything."""
    if "功能" in label:
        return "function"
    if "经济" in label and "政府" in label:
        return "economic_government"
    if "经济" in label:
        return "economic_department"
    return None


_BLOCK_ROLES = ("code", "code_lei", "code_kuan", "code_xiang", "name")


def _key_blocks(columns: list[Column]) -> list[list[Column]]:
    """Runs of adjacent key columns: one classification's code (whole or 类|款|项) and name."""
    blocks: list[list[Column]] = []
    previous: Column | None = None
    for column in columns:
        if column.role not in _BLOCK_ROLES:
            previous = None
            continue
        starts_anew = (
            previous is None
            or previous.role == "name"  # a name column closes its classification's block
            or (column.role in ("code", "code_lei") and previous.role != "code_lei")
        )
        if starts_anew:
            blocks.append([column])
        else:
            blocks[-1].append(column)
        previous = column
    return blocks


def _block_class(block: list[Column]) -> Classification | None:
    """What a key block classifies, by the words of all its headers (编码 | 部门经济…名称)."""
    return _key_class("".join(p for c in block for p in c.path))


def choose_key_columns(
    columns: list[Column],
) -> tuple[list[Column], tuple[int, EconomicScheme] | None]:
    """One classification keys the rows; a second one printed beside it is kept apart.

    Tables may print a row's function class and its economic classes side by side
    (支出功能分类科目 | 政府支出经济分类科目 | 部门支出经济分类科目), or both economic classes
    (烟台: 类|款 部门…名称 | 类|款 政府…名称). A classification's code and name columns form a
    block, classified by all its header words. The function block keys the row, else the
    department one; the department (else government) block refines a function row's grain;
    the other blocks are text. Returns the columns and (index, scheme) of the refining column.
    """
    keyed = [(b, _block_class(b)) for b in _key_blocks(columns)]
    classes = {k for _, k in keyed if k is not None}
    if len(classes) < 2:
        return columns, None
    primary: Classification = "function" if "function" in classes else "economic_department"
    secondary: tuple[int, EconomicScheme] | None = None
    if primary == "function":
        for wanted, scheme in _REFINING:
            found = next((b for b, k in keyed if k == wanted), None)
            if found is not None and found[0].role in ("code", "name"):
                secondary = (found[0].index, scheme)
                break
    demoted = {c.index for b, k in keyed if k not in (primary, None) for c in b}
    kept = [
        Column(index=c.index, path=c.path, role="text") if c.index in demoted else c
        for c in columns
    ]
    return kept, secondary


def printed_code(cell: str) -> str | None:
    """The classification code printed in a key cell ('30216-培训费', '[302]…', '30216')."""
    text = re.sub(r"\s+", "", cell)
    match = re.match(r"^[\[【［(（]?(\d{3}(?:\d{2}){0,2})(?!\d)", text)
    return match.group(1) if match else None


def _has_figures(row: list[str], columns: list[Column]) -> bool:
    for column in columns:
        if column.role == "amount" and column.index < len(row):
            try:
                if parse_amount(row[column.index]) is not None:
                    return True
            except NotANumber:
                return True
    return False


def _unit_of_blocks(keys: list[RowKey]) -> list[str | None]:
    """The unit row each body row sits under (None above the first unit row)."""
    current: str | None = None
    blocks: list[str | None] = []
    for key in keys:
        if key.kind == "unit":
            current = key.name
        elif key.kind == "total":
            current = None
        blocks.append(current)
    return blocks


def parse_table(table: RawTable, ctx: TableContext, staged: StagedDocument) -> StagedTable:
    """Stage every figure of a code-keyed table; record what cannot be mapped."""
    n_header = split_header(table.rows)
    header, body = table.rows[:n_header], table.rows[n_header:]
    width = max((len(r) for r in table.rows), default=0)
    kind_says_function = ctx.kind in _FUNCTION_KINDS

    def columns_for(is_function: bool) -> list[Column]:
        return interpret_columns(
            header,
            width,
            ctx.default_fund_source,
            fiscal_year=ctx.fiscal_year,
            economic_scheme=scheme_in_words(ctx.title) if is_function else None,
            economic_columns=is_function,
            default_expense_type=ctx.default_expense_type,
        )

    columns, economic_key = choose_key_columns(columns_for(kind_says_function))
    body = fill_split_codes(body, columns)
    provisional: Classification = "function" if kind_says_function else "economic_department"
    codes = [read_row(r, columns, provisional).code for r in body]
    classification = _classification(ctx, columns, [c for c in codes if c])
    is_function = classification == "function"
    if is_function != kind_says_function:
        columns, economic_key = choose_key_columns(columns_for(is_function))
    work = _Table(raw=table, ctx=ctx, staged=staged, classification=classification)
    work.economic_key = economic_key if is_function else None
    as_read = {c.index: c.role for c in columns_for(is_function)}
    work.finer_indices = [
        c.index
        for c in columns
        if c.role == "text"
        and as_read.get(c.index) in ("code", "code_lei", "code_kuan", "code_xiang", "name")
        and (economic_key is None or c.index != economic_key[0])
    ]
    keys = [read_row(r, columns, classification) for r in body]
    printed = [_has_figures(r, columns) for r in body]

    has_key = any(c.role in ("code", "code_lei", "unit_code", "name") for c in columns)
    if not has_key:
        if any(printed):
            n = sum(1 for r in body for c in columns if c.role == "amount" and _figure(r, c))
            work.n_figures = n
            work.issue(
                "no code or name column recognized in the header", None, None, f"{n} figures"
            )
        return staged_table(table, ctx, n_figures=work.n_figures, n_facts=0)

    units = UnitResolver(table, staged)
    blocks = _unit_of_blocks(keys)
    for row, key, block, has_figures in zip(body, keys, blocks, printed, strict=True):
        if key.conflict:
            work.issue("split code and printed code disagree", key.label, None, key.conflict)
        if key.kind == "bad_code":
            work.issue(
                f"code {key.code!r} is not a {classification} code", key.label, None, key.code
            )
            work.n_figures += sum(1 for c in columns if c.role == "amount" and _figure(row, c))
            continue
        if key.kind == "label":
            if has_figures:
                work.issue(
                    "row without a code that is not a total or a unit",
                    key.label or None,
                    None,
                    None,
                )
                work.n_figures += sum(1 for c in columns if c.role == "amount" and _figure(row, c))
            continue
        if key.kind == "code" and has_figures and not known_code(key.code, classification):
            work.issue("code not in the reference classification", key.label, None, key.code)
        unit = ""
        if key.kind == "unit":
            unit = units.resolve(key.name)
        elif key.kind == "code" and block:
            unit = units.resolve(block)
        work.stage_row(row, key, unit, columns)
    work.flush_parts()
    return staged_table(table, ctx, n_figures=work.n_figures, n_facts=work.n_facts)


def _figure(row: list[str], column: Column) -> bool:
    if column.index >= len(row):
        return False
    try:
        return parse_amount(row[column.index]) is not None
    except NotANumber:
        return True
