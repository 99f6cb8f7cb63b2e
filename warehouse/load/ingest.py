"""Ingest files: extract -> parse -> load, one transaction per document.

A document that fails any stage is quarantined (one ops row per content hash, with the
failing stage and reason) and the run goes on with the next file. Nothing of a failed
document reaches core: its transaction is rolled back before the quarantine row is written.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, delete, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from warehouse.db.models import DocumentLoad, IngestRun, Quarantine
from warehouse.extract.errors import DocumentRejected
from warehouse.extract.file_names import exact_bytes, printable
from warehouse.extract.source import extract_document, sha256_of
from warehouse.faults import pause_at
from warehouse.load.loader import document_exists, load_document, next_admission
from warehouse.marts.refresh import refresh_if_stale
from warehouse.parse.document import parse_document
from warehouse.parse.staging import StagedDocument

SOURCE_SUFFIXES = {".pdf", ".txt"}
Outcome = Literal["loaded", "skipped", "quarantined"]


@dataclass(frozen=True)
class DocumentOutcome:
    path: Path
    sha256: str
    outcome: Outcome
    document_id: int | None = None
    stage: str | None = None
    reason: str | None = None
    facts: int = 0
    issues: int = 0


@dataclass
class IngestReport:
    run_id: int
    outcomes: list[DocumentOutcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def ok(self) -> bool:
        return self.count("quarantined") == 0


def collect_sources(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named explicitly, and every .pdf/.txt below named folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
            )
        else:
            yield path


def start_run(engine: Engine, command: str) -> int:
    """An ops.ingest_run row that every attempt of this run points to."""
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(IngestRun).values(command=command).returning(IngestRun.run_id)
            ).scalar_one()
        )


def finish_run(engine: Engine, report: IngestReport) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(IngestRun)
            .where(IngestRun.run_id == report.run_id)
            .values(
                finished_at=func.now(),
                loaded=report.count("loaded"),
                skipped=report.count("skipped"),
                quarantined=report.count("quarantined"),
            )
        )


def ingest(
    engine: Engine,
    paths: Iterable[Path],
    command: str = "ingest",
    progress: Callable[[DocumentOutcome], None] | None = None,
) -> IngestReport:
    report = IngestReport(run_id=start_run(engine, command))
    seen: set[str] = set()
    for path in collect_sources(paths):
        outcome = ingest_one(engine, path, report.run_id, seen)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    finish_run(engine, report)
    refresh_if_stale(engine)  # facts and marts are queryable when the run returns
    return report


def read_source(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256; DocumentRejected('read') when unreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentRejected("read", f"cannot read: {exc}") from exc
    return data, sha256_of(data)


def already_loaded(engine: Engine, digest: str) -> int | None:
    with engine.connect() as conn:
        return document_exists(conn, digest)


@dataclass(frozen=True)
class Admitted:
    """A file found new: its bytes, their hash, and its place in the order of admission
    (of two versions of one document, the later admitted is the re-issue)."""

    data: bytes
    digest: str
    admission_seq: int


def load_staged(
    engine: Engine,
    staged: StagedDocument,
    path: Path,
    run_id: int,
    admission_seq: int | None = None,
) -> int:
    """The load stage: the whole document in one transaction, or nothing of it."""
    with engine.begin() as conn:
        document_id = load_document(
            conn,
            staged,
            printable(path),
            admission_seq=admission_seq,
            source_path_bytes=exact_bytes(path),
        )
        conn.execute(delete(Quarantine).where(Quarantine.sha256 == staged.sha256))
        _log_attempt(conn, run_id, path, staged.sha256, "loaded", document_id=document_id)
        pause_at("before_commit")
    return document_id


def admit(engine: Engine, path: Path, run_id: int, seen: set[str]) -> DocumentOutcome | Admitted:
    """Read and hash a file; an unreadable, repeated or already-loaded one is settled here
    (its outcome returned), anything else is admitted: numbered, to be loaded."""
    try:
        data, digest = read_source(path)
    except DocumentRejected as exc:
        unreadable = f"unreadable:{printable(path.resolve())}"
        return quarantine(engine, path, unreadable, run_id, exc.stage, exc.reason)
    if digest in seen:
        return skip(engine, path, digest, run_id, reason="same content twice in run")
    seen.add(digest)
    existing = already_loaded(engine, digest)
    if existing is not None:
        return skip(engine, path, digest, run_id, existing, reason="already loaded (same hash)")
    with engine.begin() as conn:
        admitted = Admitted(data, digest, next_admission(conn))
    pause_at("admitted")
    return admitted


def ingest_one(engine: Engine, path: Path, run_id: int, seen: set[str]) -> DocumentOutcome:
    admitted = admit(engine, path, run_id, seen)
    if isinstance(admitted, DocumentOutcome):
        return admitted
    digest = admitted.digest
    stage = "extract"
    try:
        extracted = extract_document(path, admitted.data)
        stage = "parse"
        staged = parse_document(extracted)
    except Exception as exc:  # any failure quarantines this document only
        return settle_failure(engine, path, digest, run_id, stage, exc)
    return load_outcome(engine, staged, path, digest, run_id, admitted.admission_seq)


def load_outcome(
    engine: Engine,
    staged: StagedDocument,
    path: Path,
    digest: str,
    run_id: int,
    admission_seq: int | None = None,
) -> DocumentOutcome:
    """The load stage of one staged document, with the failure rules of every path."""
    try:
        document_id = load_staged(engine, staged, path, run_id, admission_seq)
    except Exception as exc:
        return settle_failure(engine, path, digest, run_id, "load", exc)
    return DocumentOutcome(
        path=path,
        sha256=digest,
        outcome="loaded",
        document_id=document_id,
        facts=len(staged.facts),
        issues=len(staged.issues),
    )


def settle_failure(
    engine: Engine, path: Path, digest: str, run_id: int, stage: str, exc: BaseException
) -> DocumentOutcome:
    """A document that failed: rejected documents and unexpected errors are quarantined with
    the failing stage; losing a race to another process loading the same bytes is a skip."""
    if isinstance(exc, DocumentRejected):
        return quarantine(engine, path, digest, run_id, exc.stage, exc.reason, exc.detail)
    if isinstance(exc, IntegrityError):
        existing = already_loaded(engine, digest)
        if existing is not None:  # another process loaded the same bytes first
            return skip(engine, path, digest, run_id, existing, reason="loaded concurrently")
        reason = f"database rejected the document: {exc.orig}"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    detail = "".join(traceback.format_exception(exc))
    return quarantine(engine, path, digest, run_id, stage, reason, detail)


def _log_attempt(
    conn: Connection,
    run_id: int,
    path: Path,
    digest: str,
    status: str,
    *,
    stage: str | None = None,
    reason: str | None = None,
    document_id: int | None = None,
) -> None:
    """ops.document_load: every attempt to load a file, whatever came of it."""
    conn.execute(
        insert(DocumentLoad).values(
            run_id=run_id,
            sha256=digest,
            source_name=printable(path.name),
            source_path=printable(path),
            source_path_bytes=exact_bytes(path),
            status=status,
            stage=stage,
            reason=reason,
            document_id=document_id,
        )
    )


def skip(
    engine: Engine,
    path: Path,
    digest: str,
    run_id: int,
    document_id: int | None = None,
    reason: str | None = None,
) -> DocumentOutcome:
    with engine.begin() as conn:
        _log_attempt(conn, run_id, path, digest, "skipped", reason=reason, document_id=document_id)
    return DocumentOutcome(
        path=path, sha256=digest, outcome="skipped", document_id=document_id, reason=reason
    )


def quarantine(
    engine: Engine,
    path: Path,
    digest: str,
    run_id: int,
    stage: str,
    reason: str,
    detail: str | None = None,
) -> DocumentOutcome:
    with engine.begin() as conn:
        stmt = insert(Quarantine).values(
            sha256=digest,
            source_name=printable(path.name),
            source_path=printable(path),
            source_path_bytes=exact_bytes(path),
            stage=stage,
            reason=reason,
            detail=detail,
            run_id=run_id,
        )
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[Quarantine.sha256],
                set_={
                    "stage": stage,
                    "reason": reason,
                    "detail": detail,
                    "run_id": run_id,
                    "source_path": printable(path),
                    "source_path_bytes": exact_bytes(path),
                    "last_seen": func.now(),
                },
            )
        )
        _log_attempt(conn, run_id, path, digest, "quarantined", stage=stage, reason=reason)
    return DocumentOutcome(
        path=path, sha256=digest, outcome="quarantined", stage=stage, reason=reason
    )
