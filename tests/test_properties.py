"""Property-based tests (hypothesis) for the number parser, the code reader and the text
front end: the forms the seeds garble numbers into, full-width digits, split code columns."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse.extract.text_source import read_text_document
from warehouse.parse.code_rows import read_row
from warehouse.parse.header import Column
from warehouse.parse.numbers import NotANumber, parse_amount

AMOUNTS = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def printed(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@st.composite
def spaced(draw: st.DrawFn, text: str) -> str:
    """The number with spaces inserted anywhere, as text extraction leaves it (236 ,02 3.0 6)."""
    out = []
    for ch in text:
        out.append(ch)
        if draw(st.booleans()) and draw(st.booleans()):
            out.append(" " * draw(st.integers(1, 2)))
    return "".join(out).strip()


@given(AMOUNTS, st.data())
def test_split_numbers_parse_to_the_printed_amount(amount: Decimal, data: st.DataObject) -> None:
    text = data.draw(spaced(printed(amount)))
    assert parse_amount(text) == amount


@given(AMOUNTS)
def test_full_width_digits_parse_like_ascii(amount: Decimal) -> None:
    assert parse_amount(printed(amount).translate(FULL_WIDTH)) == amount


@given(AMOUNTS, st.sampled_from(["", " ", "\u3000", "-", "—", "……", " \u3000 "]))
def test_blank_cells_are_nothing_not_zero(amount: Decimal, blank: str) -> None:
    assert parse_amount(blank) is None
    assert parse_amount(printed(amount) + "\u3000") == amount


@given(st.text(alphabet="万元合计科目名称项目abc", min_size=1, max_size=8))
def test_words_are_not_amounts(word: str) -> None:
    try:
        parse_amount(word)
    except NotANumber:
        return
    raise AssertionError(f"{word!r} parsed as an amount")


LEI = st.sampled_from(["208", "210", "221", "229", "201"])


@given(LEI, st.integers(1, 99), st.integers(1, 99), st.booleans())
def test_split_code_columns_join_to_the_seven_digit_code(
    lei: str, kuan: int, xiang: int, padded: bool
) -> None:
    columns = [
        Column(index=0, path=("科目编码", "类"), role="code_lei"),
        Column(index=1, path=("科目编码", "款"), role="code_kuan"),
        Column(index=2, path=("科目编码", "项"), role="code_xiang"),
        Column(index=3, path=("科目名称",), role="name"),
    ]
    fmt = "{:02d}" if padded else "{}"
    row = [lei, fmt.format(kuan), fmt.format(xiang), "某项支出"]
    key = read_row(row, columns, "function")
    assert key.code == f"{lei}{kuan:02d}{xiang:02d}"


CODES = st.sampled_from(["208", "20805", "2080505", "210", "21011", "2101102", "221", "22102"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(CODES, AMOUNTS, AMOUNTS), min_size=1, max_size=12), st.data())
def test_text_front_end_keeps_every_cell_of_a_tab_separated_table(
    rows: list[tuple[str, Decimal, Decimal]], data: st.DataObject
) -> None:
    lines = [
        "示例单位2023年单位预算",
        "",
        "支出预算总表",
        "表 3",
        "单位：万元",
        "",
        "科目编码\t科目名称\t合计\t基本支出",
        "\t合计\t1.00\t1.00",
    ]
    for code, total, basic in rows:
        lines.append(f"{code}\t名称{code}\t{data.draw(spaced(printed(total)))}\t{printed(basic)}")
    document = read_text_document("\n".join(lines).encode(), "x.txt", "0" * 64)
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.title == "支出预算总表"
    body = table.rows[-len(rows) :]
    for (code, total, basic), cells in zip(rows, body, strict=True):
        assert cells[0] == code
        assert parse_amount(cells[2]) == total
        assert parse_amount(cells[3]) == basic
