"""Ingest with a pool of worker processes: extraction and parsing in the workers, loading here.

PDF parsing is CPU bound and per document, so it scales across processes; loading stays in the
parent, one transaction per document, through the same functions as the serial `ingest` — so
the rules do not change: a document is loaded whole or not at all, the same bytes are skipped
by their hash, and a failure quarantines that document only. Results are loaded in input
order, which keeps document ids and the run log identical to a serial run.

Workers are started with the spawn method (no forked database connections, safe on every
platform); about `2 × workers` documents wait at once, so memory stays bounded on
thousands of files.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.source import extract_document
from warehouse.load.ingest import (
    DocumentOutcome,
    IngestReport,
    admit,
    collect_sources,
    finish_run,
    load_outcome,
    quarantine,
    start_run,
)
from warehouse.marts.refresh import refresh_if_stale
from warehouse.parse.document import parse_document
from warehouse.parse.staging import StagedDocument


@dataclass(frozen=True)
class ParseResult:
    """What a worker sends back: the staged document, or the stage and reason it failed."""

    staged: StagedDocument | None
    stage: str
    reason: str | None = None
    detail: str | None = None
    seconds: float = 0.0
    peak_rss_kb: int = 0  # the worker process's high-water mark so far


def extract_and_parse(path: Path, data: bytes) -> ParseResult:
    """The worker's job; never raises, so a bad document cannot break the pool."""
    started = time.perf_counter()
    stage = "extract"
    try:
        extracted = extract_document(path, data)
        stage = "parse"
        staged = parse_document(extracted)
    except DocumentRejected as exc:
        return _result(None, exc.stage, started, exc.reason, exc.detail)
    except Exception as exc:  # any failure quarantines this document only
        reason = f"{type(exc).__name__}: {exc}"
        return _result(None, stage, started, reason, traceback.format_exc())
    return _result(staged, "load", started)


def _result(
    staged: StagedDocument | None,
    stage: str,
    started: float,
    reason: str | None = None,
    detail: str | None = None,
) -> ParseResult:
    return ParseResult(
        staged=staged,
        stage=stage,
        reason=reason,
        detail=detail,
        seconds=time.perf_counter() - started,
        peak_rss_kb=peak_rss_kb(),
    )


def peak_rss_kb() -> int:
    """This process's resident high-water mark. Linux's VmHWM belongs to the process image;
    ru_maxrss would also count the parent's memory copied at fork before the spawn's exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@dataclass(frozen=True)
class _Pending:
    path: Path
    digest: str
    admission_seq: int
    future: Future[ParseResult]


def ingest_parallel(
    engine: Engine,
    paths: Iterable[Path],
    workers: int,
    command: str = "ingest",
    progress: Callable[[DocumentOutcome], None] | None = None,
    on_parsed: Callable[[Path, ParseResult], None] | None = None,
) -> IngestReport:
    """Like `ingest`, with extraction and parsing spread over `workers` processes (1 parses
    in this process); loading stays here, one transaction per document."""
    report = IngestReport(run_id=start_run(engine, command))
    seen: set[str] = set()
    pending: deque[_Pending] = deque()

    def drain(limit: int) -> None:
        while len(pending) > limit:
            item = pending.popleft()
            result = _parse_result(item.future)
            if on_parsed is not None:
                on_parsed(item.path, result)
            outcome = _load_result(engine, item, report.run_id, result)
            _record(report, outcome, progress)

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(workers, 1), mp_context=context) as pool:

        def submit(path: Path, data: bytes) -> Future[ParseResult]:
            if workers > 1:
                try:
                    return pool.submit(extract_and_parse, path, data)
                except BrokenProcessPool:
                    pass  # a worker died earlier: parse the rest in this process
            return _completed(extract_and_parse(path, data))

        for path in collect_sources(paths):
            outcome = admit(engine, path, report.run_id, seen)
            if isinstance(outcome, DocumentOutcome):
                drain(0)  # keep the run log in input order
                _record(report, outcome, progress)
                continue
            future = submit(path, outcome.data)
            pending.append(_Pending(path, outcome.digest, outcome.admission_seq, future))
            drain(2 * workers)
        drain(0)
    finish_run(engine, report)
    refresh_if_stale(engine)  # facts and marts are queryable when the run returns
    return report


def _parse_result(future: Future[ParseResult]) -> ParseResult:
    """A worker's result; a worker that died (killed, out of memory) fails its document only."""
    try:
        return future.result()
    except Exception as exc:
        reason = f"worker process failed: {type(exc).__name__}: {exc}"
        return ParseResult(None, "extract", reason)


def _completed(result: ParseResult) -> Future[ParseResult]:
    future: Future[ParseResult] = Future()
    future.set_result(result)
    return future


def _record(
    report: IngestReport,
    outcome: DocumentOutcome,
    progress: Callable[[DocumentOutcome], None] | None,
) -> None:
    report.outcomes.append(outcome)
    if progress is not None:
        progress(outcome)


def _load_result(
    engine: Engine, item: _Pending, run_id: int, result: ParseResult
) -> DocumentOutcome:
    """The load stage of one parsed document, with the serial path's failure rules."""
    if result.staged is None:
        reason = result.reason or "unknown failure"
        return quarantine(
            engine, item.path, item.digest, run_id, result.stage, reason, result.detail
        )
    return load_outcome(engine, result.staged, item.path, item.digest, run_id, item.admission_seq)
