"""Ingest with guarded worker processes: extraction and parsing there, loading here.

PDF parsing is CPU bound and per document, so it scales across processes; loading stays in
the parent, one transaction per document, through the same functions as the serial
`ingest` — so the rules do not change: a document is loaded whole or not at all, the same
bytes are skipped by their hash, and a failure quarantines that document only. The workers
hold every document to the resource limits (wall time, memory; warehouse.load.worker), so
one hostile file cannot stop the run. Results are loaded in input order, which keeps
document ids and the run log identical to a serial run.

Workers are started with the spawn method (no forked database connections, safe on every
platform); about `2 × workers` documents wait at once, so memory stays bounded on
thousands of files.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from warehouse.extract.limits import ResourceLimits
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
from warehouse.load.worker import GuardedPool, ParseResult
from warehouse.marts.refresh import refresh_if_stale

__all__ = ["ParseResult", "ingest_parallel"]


@dataclass(frozen=True)
class _Pending:
    path: Path
    digest: str
    admission_seq: int


def ingest_parallel(
    engine: Engine,
    paths: Iterable[Path],
    workers: int,
    command: str = "ingest",
    progress: Callable[[DocumentOutcome], None] | None = None,
    on_parsed: Callable[[Path, ParseResult], None] | None = None,
    limits: ResourceLimits | None = None,
) -> IngestReport:
    """Like `ingest`, with extraction and parsing in `workers` guarded processes (at least
    one); loading stays here, one transaction per document."""
    report = IngestReport(run_id=start_run(engine, command))
    seen: set[str] = set()
    pending: deque[_Pending] = deque()
    results: dict[Hashable, ParseResult] = {}
    pool = GuardedPool(max(workers, 1), limits or ResourceLimits.from_env())

    def drain(limit: int) -> None:
        while len(pending) > limit:
            item = pending[0]
            while item.admission_seq not in results:
                results.update(pool.collect())
            pending.popleft()
            result = results.pop(item.admission_seq)
            if on_parsed is not None:
                on_parsed(item.path, result)
            outcome = _load_result(engine, item, report.run_id, result)
            _record(report, outcome, progress)

    try:
        for path in collect_sources(paths):
            outcome = admit(engine, path, report.run_id, seen)
            if isinstance(outcome, DocumentOutcome):
                drain(0)  # keep the run log in input order
                _record(report, outcome, progress)
                continue
            pool.submit(outcome.admission_seq, path, outcome.data)
            pending.append(_Pending(path, outcome.digest, outcome.admission_seq))
            drain(2 * max(workers, 1))
        drain(0)
    finally:
        pool.close()
    finish_run(engine, report)
    refresh_if_stale(engine)  # facts and marts are queryable when the run returns
    return report


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
