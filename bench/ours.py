"""Our pipeline on the corpus: end to end, per stage, load rate, refresh, accuracy."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text

from warehouse.extract.source import extract_document
from warehouse.load.ingest import IngestReport, ingest, load_staged, start_run
from warehouse.load.parallel import ParseResult, ingest_parallel
from warehouse.parse.document import parse_document
from warehouse.parse.staging import StagedDocument
from warehouse.synthetic.corpus import CorpusDocument, load_expected, render_document
from warehouse.synthetic.verify import Accuracy, accuracy


@dataclass
class EndToEnd:
    workers: int
    seconds: float
    pages: int
    report: IngestReport
    worker_peak_kb: list[int] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def pages_per_second_per_core(self) -> float:
        return self.pages_per_second / self.workers


def end_to_end(engine: Engine, docs: list[CorpusDocument], workers: int) -> EndToEnd:
    """PDF → facts committed, into an empty warehouse."""
    peaks: list[int] = []

    def note(_path: Path, result: ParseResult) -> None:
        peaks.append(result.peak_rss_kb)

    started = time.perf_counter()
    report = ingest_parallel(engine, [d.pdf for d in docs], workers, on_parsed=note)
    seconds = time.perf_counter() - started
    return EndToEnd(workers, seconds, sum(d.pages for d in docs), report, peaks)


def corpus_accuracy(engine: Engine, docs: list[CorpusDocument], report: IngestReport) -> Accuracy:
    """Exact-grain agreement over the corpus, summed over documents."""
    totals = [0, 0, 0, 0]
    with engine.connect() as conn:
        for doc, outcome in zip(docs, report.outcomes, strict=True):
            facts = load_expected(doc)
            if outcome.document_id is None:
                totals[0] += len(facts)
                continue
            got = accuracy(conn, outcome.document_id, facts)
            for i, value in enumerate((got.expected, got.correct, got.wrong, got.extra)):
                totals[i] += value
    return Accuracy(*totals)


@dataclass
class Stages:
    extract: float = 0.0
    parse: float = 0.0
    load: float = 0.0
    facts: int = 0
    pages: int = 0

    @property
    def facts_per_second(self) -> float:
        return self.facts / self.load if self.load else 0.0


def stages(engine: Engine, docs: list[CorpusDocument]) -> Stages:
    """The serial pipeline timed stage by stage (the load stage alone gives the load rate)."""
    result = Stages()
    staged: list[tuple[Path, StagedDocument]] = []
    for doc in docs:
        data = doc.pdf.read_bytes()
        t0 = time.perf_counter()
        extracted = extract_document(doc.pdf, data)
        t1 = time.perf_counter()
        staged.append((doc.pdf, parse_document(extracted)))
        t2 = time.perf_counter()
        result.extract += t1 - t0
        result.parse += t2 - t1
        result.pages += doc.pages
    run_id = start_run(engine, "bench load")
    t0 = time.perf_counter()
    for path, one in staged:
        load_staged(engine, one, path, run_id)
        result.facts += len(one.facts)
    result.load = time.perf_counter() - t0
    return result


def refresh(engine: Engine, paths: list[Path]) -> tuple[float, IngestReport]:
    started = time.perf_counter()
    report = ingest(engine, paths, command="bench refresh")
    return time.perf_counter() - started, report


@dataclass(frozen=True)
class ChangedRun:
    outcome: str
    parse_seconds: float  # the document's own extract + parse, measured apart
    seconds: float  # ingest (hash, parse, load, supersede, mart refresh) and mart reads


def changed_document(engine: Engine, doc: CorpusDocument, tag: int) -> ChangedRun:
    """Re-issue one loaded document with other figures, load it (it supersedes the old one,
    the marts are refreshed) and read its unit's rows from the three marts."""
    variant = dataclasses.replace(doc.variant, index=90000 + tag, scale=doc.variant.scale + tag)
    changed = render_document(variant, doc.pdf.parent.parent / "changed")
    t0 = time.perf_counter()
    parse_document(extract_document(changed.pdf))
    parse_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    _, report = refresh(engine, [changed.pdf])
    with engine.connect() as conn:
        for mart in ("mart.expenditure_yoy", "mart.budget_vs_actual", "mart.three_public"):
            conn.execute(
                text(
                    f"SELECT count(*) FROM {mart} WHERE unit_id = "
                    "(SELECT unit_id FROM core.dim_document ORDER BY document_id DESC LIMIT 1)"
                )
            ).scalar_one()
    return ChangedRun(report.outcomes[0].outcome, parse_seconds, time.perf_counter() - t0)
