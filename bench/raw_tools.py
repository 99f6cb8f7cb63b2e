"""The tools a user would pick instead: raw pdfplumber, camelot (lattice), tabula-py.

Each opens every page and extracts tables with its defaults; accuracy is the share of expected
amounts found among the extracted cell strings (a generous yardstick: no grain, only the
figure), so it bounds what a pipeline on top of that tool could reach.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from warehouse.synthetic.corpus import CorpusDocument, load_expected

_NUMBER = re.compile(r"-?[\d,]+(?:\.\d+)?")
Extractor = Callable[[Path], Iterable[str]]


@dataclass(frozen=True)
class ToolRun:
    tool: str
    seconds: float
    pages: int
    found: int
    expected: int
    note: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def accuracy(self) -> float:
        return self.found / self.expected if self.expected else 0.0


def pdfplumber_cells(pdf: Path) -> Iterable[str]:
    import pdfplumber

    with pdfplumber.open(pdf) as opened:
        for page in opened.pages:
            for table in page.extract_tables():
                for row in table:
                    yield from (cell for cell in row if cell)
            page.flush_cache()


def camelot_cells(pdf: Path) -> Iterable[str]:
    import camelot

    tables: list[Any] = camelot.read_pdf(  # type: ignore[attr-defined]
        str(pdf), pages="all", flavor="lattice"
    )
    for table in tables:
        for row in table.df.itertuples(index=False):
            yield from (str(cell) for cell in row if cell)


def tabula_cells(pdf: Path) -> Iterable[str]:
    import tabula

    frames: list[Any] = tabula.read_pdf(  # type: ignore[attr-defined,assignment]
        str(pdf), pages="all", multiple_tables=True, silent=True
    )
    for frame in frames:
        yield from (str(c) for c in frame.columns)
        for row in frame.itertuples(index=False):
            yield from (str(cell) for cell in row if cell == cell)  # NaN != NaN


TOOLS: dict[str, Extractor] = {
    "pdfplumber": pdfplumber_cells,
    "camelot-lattice": camelot_cells,
    "tabula-py": tabula_cells,
}


def _amounts(cells: Iterable[str]) -> set[Decimal]:
    found: set[Decimal] = set()
    for cell in cells:
        for match in _NUMBER.findall(cell.replace(" ", "").replace("\n", "")):
            try:
                found.add(Decimal(match.replace(",", "")))
            except InvalidOperation:
                continue
    return found


def run_tool(name: str, docs: list[CorpusDocument]) -> ToolRun:
    """Time one tool over the corpus; a tool that is not installed is reported, not raised."""
    extract = TOOLS[name]
    seconds = 0.0
    found = expected = pages = 0
    for doc in docs:
        facts = load_expected(doc)
        started = time.perf_counter()
        try:
            amounts = _amounts(extract(doc.pdf))
        except ImportError as exc:
            return ToolRun(name, 0.0, 0, 0, 0, f"not installed ({exc.name})")
        except Exception as exc:  # a tool that fails on a document scores nothing for it
            amounts = set()
            note = f"failed on {doc.doc_id}: {type(exc).__name__}"
            print(f"  {name}: {note}")
        seconds += time.perf_counter() - started
        pages += doc.pages
        expected += len(facts)
        found += sum(1 for f in facts if f.amount in amounts or f.amount * 10000 in amounts)
    return ToolRun(name, seconds, pages, found, expected)
