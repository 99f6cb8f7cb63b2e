"""Peak memory of one worker parsing a long document (500 pages and more), in a fresh
spawned process so the figure is that document's alone."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from warehouse.synthetic.corpus import CorpusDocument, plan, render_document


@dataclass(frozen=True)
class MemoryRun:
    pages: int
    seconds: float
    baseline_mb: float  # the worker after importing the pipeline
    peak_mb: float
    facts: int
    checks: int


def long_document(out: Path, seed: int, pages: int = 500) -> CorpusDocument:
    """A disclosure whose tables are printed over and over until it has about `pages` pages."""
    variant = plan(2, seed)[1]  # a 2023-style unit budget, 27 pages of which ~22 are tables
    repeat = max(1, pages // 21)
    return render_document(variant, out / "long", repeat=repeat)


def _parse_in_worker(pdf: str) -> tuple[float, int, int, int, int]:
    from warehouse.extract.source import extract_document
    from warehouse.load.parallel import peak_rss_kb
    from warehouse.parse.document import parse_document

    baseline = peak_rss_kb()
    started = time.perf_counter()
    staged = parse_document(extract_document(Path(pdf)))
    seconds = time.perf_counter() - started
    peak = peak_rss_kb()
    return seconds, baseline, peak, len(staged.facts), len(staged.checks)


def measure(doc: CorpusDocument) -> MemoryRun:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        seconds, baseline, peak, facts, checks = pool.submit(
            _parse_in_worker, str(doc.pdf)
        ).result()
    return MemoryRun(doc.pages, seconds, baseline / 1024, peak / 1024, facts, checks)
