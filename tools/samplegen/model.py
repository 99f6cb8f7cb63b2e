"""Typed view of the sample transcriptions (data/samples/FORMAT.md).

The renderer only needs what gets printed, so the loader keeps the print-relevant fields and
coerces every value to the string that the original PDF shows. Loading is lenient about shape
(short rows are padded) but says so on stderr: a silent fix would hide a transcription slip.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

AMOUNT_KEY = "amount"
CODE_KEYS = frozenset({"code", "code_lei", "code_kuan", "code_xiang"})


def text_of(value: Any) -> str:
    """Printed form of a YAML scalar: None is blank, everything else as str."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def _warn(where: str, message: str) -> None:
    print(f"samplegen: {where}: {message}", file=sys.stderr)


@dataclass(frozen=True)
class HeaderCell:
    """One printed header cell; spans follow HTML table semantics."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class GridTable:
    """A table of figures: header rows, leaf column keys, body rows of strings."""

    file_id: str
    number: str | None
    title: str
    kind: str
    unit_line: str | None
    extra_lines: tuple[str, ...]
    landscape: bool
    empty: bool
    header: tuple[tuple[HeaderCell, ...], ...]
    column_keys: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]

    def is_amount(self, col: int) -> bool:
        """True for columns whose figures are right-aligned amounts."""
        return self.column_keys[col] == AMOUNT_KEY

    def amount_strings(self) -> list[str]:
        """Every non-empty amount cell as printed (the extraction oracle)."""
        return [
            row[i]
            for row in self.rows
            for i in range(len(self.column_keys))
            if self.is_amount(i) and row[i]
        ]


@dataclass(frozen=True)
class KpiBlock:
    """One bordered 绩效目标 block: header fields, indicator grid, extra rows."""

    project: str | None
    fields: tuple[tuple[str, str], ...]
    indicator_header: tuple[str, ...]
    indicators: tuple[dict[str, str], ...]
    extra_rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class KpiTable:
    """A performance-goal table, printed as a stack of blocks."""

    file_id: str
    number: str | None
    title: str
    kind: str
    unit_line: str | None
    year_line: str | None
    extra_lines: tuple[str, ...]
    landscape: bool
    blocks: tuple[KpiBlock, ...]
    header: tuple[tuple[HeaderCell, ...], ...] = ()  # Sichuan: one wide grid, a row band per block


Table = GridTable | KpiTable


@dataclass(frozen=True)
class NarrativeItem:
    """A figure stated in the 情况说明 text; `text` is the printed fragment if given."""

    kind: str
    text: str | None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """A whole disclosure: metadata, narrative figures and its tables in printed order."""

    doc_id: str
    seed: str | None
    title: str
    publisher: str
    unit_code: str | None
    department: str | None
    fiscal_year: int | None
    doc_kind: str
    scope: str
    money_unit: str
    unit_names: tuple[str, ...]
    narrative: tuple[NarrativeItem, ...]
    tables: tuple[Table, ...]


def _header_cell(raw: Any) -> HeaderCell:
    if isinstance(raw, dict):
        return HeaderCell(
            text=text_of(raw.get("text")),
            colspan=int(raw.get("colspan") or 1),
            rowspan=int(raw.get("rowspan") or 1),
        )
    return HeaderCell(text=text_of(raw))


def _header(raw: Any) -> tuple[tuple[HeaderCell, ...], ...]:
    return tuple(tuple(_header_cell(c) for c in row or []) for row in raw or [])


def _row_cells(raw: Any) -> list[Any]:
    if isinstance(raw, dict):
        cells = raw.get("cells")
        return list(cells) if isinstance(cells, list) else []
    return list(raw) if isinstance(raw, list) else [raw]


def _fit_row(cells: list[Any], width: int, where: str) -> tuple[str, ...]:
    if len(cells) != width:
        _warn(where, f"row has {len(cells)} cells for {width} columns: {cells!r}")
    out = [text_of(c) for c in cells[:width]]
    return tuple(out + [""] * (width - len(out)))


def _strings(raw: Any) -> tuple[str, ...]:
    if not raw:
        return ()
    if isinstance(raw, list):
        return tuple(text_of(x) for x in raw if text_of(x))
    return (text_of(raw),)


def _grid_table(file_id: str, data: dict[str, Any], where: str) -> GridTable:
    columns = data.get("columns") or []
    keys = tuple(text_of(c.get("key")) if isinstance(c, dict) else text_of(c) for c in columns)
    header = _header(data.get("header"))
    rows = tuple(_fit_row(_row_cells(r), len(keys), where) for r in data.get("rows") or [])
    return GridTable(
        file_id=file_id,
        number=text_of(data.get("number")) or None,
        title=text_of(data.get("title")),
        kind=text_of(data.get("kind")),
        unit_line=text_of(data.get("unit_line")) or None,
        extra_lines=_strings(data.get("extra_lines")),
        landscape=bool(data.get("landscape")),
        empty=bool(data.get("empty")),
        header=header,
        column_keys=keys,
        rows=rows,
        notes=_strings(data.get("notes")),
    )


def _kpi_block(raw: dict[str, Any]) -> KpiBlock:
    fields_raw = raw.get("fields") or {}
    fields = tuple((text_of(k), text_of(v)) for k, v in fields_raw.items())
    indicators = tuple(
        {text_of(k): text_of(v) for k, v in (ind or {}).items()}
        for ind in raw.get("indicators") or []
    )
    extra = tuple(tuple(text_of(c) for c in _row_cells(r)) for r in raw.get("extra_rows") or [])
    return KpiBlock(
        project=text_of(raw.get("project")) or None,
        fields=fields,
        indicator_header=tuple(text_of(h) for h in raw.get("indicator_header") or []),
        indicators=indicators,
        extra_rows=extra,
    )


def _kpi_table(file_id: str, data: dict[str, Any]) -> KpiTable:
    return KpiTable(
        file_id=file_id,
        number=text_of(data.get("number")) or None,
        title=text_of(data.get("title")),
        kind=text_of(data.get("kind")),
        unit_line=text_of(data.get("unit_line")) or None,
        year_line=text_of(data.get("year_line")) or None,
        extra_lines=_strings(data.get("extra_lines")),
        landscape=bool(data.get("landscape")),
        blocks=tuple(_kpi_block(b) for b in data.get("blocks") or [] if isinstance(b, dict)),
        header=_header(data.get("header")),
    )


def load_table(path: Path) -> Table:
    """Load one tables/tNN.yaml; `blocks` marks a KPI table, anything else is a grid."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: top level is not a mapping")
    if data.get("blocks") is not None:
        return _kpi_table(path.stem, data)
    return _grid_table(path.stem, data, str(path))


