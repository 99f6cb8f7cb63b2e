"""Reference classifications: CSV integrity and narrative name -> function code resolution.

The phrase lists below are every 类/款/项 line of seeds 002 and 003, copied as printed (line
breaks included); the expected codes were checked by hand against the seeds' own tables.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from warehouse.reference.classifications import (
    LEVEL_BY_LENGTH,
    REFERENCE_DIR,
    function_codes_by_code,
    load_economic_codes,
    load_function_codes,
    load_name_history,
)
from warehouse.reference.resolver import (
    normalize_name,
    parse_function_phrase,
    resolve_function,
    resolve_function_phrase,
)

SEED_DIR = Path(__file__).resolve().parents[1] / "data" / "samples" / "text"
SEED_002 = "002_db789c5f0bc13879.txt"
SEED_003 = "003_f3bdc88a04f4c586.txt"

# Seed 002: 辽宁省沈阳市医疗保障局（本级） 2024 final accounts (narrative, then glossary 16-23).
SEED_002_LINES: list[tuple[str, str]] = [
    ("（1）社会保障和就业支出（类）行政事业单位养老支出（款）\n\n行政单位离退休（项）", "2080501"),
    (
        "（2）社会保障和就业支出（类）行政事业单位养老支出（款）\n\n"
        "机关事业单位基本养老保险缴费支出（项）",
        "2080505",
    ),
    (
        "（3）社会保障和就业支出（类）行政事业单位养老支出（款）\n\n"
        "机关事业单位职业年金缴费支出（项）",
        "2080506",
    ),
    ("（1）卫生健康支出（类）行政事业单位医疗（款）行政单位\n\n医疗（项）", "2101101"),
    ("（2）卫生健康支出（类）医疗保障管理事务（款）行政运行\n\n（项）", "2101501"),
    (
        "（3）卫生健康支出（类）医疗保障管理事务（款）其他医疗\n\n保障管理事务支出（项）",
        "2101599",
    ),
    ("（1）住房保障支出（类）住房改革支出（款）住房公积金（项）", "2210201"),
    ("（2）住房保障支出（类）住房改革支出（款）购房补贴（项）", "2210203"),
    ("16.社会保障和就业支出（类）行政事业单位养老支出（款）\n\n行政单位离退休（项）", "2080501"),
    (
        "17.社会保障和就业支出（类）行政事业单位养老支出（款）\n\n"
        "机关事业单位基本养老保险缴费支出（项）",
        "2080505",
    ),
    (
        "18.社会保障和就业支出（类）行政事业单位养老支出（款）\n\n"
        "机关事业单位职业年金缴费支出（项）",
        "2080506",
    ),
    ("19.卫生健康支出（类）行政事业单位医疗（款）行政单位医\n\n疗（项）", "2101101"),
    ("20.卫生健康支出（类）医疗保障管理事务（款）行政运行（项）", "2101501"),
    ("21.卫生健康支出（类）医疗保障管理事务（款）其他医疗保\n\n障管理事务支出（项）", "2101599"),
    ("22.住房保障支出（类）住房改革支出（款）住房公积金（项）", "2210201"),
    ("23.住房保障支出（类）住房改革支出（款）购房补贴（项）", "2210203"),
]

# Seed 003: 盘锦市医疗保障局 2020 final accounts (narrative, then glossary 16-31, which mixes
# pre-2020 names: 社会保障和就业（类）行政事业单位离退休（款）, 医疗卫生与计划生育（类）).
SEED_003_LINES: list[tuple[str, str]] = [
    ("（1）社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）", "2080501"),
    ("（2）社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）", "2080502"),
    (
        "（3）社会保障和就业支出（类）行政事业单位养老支出（款）"
        "机关事业单位基本养老保险缴费支出（项）",
        "2080505",
    ),
    (
        "（4）社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）",
        "2080506",
    ),
    ("（5）社会保障和就业支出（类）抚恤（款）死亡抚恤（项）", "2080801"),
    ("（6）社会保障和就业支出（类）抚恤（款）伤残抚恤（项）", "2080802"),
    (
        "（7）社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）",
        "2089901",
    ),
    ("（1）卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）", "2101101"),
    ("（2）卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）", "2101102"),
    ("（3）卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗支出（项）", "2101199"),
    ("（4）卫生健康支出（类）医疗保障管理事务（款）", "21015"),
    ("①卫生健康支出（类）医疗保障管理事务（款）行政运行（项）", "2101501"),
    ("②卫生健康支出（类）医疗保障管理事务（款）一般行政管理事务（项）", "2101502"),
    ("③卫生健康支出（类）医疗保障管理事务（款）医疗保障经办事务（项）", "2101506"),
    ("④卫生健康支出（类）医疗保障管理事务（款）事业运行（项）", "2101550"),
    ("⑤卫生健康支出（类）医疗保障管理事务（款）其他医疗保障管理事务支出（项）", "2101599"),
    ("（1）住房保障支出（类）住房改革支出（款）住房公积金（项）", "2210201"),
    ("16.社会保障和就业（类）行政事业单位离退休（款）行政单位离退休（项）", "2080501"),
    ("17.社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）", "2080502"),
    (
        "18.社会保障和就业支出（类）行政事业单位养老支出（款）"
        "机关事业单位基本养老保险缴费支出（项）",
        "2080505",
    ),
    (
        "19.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）",
        "2080506",
    ),
    ("20.社会保障和就业（类）抚恤（款）死亡抚恤（项）", "2080801"),
    ("21.社会保障和就业（类）抚恤（款）伤残抚恤（项）", "2080802"),
    (
        "22.社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）",
        "2089901",
    ),
    ("23.医疗卫生与计划生育（类）行政事业单位医疗（款）行政单位医疗（项）", "2101101"),
    ("24.卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）", "2101102"),
    ("25.卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗支出（项）", "2101199"),
    ("26.卫生健康支出（类）医疗保障管理事务（款）行政运行（项）", "2101501"),
    ("27.卫生健康支出（类）医疗保障管理事务（款）一般行政管理事务（项）", "2101502"),
    ("28.卫生健康支出（类）医疗保障管理事务（款）医疗保障经办事务（项）", "2101506"),
    ("29.卫生健康支出（类）医疗保障管理事务（款）事业运行（项）", "2101550"),
    ("30.卫生健康支出（类）医疗保障管理事务（款）其他医疗保障管理事务支出（项）", "2101599"),
    ("31.住房保障支出（类）住房改革支出（款）住房公积金（项）", "2210201"),
]

SEED_CASES = [(SEED_002, 2024, p, c) for p, c in SEED_002_LINES] + [
    (SEED_003, 2020, p, c) for p, c in SEED_003_LINES
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("seed", "year", "phrase", "expected"), SEED_CASES)
def test_seed_phrase_resolves(seed: str, year: int, phrase: str, expected: str) -> None:
    seed_text = (SEED_DIR / seed).read_text(encoding="utf-8")
    assert _squash(phrase) in _squash(seed_text), "phrase must be copied from the seed"
    names = parse_function_phrase(phrase)
    assert len(names) == {3: 1, 5: 2, 7: 3}[len(expected)]
    assert resolve_function(names, year) == expected
    assert resolve_function(names) == expected
    assert resolve_function_phrase(phrase, year) == expected


def test_every_function_phrase_of_seeds_002_and_003_is_listed() -> None:
    """The explicit lists above cover each 类/款/项 phrase the two seeds print."""
    for seed, listed in ((SEED_002, SEED_002_LINES), (SEED_003, SEED_003_LINES)):
        text = _squash((SEED_DIR / seed).read_text(encoding="utf-8"))
        printed = len(re.findall(r"（类）", text))
        assert printed == len(listed), seed


def test_category_totals() -> None:
    assert resolve_function(["社会保障和就业支出"]) == "208"
    assert resolve_function(["卫生健康支出"]) == "210"
    assert resolve_function(["住房保障支出"]) == "221"
    assert resolve_function(["住房保障"]) == "221"
    assert resolve_function(["灾害防治及应急管理支出"]) == "224"


def test_historical_names() -> None:
    assert resolve_function(["医疗卫生与计划生育支出"]) == "210"
    assert resolve_function(["医疗卫生与计划生育"], 2016) == "210"
    assert resolve_function(["社会保障和就业", "行政事业单位离退休"], 2019) == "20805"
    assert resolve_function(["社会保障和就业", "行政事业单位养老支出"], 2020) == "20805"
    old = ["社会保障和就业", "行政事业单位离退休", "归口管理的行政单位离退休"]
    assert resolve_function(old, 2019) == "2080501"
    assert resolve_function(["文化体育与传媒支出"]) == "207"
    assert resolve_function(["国土海洋气象等支出"]) == "220"


def test_stale_medical_insurance_names_depend_on_year() -> None:
    """Seed 000 (2019) still prints the pre-2018 医疗保障（款） in its glossary."""
    phrase = "13.医疗卫生与计划生育（类）医疗保障（款）行政单位医疗（项）：反映财政部门"
    assert resolve_function_phrase(phrase, 2019) == "2101101"
    assert resolve_function_phrase(phrase) == "2101101"
    assert resolve_function_phrase(phrase, 2016) == "2100501"


def test_parent_chain_decides_shared_names() -> None:
    assert resolve_function(["社会保障和就业支出", "人力资源和社会保障管理事务", "行政运行"]) == (
        "2080101"
    )
    assert resolve_function(["卫生健康支出", "医疗保障管理事务", "行政运行"]) == "2101501"
    assert resolve_function(["一般公共服务", "财政事务", "行政运行"]) == "2010601"
    assert resolve_function(["一般公共服务支出", "财政事务", "事业运行（财政事务）"]) == "2010650"


def test_bracket_widths_spaces_and_line_breaks() -> None:
    half = "社会保障和就业支出(类)行政事业单位养老支出(款)行政单位离退休(项)"
    assert resolve_function_phrase(half) == "2080501"
    messy = "卫生健康 支出（类）\n医疗保障\r\n管理事务（ 款 ）行政\u3000运行(项)2414.06 万元"
    assert parse_function_phrase(messy) == ["卫生健康支出", "医疗保障管理事务", "行政运行"]
    assert resolve_function_phrase(messy) == "2101501"
    assert resolve_function_phrase("8. 一般公共服务(类)财政事务(款)财政国库业务(项):") == "2010605"
    assert normalize_name(" 因公出国（境）\n费用 ") == "因公出国(境)费用"


def test_unresolvable_returns_none() -> None:
    assert resolve_function(["火星探索支出"]) is None
    assert resolve_function(["卫生健康支出", "不存在的款"]) is None
    assert resolve_function(["卫生健康支出", "行政运行"]) is None  # a 项 name, not a 款
    assert resolve_function(["行政运行"]) is None
    assert resolve_function([]) is None
    assert resolve_function(["卫生健康支出", "", "行政运行"]) is None
    assert resolve_function_phrase("与上年相比，今年支出减少 1052.18 万元") is None
    assert parse_function_phrase("医疗保障管理事务（款）行政运行（项）") == []


# --- CSV integrity -------------------------------------------------------------------------

CSV_FILES = [
    "function_codes.csv",
    "economic_department.csv",
    "economic_government.csv",
]


@pytest.mark.parametrize("name", CSV_FILES)
def test_codes_unique_parents_exist_levels_match(name: str) -> None:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate codes"
    known = set(codes)
    for row in rows:
        code = row["code"]
        assert code.isdigit(), code
        assert int(row["level"]) == LEVEL_BY_LENGTH[len(code)], code
        assert row["name"].strip() == row["name"] and row["name"], code
        if len(code) == 3:
            assert row["parent_code"] == "", code
        else:
            assert row["parent_code"] == code[: len(code) - 2], code
            assert row["parent_code"] in known, code
        for bound in ("valid_from", "valid_to"):
            assert row[bound] == "" or row[bound].isdigit(), code


def test_economic_schemes_are_separate() -> None:
    dept = load_economic_codes("department")
    gov = load_economic_codes("government")
    assert all(ec.code[0] == "3" and ec.scheme == "department" for ec in dept)
    assert all(ec.code[0] == "5" and ec.scheme == "government" for ec in gov)
    assert "302040" not in {ec.code for ec in dept}  # seed 000 template typo for 30240


def test_name_history_covers_every_code() -> None:
    codes = function_codes_by_code()
    history = load_name_history()
    assert all(alias.code in codes for alias in history)
    pairs = [(a.code, a.name) for a in history]
    assert len(pairs) == len(set(pairs))
    named = {(a.code, a.name) for a in history}
    assert all((fc.code, fc.name) in named for fc in load_function_codes())


_SEED_CODE_RE = re.compile(
    r"^\s*((?:20[1-9]|21\d|22\d|23[0-4]|30[1-9]|31[0-3]|399|50[1-9]|51[0-4]|599)"
    r"(?:\d{2}|\d{4})?)(?:\s+[\u4e00-\u9fff（*]|\s*$)"
)


def test_every_code_printed_in_the_seeds_is_known() -> None:
    function = set(function_codes_by_code())
    economic = {ec.code for s in ("department", "government") for ec in load_economic_codes(s)}
    missing: set[str] = set()
    seen = 0
    for seed in sorted(SEED_DIR.glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            match = _SEED_CODE_RE.match(line)
            if match:
                seen += 1
                code = match.group(1)
                if code not in (function if code[0] == "2" else economic):
                    missing.add(code)
    assert seen > 100
    assert not missing
