"""A real warehouse of N rendered documents: load, correctness, refresh and queries at scale.

python -m bench.scale [--docs 1000] [--workers 2] [--seed 20240601]

bench.run compares tools on a corpus small enough to parse many times; this run builds the
warehouse a province would have (every document a real PDF, drawn and parsed, nothing copied
in SQL) and measures what only size shows: the load over the whole corpus and its exactness
against every document's expected facts, the no-op refresh of all N files (in-process and
through the `warehouse ingest` command a scheduled job runs), one changed document loaded
with the marts refreshed, and the analyst queries on that warehouse. Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text

from bench import ours, queries
from bench.db import Databases, server
from warehouse.synthetic.corpus import CorpusDocument, build_corpus

OUT = Path(__file__).resolve().parent / "out" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load avg {os.getloadavg()[0]:.1f}"
    )
    started = time.perf_counter()
    docs = build_corpus(args.out, args.docs, args.seed, workers=args.workers)
    pages = sum(d.pages for d in docs)
    print(
        f"corpus: {len(docs)} documents, {pages} pages, {sum(d.facts for d in docs)} expected "
        f"facts ({time.perf_counter() - started:.0f}s to render or reuse, "
        f"{args.workers} processes)"
    )
    with server() as url:
        dbs = Databases(url)
        try:
            _warehouse(dbs.fresh("scale"), docs, args.workers)
        finally:
            dbs.close()
    print(f"total bench time {time.perf_counter() - started:.0f}s")
    return 0


def _warehouse(engine: Engine, docs: list[CorpusDocument], workers: int) -> None:
    load = ours.end_to_end(engine, docs, workers)
    facts = sum(o.facts for o in load.report.outcomes)
    print(f"\n== load, {workers} workers, PDF → facts committed ==")
    print(
        f"{len(docs)} documents in {load.seconds:.0f}s: {load.pages_per_second:.1f} pages/s, "
        f"{facts / load.seconds:.0f} facts committed/s; loaded {load.report.count('loaded')}, "
        f"quarantined {load.report.count('quarantined')}"
    )
    if load.worker_peak_kb:
        print(f"peak RSS per worker: {max(load.worker_peak_kb) / 1024:.0f} MB")
    acc = ours.corpus_accuracy(engine, docs, load.report)
    print(
        f"exact grain and amount against every document's expected facts: {acc.correct} of "
        f"{acc.expected} ({acc.recall:.2%}), {acc.wrong} wrong, {acc.extra} extra grains"
    )

    print("\n== refresh ==")
    paths = [d.pdf for d in docs]
    seconds, report = ours.refresh(engine, paths)
    print(
        f"no-op refresh in process: {report.count('skipped')} of {len(paths)} skipped in "
        f"{seconds:.2f}s ({seconds / len(paths) * 1000:.1f} ms/document)"
    )
    seconds, skipped = _cli_refresh(engine, paths[0].parent)
    print(
        f"no-op refresh with `warehouse ingest {paths[0].parent.name}/` (new process, "
        f"imports included): {seconds:.2f}s, {skipped} skipped"
    )
    run = ours.changed_document(engine, docs[0], len(docs))
    print(
        f"one changed document: {run.outcome} and marts refreshed and read in "
        f"{run.seconds:.2f}s (its own extract + parse, measured apart: {run.parse_seconds:.2f}s; "
        f"beyond it: {run.seconds - run.parse_seconds:.2f}s)"
    )

    lat = queries.latency(engine, f"{len(docs)} documents")
    p50, p95 = lat.overall
    print(f"\n== BI query latency (ms, warm) on this warehouse: {lat.facts} expenditure facts ==")
    print(f"median p50 {p50:.1f}, worst p95 {p95:.1f}")
    for name, (q50, q95) in lat.per_query.items():
        print(f"    {name:<26} p50 {q50:8.1f}  p95 {q95:8.1f}")
    with engine.connect() as conn:
        size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        print(f"database size: {size.scalar_one()}")


def _cli_refresh(engine: Engine, folder: Path) -> tuple[float, int]:
    """The scheduled job's view: a new `warehouse ingest` process over the whole folder."""
    env = dict(os.environ, DATABASE_URL=engine.url.render_as_string(hide_password=False))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "warehouse.cli.main", "ingest", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
    return seconds, sum(1 for line in done.stdout.splitlines() if line.startswith("skipped "))


if __name__ == "__main__":
    raise SystemExit(main())
