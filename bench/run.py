"""The benchmark: one run, one corpus, figures printed (not pass/fail). See bench/README.md.

python -m bench.run [--docs 8] [--seed 20240601] [--workers 2] [--long-pages 500]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from sqlalchemy import Engine, text

from bench import memory, ours, queries, raw_tools
from bench.db import Databases, server
from warehouse.synthetic.corpus import CorpusDocument, build_corpus

OUT = Path(__file__).resolve().parent / "out"
SAMPLE_CORPUS_DOCS = 5  # 1× = the five bundled sample disclosures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--docs", type=int, default=16, help="synthetic documents (default 16)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs of ours (1 and N workers) and raw pdfplumber, interleaved; the best "
        "of each is reported (a shared machine's noise only ever adds time)",
    )
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--workers", type=int, default=2, help="the pool size to compare with 1")
    parser.add_argument("--out", type=Path, default=OUT / "corpus")
    parser.add_argument("--tools", default="pdfplumber,camelot-lattice,tabula-py")
    parser.add_argument("--scales", default="1,10,100", help="query scales (× sample corpus)")
    parser.add_argument("--long-pages", type=int, default=500, help="0 skips the long document")
    args = parser.parse_args(argv)

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load avg {os.getloadavg()[0]:.1f}"
    )
    started = time.perf_counter()
    docs = build_corpus(args.out, args.docs, args.seed)
    pages = sum(d.pages for d in docs)
    facts = sum(d.facts for d in docs)
    print(
        f"corpus: {len(docs)} documents, {pages} pages, {facts} expected facts "
        f"({time.perf_counter() - started:.1f}s to generate or reuse) under {args.out}"
    )

    tools = [name for name in args.tools.split(",") if name]
    # the slow tools once; pdfplumber, the baseline, is repeated with ours in _pipeline
    tool_runs = [raw_tools.run_tool(name, docs) for name in tools if name != "pdfplumber"]
    with server() as url:
        dbs = Databases(url)
        try:
            _pipeline(dbs, docs, tool_runs, args)
        finally:
            dbs.close()
    if args.long_pages:
        _long(args)
    print(f"total bench time {time.perf_counter() - started:.0f}s")
    return 0


def _pipeline(
    dbs: Databases,
    docs: list[CorpusDocument],
    tool_runs: list[raw_tools.ToolRun],
    args: argparse.Namespace,
) -> None:
    plumber_runs: list[raw_tools.ToolRun] = []
    ones: list[tuple[ours.EndToEnd, Engine]] = []
    pools: list[ours.EndToEnd] = []
    baseline = "pdfplumber" in args.tools.split(",")
    for attempt in range(max(args.repeat, 1)):  # interleaved, so drift hits all alike
        if baseline:
            plumber_runs.append(raw_tools.run_tool("pdfplumber", docs))
        serial_db = dbs.fresh(f"serial{attempt}")
        ones.append((ours.end_to_end(serial_db, docs, 1), serial_db))
        pools.append(ours.end_to_end(dbs.fresh(f"pool{attempt}"), docs, args.workers))
    one, serial_db = min(ones, key=lambda pair: pair[0].seconds)
    pooled = min(pools, key=lambda run: run.seconds)
    if plumber_runs:
        tool_runs = [min(plumber_runs, key=lambda run: run.seconds), *tool_runs]
    acc = ours.corpus_accuracy(serial_db, docs, one.report)
    print(f"\nbest of {max(args.repeat, 1)} interleaved runs for ours and pdfplumber")

    print("\n== extraction throughput (pages/s per core) and accuracy ==")
    print(f"{'tool':<28}{'pages/s/core':>13}{'accuracy':>10}  note")
    print(
        f"{'ours end to end (1 worker)':<28}{one.pages_per_second_per_core:>13.2f}"
        f"{acc.recall:>10.1%}  exact grain+amount; {acc.wrong} wrong, {acc.extra} extra grains"
    )
    plumber = None
    for run in tool_runs:
        if run.tool == "pdfplumber":
            plumber = run
        rate = f"{run.pages_per_second:>13.2f}" if run.seconds else f"{'-':>13}"
        accuracy = f"{run.accuracy:>10.1%}" if run.expected else f"{'-':>10}"
        print(f"{run.tool:<28}{rate}{accuracy}  {run.note or 'amount found among cell strings'}")
    for run in tool_runs:
        if run.seconds:
            print(
                f"  ratio ours / {run.tool}: "
                f"{one.pages_per_second_per_core / run.pages_per_second:.2f}×"
            )

    print("\n== scaling ==")
    print(
        f"1 worker: {one.seconds:.1f}s, {one.pages_per_second:.2f} pages/s; "
        f"{args.workers} workers: {pooled.seconds:.1f}s, {pooled.pages_per_second:.2f} pages/s; "
        f"speed-up {one.seconds / pooled.seconds:.2f}× (cores: {os.cpu_count()})"
    )
    same = [o.facts for o in one.report.outcomes] == [o.facts for o in pooled.report.outcomes]
    print(f"same facts per document with {args.workers} workers: {same}")
    if pooled.worker_peak_kb:
        print(f"peak RSS per worker (corpus): {max(pooled.worker_peak_kb) / 1024:.0f} MB")

    stage = ours.stages(dbs.fresh("stages"), docs)
    total = stage.extract + stage.parse + stage.load
    print("\n== where the time goes (serial, per stage) ==")
    for name, seconds in (
        ("extract (pdfplumber)", stage.extract),
        ("parse", stage.parse),
        ("load (PostgreSQL)", stage.load),
    ):
        print(f"{name:<22}{seconds:>8.2f}s {seconds / total:>6.1%}")
    print(f"load rate: {stage.facts_per_second:.0f} facts/s ({stage.facts} facts)")
    if plumber and plumber.seconds:
        print(
            f"our extract stage alone: {stage.pages / stage.extract:.2f} pages/s vs raw "
            f"pdfplumber extract_tables {plumber.pages_per_second:.2f} pages/s"
        )

    print("\n== refresh ==")
    seconds, report = ours.refresh(serial_db, [d.pdf for d in docs])
    print(
        f"no-op refresh of {len(docs)} documents: {seconds:.2f}s "
        f"({seconds / len(docs) * 1000:.1f} ms/document → {seconds / len(docs) * 1000:.1f}s "
        f"per 1,000; {report.count('skipped')} skipped)"
    )

    print("\n== BI query latency (ms, warm) ==")
    made = 0
    for scale in (int(s) for s in args.scales.split(",")):
        wanted = max(0, -(-scale * SAMPLE_CORPUS_DOCS // _documents(serial_db, originals=True)) - 1)
        if wanted > made:
            queries.multiply(serial_db, made + 1, wanted)
            made = wanted
        lat = queries.latency(serial_db, f"{scale}×")
        p50, p95 = lat.overall
        print(
            f"{scale}×: {lat.documents} documents, {lat.facts} expenditure facts: "
            f"median p50 {p50:.1f}, worst p95 {p95:.1f}"
        )
        for name, (q50, q95) in lat.per_query.items():
            print(f"    {name:<26} p50 {q50:8.1f}  p95 {q95:8.1f}")
        _changed(serial_db, docs[0], scale)


def _documents(engine: Engine, originals: bool = False) -> int:
    """Documents in the warehouse (originals: not counting the SQL-made copies)."""
    where = " WHERE sha256 NOT LIKE '%#%'" if originals else ""
    with engine.connect() as conn:
        sql = f"SELECT count(*) FROM core.dim_document{where}"
        return int(conn.execute(text(sql)).scalar_one())


def _changed(engine: Engine, doc: CorpusDocument, scale: int) -> None:
    run = ours.changed_document(engine, doc, scale)
    print(
        f"    one changed document at this scale: {run.outcome} in {run.seconds:.2f}s "
        f"incl. mart reads (its parse alone, measured before: {run.parse_seconds:.2f}s)"
    )


def _long(args: argparse.Namespace) -> None:
    doc = memory.long_document(args.out.parent, args.seed, args.long_pages)
    run = memory.measure(doc)
    print("\n== peak memory, one worker, long document ==")
    print(
        f"{run.pages} pages: parsed in {run.seconds:.1f}s ({run.pages / run.seconds:.2f} "
        f"pages/s), worker RSS {run.baseline_mb:.0f} MB after imports, peak {run.peak_mb:.0f} MB; "
        f"{run.facts} facts, {run.checks} checks"
    )


if __name__ == "__main__":
    raise SystemExit(main())
