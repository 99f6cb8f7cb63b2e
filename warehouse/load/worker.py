"""Extract and parse documents in child processes held to per-document limits.

A document may take at most `ResourceLimits.seconds` of wall time and the worker at most
`memory_mb` of address space (RLIMIT_AS, set in the child before it reads anything). A
document over a limit is failed with the limit named; its worker is killed or has died and
a fresh one takes the next document, so the rest of the run goes on. The parent never
parses: it hands out (path, bytes), waits on the workers' pipes with the nearest deadline
as timeout, and collects ParseResults in any order (the caller loads them in input order).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import signal
import time
import traceback
from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext, SpawnProcess
from pathlib import Path

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.limits import ResourceLimits
from warehouse.parse.staging import StagedDocument

_MB = 1024 * 1024


@dataclass(frozen=True)
class ParseResult:
    """What a worker sends back: the staged document, or the stage and reason it failed."""

    staged: StagedDocument | None
    stage: str
    reason: str | None = None
    detail: str | None = None
    seconds: float = 0.0
    peak_rss_kb: int = 0  # the worker process's resident high-water mark so far
    peak_vm_kb: int = 0  # its address-space high-water mark (what RLIMIT_AS bounds)


def extract_and_parse(path: Path, data: bytes, limits: ResourceLimits) -> ParseResult:
    """One document's extract and parse; never raises, so a bad document cannot break a
    worker."""
    from warehouse.extract.source import extract_document
    from warehouse.parse.document import parse_document

    started = time.perf_counter()
    stage = "extract"
    try:
        extracted = extract_document(path, data, limits)
        stage = "parse"
        staged = parse_document(extracted)
    except DocumentRejected as exc:
        return _result(None, exc.stage, started, exc.reason, exc.detail)
    except MemoryError:
        reason = (
            f"memory limit exceeded: the worker may use {limits.memory_mb:,} MB "
            "(WAREHOUSE_LIMIT_MEMORY_MB)"
        )
        return _result(None, "limits", started, reason)
    except Exception as exc:  # any failure fails this document only
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
        peak_vm_kb=_status_kb("VmPeak:"),
    )


def peak_rss_kb() -> int:
    """This process's resident high-water mark. Linux's VmHWM belongs to the process image;
    ru_maxrss would also count the parent's memory copied at fork before the spawn's exec."""
    return _status_kb("VmHWM:") or int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _status_kb(field_name: str) -> int:
    """A kB figure of /proc/self/status (0 where there is no /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _serve(conn: Connection, limits: ResourceLimits) -> None:
    """The child's loop: limit its own memory, then parse what it is sent until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    ceiling = limits.memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        path, data = task
        conn.send(extract_and_parse(path, data, limits))


@dataclass
class _Worker:
    process: SpawnProcess
    conn: Connection
    key: Hashable | None = None  # the document it is working on
    deadline: float = 0.0


@dataclass
class GuardedPool:
    """`workers` guarded child processes; submit documents, collect their ParseResults."""

    workers: int
    limits: ResourceLimits
    _context: SpawnContext = field(default_factory=lambda: multiprocessing.get_context("spawn"))
    _idle: list[_Worker] = field(default_factory=list)
    _busy: list[_Worker] = field(default_factory=list)
    _queue: deque[tuple[Hashable, Path, bytes]] = field(default_factory=deque)
    _started: int = 0

    def submit(self, key: Hashable, path: Path, data: bytes) -> None:
        self._queue.append((key, path, data))
        self._dispatch()

    def collect(self) -> list[tuple[Hashable, ParseResult]]:
        """Wait for at least one result (or a limit) and return every result ready."""
        if not self._busy:
            return []
        timeout = max(0.0, min(w.deadline for w in self._busy) - time.monotonic())
        ready = set(wait([w.conn for w in self._busy], timeout=timeout))
        done: list[tuple[Hashable, ParseResult]] = []
        for worker in list(self._busy):
            if worker.conn in ready:
                done.append(self._receive(worker))
            elif time.monotonic() >= worker.deadline:
                done.append(self._overtime(worker))
        self._dispatch()
        return done

    def close(self) -> None:
        for worker in self._idle:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=5)
        for worker in self._idle + self._busy:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join(timeout=5)
            worker.conn.close()
        self._idle.clear()
        self._busy.clear()

    # -- inside -------------------------------------------------------------------------------
    def _dispatch(self) -> None:
        while self._queue and (self._idle or self._started < self.workers):
            worker = self._idle.pop() if self._idle else self._spawn()
            key, path, data = self._queue.popleft()
            worker.key = key
            worker.deadline = time.monotonic() + self.limits.seconds
            try:
                worker.conn.send((path, data))
            except OSError:  # it died idle: replace it and retry this document
                self._retire(worker)
                self._queue.appendleft((key, path, data))
                continue
            self._busy.append(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.limits), daemon=True)
        process.start()
        child.close()
        self._started += 1
        return _Worker(process, parent)

    def _retire(self, worker: _Worker) -> None:
        if worker in self._busy:
            self._busy.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=10)
        worker.conn.close()
        self._started -= 1

    def _receive(self, worker: _Worker) -> tuple[Hashable, ParseResult]:
        key = worker.key
        try:
            result: ParseResult = worker.conn.recv()
        except (EOFError, OSError):  # the worker died: out of memory, killed, crashed
            self._retire(worker)
            return key, self._death(worker)
        self._busy.remove(worker)
        worker.key = None
        self._idle.append(worker)
        return key, result

    def _death(self, worker: _Worker) -> ParseResult:
        code = worker.process.exitcode
        if code is not None and code < 0:
            how = f"killed by signal {signal.Signals(-code).name}"
        else:
            how = f"exited with status {code}"
        reason = (
            f"worker process died ({how}) while reading the document; it may have gone over "
            f"the memory limit of {self.limits.memory_mb:,} MB (WAREHOUSE_LIMIT_MEMORY_MB)"
        )
        return ParseResult(None, "limits", reason)

    def _overtime(self, worker: _Worker) -> tuple[Hashable, ParseResult]:
        key = worker.key
        self._retire(worker)
        reason = (
            f"wall time limit exceeded: still being read after {self.limits.seconds:g} s "
            "(WAREHOUSE_LIMIT_SECONDS); the worker was stopped"
        )
        return key, ParseResult(None, "limits", reason, seconds=self.limits.seconds)
