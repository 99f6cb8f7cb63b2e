"""Performance-goal tables: every transcribed indicator is recovered from the sample PDFs, with
its project matched to the 项目支出表, and the value parser splits operator/number/unit."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from tests.oracle import SAMPLES, ExpectedKpi, expected_kpis, tables
from warehouse.db.migrate import ensure_schema
from warehouse.extract.model import RawTable
from warehouse.extract.source import extract_document
from warehouse.load.ingest import ingest
from warehouse.parse.document import parse_document
from warehouse.parse.kpi_values import normalize_operator, parse_kpi_value, parse_score
from warehouse.parse.projects import project_key
from warehouse.parse.staging import StagedDocument, StagedKpi

KPI_DOCS = (
    "001_shenyang_center_2023_budget",
    "002_shenyang_2024_final",
    "004_nanchong_2020_budget",
)
# the test's own reading of printed comparisons (independent of the parser's table)
_PRINTED_OPERATORS = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", "=": "=", ">": ">", "<": "<"}
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# a value cell printing its own comparison and unit: ≥80%, 15万元, ≥1年
_WHOLE_CELL = re.compile(r"^(?:[≥≤]|>=|<=)?(\d+(?:\.\d+)?)([^\d\s]{1,6})$")


def _squeeze(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "")


def _name(level3: str | None) -> str:
    """Indicator names compared without a final 。: the generated 004 PDF lets a clipped
    年度目标 cell overflow its last 。 into the indicator cell beside it (front-end artefact)."""
    return _squeeze(level3).rstrip("。")


@functools.cache
def _staged(doc: str) -> StagedDocument:
    return parse_document(extract_document(SAMPLES / f"{doc}.pdf"))


def _key(project: str | None) -> str | None:
    return project_key(project) if project else None


def _expected_operator(kpi: ExpectedKpi) -> str | None:
    if kpi.operator:
        return _PRINTED_OPERATORS[kpi.operator]
    for printed in ("≥", "≤", ">=", "<="):
        if kpi.target_text.startswith(printed):
            return _PRINTED_OPERATORS[printed]
    return None


def _expected_line(kpi: ExpectedKpi) -> tuple[str | None, ...]:
    return (
        _key(kpi.project),
        kpi.level1 or None,
        kpi.level2 or None,
        _name(kpi.level3),
        _expected_operator(kpi),
        kpi.target_text or None,
        kpi.actual_text or None,
        kpi.weight or None,
        kpi.score or None,
    )


def _staged_line(kpi: StagedKpi) -> tuple[str | None, ...]:
    return (
        kpi.project,
        _squeeze(kpi.level1) or None,
        _squeeze(kpi.level2) or None,
        _name(kpi.level3),
        kpi.operator,
        _squeeze(kpi.target_text) or None,
        _squeeze(kpi.actual_text) or None,
        None if kpi.weight is None else _number_text(kpi.weight),
        None if kpi.score is None else _number_text(kpi.score),
    )


def _number_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _lines_or_skip(doc: str) -> tuple[list[ExpectedKpi], StagedDocument]:
    expected = expected_kpis(doc)
    assert expected, f"{doc}: the transcription has KPI blocks"
    staged = _staged(doc)
    if not staged.kpis and not any(t.kind in _KPI_KINDS for t in staged.tables):
        pytest.xfail(f"{doc}: the PDF front end hands over no KPI table title yet")
    return expected, staged


_KPI_KINDS = {"kpi_unit", "kpi_project", "kpi_self_eval_unit", "kpi_self_eval_project"}


@pytest.mark.parametrize("doc", KPI_DOCS)
def test_every_transcribed_indicator_is_recovered(doc: str) -> None:
    expected, staged = _lines_or_skip(doc)
    want = Counter(_expected_line(k) for k in expected)
    got = Counter(_staged_line(k) for k in staged.kpis)
    missing = want - got
    extra = got - want
    assert not missing, f"{sum(missing.values())} of {len(expected)} missing: {list(missing)[:5]}"
    assert not extra, f"{sum(extra.values())} extra: {list(extra)[:5]}"


@pytest.mark.parametrize("doc", KPI_DOCS)
def test_numeric_targets_and_units(doc: str) -> None:
    expected, staged = _lines_or_skip(doc)
    by_line: dict[tuple[str | None, str, str], StagedKpi] = {
        (k.project, _name(k.level3), _squeeze(k.target_text)): k for k in staged.kpis
    }
    checked = 0
    for kpi in expected:
        found = by_line.get((_key(kpi.project), _name(kpi.level3), kpi.target_text))
        assert found is not None, kpi
        whole = _WHOLE_CELL.match(kpi.target_text)
        if _PLAIN_NUMBER.match(kpi.target_text):
            assert found.target_value == Decimal(kpi.target_text), kpi
            checked += 1
        elif whole and not kpi.measure_unit:
            assert found.target_value == Decimal(whole.group(1)), kpi
            assert found.measure_unit == whole.group(2), kpi
            checked += 1
        if kpi.measure_unit:
            assert _squeeze(found.measure_unit) == kpi.measure_unit, kpi
        if re.fullmatch(r"20\d\d年\d+月\d+日前|[^\d]+", kpi.target_text):
            assert found.target_value is None, kpi  # dates and words stay text
        if _PLAIN_NUMBER.match(kpi.actual_text):
            assert found.actual_value == Decimal(kpi.actual_text), kpi
    assert checked, f"{doc}: some targets are plain numbers"


def _project_table_keys(doc: str) -> set[str]:
    keys: set[str] = set()
    for _, table in tables(doc):
        if table.get("kind") != "project_expenditure":
            continue
        columns = [c.get("key") for c in table["columns"]]
        if "project" not in columns:
            continue
        for row in table.get("rows") or []:
            cells = row["cells"] if isinstance(row, dict) else row
            name = str(cells[columns.index("project")])
            if name.strip():
                keys.add(project_key(name))
    return keys


@pytest.mark.parametrize("doc", ["001_shenyang_center_2023_budget", "004_nanchong_2020_budget"])
def test_kpi_projects_are_the_project_tables_projects(doc: str) -> None:
    table_keys = _project_table_keys(doc)
    oracle_keys = {_key(k.project) for k in expected_kpis(doc) if k.project}
    staged_keys = {k.project for k in _staged(doc).kpis if k.project}
    assert staged_keys == oracle_keys
    # the transcription's own KPI projects that the 项目支出表 lists are matched by the same key
    assert staged_keys & table_keys == oracle_keys & table_keys
    assert staged_keys & table_keys


def test_self_evaluation_amounts_are_stated_per_project() -> None:
    doc = "002_shenyang_2024_final"
    _, staged = _lines_or_skip(doc)
    stated = {(s.project, s.item): s for s in staged.statements if s.project}
    for _, table in tables(doc):
        if table.get("kind") != "kpi_self_eval_project":
            continue
        for block in table["blocks"]:
            key = project_key(block["project"])
            budget = stated[(key, "项目预算数")]
            actual = stated[(key, "项目执行数")]
            assert budget.amount == Decimal(block["fields"]["项目预算金额（万元）"])
            assert actual.amount == Decimal(block["fields"]["全年执行数"])
            assert actual.stated_rate == Decimal(block["fields"]["执行率"].rstrip("%"))


def test_kpis_and_projects_are_loaded(engine: Engine) -> None:
    doc = "004_nanchong_2020_budget"
    ensure_schema(engine)
    outcome = ingest(engine, [SAMPLES / f"{doc}.pdf"]).outcomes[0]
    assert outcome.document_id is not None, outcome.reason
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.project_key, k.level3, k.target_text FROM core.fact_kpi k "
                "LEFT JOIN core.dim_project p ON p.project_id = k.project_id "
                "WHERE k.document_id = :d"
            ),
            {"d": outcome.document_id},
        ).all()
    want = Counter((_key(k.project), _name(k.level3), k.target_text) for k in expected_kpis(doc))
    got = Counter((r.project_key, _name(r.level3), _squeeze(r.target_text)) for r in rows)
    assert got == want


# ---------------------------------------------------------------- the value parser


@pytest.mark.parametrize(
    ("printed", "operator", "value", "unit"),
    [
        ("100", None, Decimal("100"), None),
        ("400.08万人", None, Decimal("400.08"), "万人"),
        ("≥80%", ">=", Decimal("80"), "%"),
        ("≤ 5 %", "<=", Decimal("5"), "%"),
        ("不低于95%", ">=", Decimal("95"), "%"),
        ("不高于10次", "<=", Decimal("10"), "次"),
        ("大于3年", ">", Decimal("3"), "年"),
        ("小于1", "<", Decimal("1"), None),
        ("＞＝90", ">=", Decimal("90"), None),
        ("1,629.00万元", None, Decimal("1629.00"), "万元"),
        ("640元/人/年", None, Decimal("640"), "元/人/年"),
        ("2020年12月31日前", None, None, None),
        ("得到保证", None, None, None),
        ("100%-80%", None, None, None),
        ("药店1300家，医疗机构690家。", None, None, None),
        ("不低上年", None, None, None),
        ("", None, None, None),
    ],
)
def test_value_split(
    printed: str, operator: str | None, value: Decimal | None, unit: str | None
) -> None:
    parsed = parse_kpi_value(printed)
    assert (parsed.operator, parsed.value, parsed.unit) == (operator, value, unit)


def test_operators_and_scores() -> None:
    assert normalize_operator("≥") == ">="
    assert normalize_operator("不高于") == "<="
    assert normalize_operator("定性") is None
    assert parse_score("12.5") == Decimal("12.5")
    assert parse_score("") is None
    assert parse_score("100%") is None


_OPERATOR_PRINTS = st.sampled_from(
    [
        ("", None),
        (">=", ">="),
        ("≥", ">="),
        ("≤", "<="),
        ("<=", "<="),
        ("=", "="),
        ("不低于", ">="),
        ("不少于", ">="),
        ("不高于", "<="),
        ("不超过", "<="),
        ("大于", ">"),
        ("小于", "<"),
        (">", ">"),
        ("<", "<"),
    ]
)
_UNITS = st.text(alphabet="%万元人次个年月日件家户套台/（）()", min_size=0, max_size=6)
_NUMBERS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(_OPERATOR_PRINTS, _NUMBERS, _UNITS, st.sampled_from(["", " "]))
def test_operator_number_unit_round_trip(
    op: tuple[str, str | None], number: Decimal, unit: str, space: str
) -> None:
    printed = f"{op[0]}{space}{number}{space}{unit}"
    parsed = parse_kpi_value(printed)
    assert parsed.operator == op[1]
    assert parsed.value == number
    assert parsed.unit == (unit or None)


@given(_NUMBERS)
def test_thousands_separators(number: Decimal) -> None:
    assert parse_kpi_value(f"{number:,}").value == number


@given(st.text(alphabet="得到保证提高明显成效稳步拓展全部公开", min_size=1, max_size=10))
def test_words_stay_text(words: str) -> None:
    assert parse_kpi_value(words).value is None


def test_blocks_split_into_untitled_tables_are_joined() -> None:
    """A front end that hands over a table per project block (untitled) loses nothing."""
    doc = "001_shenyang_center_2023_budget"
    extracted = extract_document(SAMPLES / f"{doc}.pdf")
    split: list[RawTable] = []
    for table in extracted.tables:
        starts = [i for i, row in enumerate(table.rows) if "项目(政策)名称" in row[0]]
        if len(starts) < 2:
            split.append(table)
            continue
        for n, (a, b) in enumerate(zip(starts, [*starts[1:], len(table.rows)], strict=True)):
            part = replace(table, index=len(split), rows=table.rows[a:b])
            split.append(part if n == 0 else replace(part, title=None, number=None))
    staged = parse_document(replace(extracted, tables=split))
    want = Counter(_expected_line(k) for k in expected_kpis(doc))
    assert Counter(_staged_line(k) for k in staged.kpis) == want