def _narrative(raw: Any) -> tuple[NarrativeItem, ...]:
    items: list[NarrativeItem] = []
    for entry in raw or []:
        if not isinstance(entry, dict):
            continue
        text = text_of(entry.get("text")) or None
        values = {k: v for k, v in entry.items() if k not in ("kind", "text")}
        items.append(NarrativeItem(kind=text_of(entry.get("kind")), text=text, values=values))
    return tuple(items)


def load_document(doc_dir: Path) -> Document:
    """Load <doc>/document.yaml and its tables/tNN.yaml files in file-name order."""
    meta = yaml.safe_load((doc_dir / "document.yaml").read_text(encoding="utf-8")) or {}
    tables_dir = doc_dir / "tables"
    paths = sorted(tables_dir.glob("t*.yaml")) if tables_dir.is_dir() else []
    units = meta.get("units") or []
    year = meta.get("fiscal_year")
    return Document(
        doc_id=doc_dir.name,
        seed=text_of(meta.get("seed")) or None,
        title=text_of(meta.get("title")) or doc_dir.name,
        publisher=text_of(meta.get("publisher")),
        unit_code=text_of(meta.get("unit_code")) or None,
        department=text_of(meta.get("department")) or None,
        fiscal_year=int(year) if year is not None else None,
        doc_kind=text_of(meta.get("doc_kind")) or "budget",
        scope=text_of(meta.get("scope")) or "department",
        money_unit=text_of(meta.get("money_unit")) or "万元",
        unit_names=tuple(text_of(u.get("name")) for u in units if isinstance(u, dict)),
        narrative=_narrative(meta.get("narrative")),
        tables=tuple(load_table(p) for p in paths),
    )
