"""What real documents take of each resource limit, to show the defaults' headroom.

    python -m bench.limits [--corpus ../shared/real] [--workers 2]

For every PDF of the corpus (and the samples) it prints the bytes its FlateDecode streams
inflate to, its longest unbroken string, and — read in a guarded worker, as `warehouse
ingest` reads it — the wall time and the worker's peak resident and address-space size;
then the largest of each beside the default limit (warehouse.extract.limits.ResourceLimits).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from warehouse.extract.limits import ResourceLimits, measure_pdf
from warehouse.load.worker import GuardedPool, ParseResult

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "real"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    limits = ResourceLimits()
    files = sorted(args.corpus.rglob("*.pdf")) + sorted((REPO / "data" / "samples").glob("*.pdf"))
    footprints = {f: measure_pdf(f.read_bytes(), limits) for f in files}
    results: dict[int, ParseResult] = {}
    pool = GuardedPool(args.workers, limits)
    started = time.perf_counter()
    try:
        for index, file in enumerate(files):
            pool.submit(index, file, file.read_bytes())
        while len(results) < len(files):
            results.update((int(k), r) for k, r in pool.collect())  # type: ignore[call-overload]
    finally:
        pool.close()
    print("file\tinflated_MB\tlongest_string\tseconds\tpeak_rss_MB\tpeak_vm_MB\toutcome")
    for index, file in enumerate(files):
        fp, result = footprints[file], results[index]
        outcome = "parsed" if result.staged is not None else f"{result.stage}: {result.reason}"
        print(
            f"{file.name[:60]}\t{fp.inflated_bytes / 2**20:.1f}\t{fp.longest_run}\t"
            f"{result.seconds:.1f}\t{result.peak_rss_kb / 1024:.0f}\t"
            f"{result.peak_vm_kb / 1024:.0f}\t{outcome[:80]}"
        )
    mb = 2**20
    rows = [
        (
            "inflated streams (MB)",
            max(f.inflated_bytes for f in footprints.values()) / mb,
            limits.inflated_mb,
        ),
        (
            "longest string (bytes)",
            max(f.longest_run for f in footprints.values()),
            limits.line_chars,
        ),
        ("wall time (s)", max(r.seconds for r in results.values()), limits.seconds),
        (
            "worker address space (MB)",
            max(r.peak_vm_kb for r in results.values()) / 1024,
            limits.memory_mb,
        ),
        ("worker resident (MB)", max(r.peak_rss_kb for r in results.values()) / 1024, None),
    ]
    print(f"\n{len(files)} PDFs in {time.perf_counter() - started:.0f} s")
    print("resource\tlargest seen\tdefault limit\theadroom")
    for name, seen, limit in rows:
        headroom = f"{limit / seen:.1f}x" if limit and seen else ""
        print(f"{name}\t{seen:,.1f}\t{limit if limit is not None else '-'}\t{headroom}")


if __name__ == "__main__":
    main()
