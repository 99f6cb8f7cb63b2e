"""Print recall against the oracle: `python -m tests.recall_report [--text|--real] [DOC ...]`.

A developer's yardstick (not a test): loads each sample document (PDF, or the seed text with
--text) into a fresh database on the embedded server and prints recall per table kind, with
the first misses, wrong amounts and extra grains.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.conftest import create_database
from tests.oracle import DOCS, REAL_DOCS, SAMPLES, source_pdf
from tests.recall import measure, measure_stated
from warehouse.db.embedded import EmbeddedPostgres
from warehouse.db.engine import make_engine
from warehouse.db.migrate import ensure_schema
from warehouse.load.ingest import ingest

TEXTS = {
    "000": "000_b9d06a0906c0d5be.txt",
    "001": "001_1419a1545731c637.txt",
    "002": "002_db789c5f0bc13879.txt",
    "003": "003_f3bdc88a04f4c586.txt",
    "004": "004_27dac4d35b4177e2.txt",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("docs", nargs="*", default=list(DOCS))
    parser.add_argument("--real", action="store_true", help="every transcribed corpus document")
    parser.add_argument("--text", action="store_true", help="the seed text instead of the PDF")
    parser.add_argument("--show", type=int, default=10, help="how many misses to show")
    args = parser.parse_args()
    home = Path(tempfile.gettempdir()) / "warehouse-recall-home"
    server = EmbeddedPostgres(home)
    with server.session():
        engine = make_engine(create_database(server.url(database="postgres")))
        ensure_schema(engine)
        for doc in list(REAL_DOCS) if args.real else args.docs:
            path = SAMPLES / "text" / TEXTS[doc[:3]] if args.text else source_pdf(doc)
            outcome = ingest(engine, [path]).outcomes[0]
            if outcome.document_id is None:
                print(f"== {doc}: {outcome.outcome} {outcome.reason}")
                continue
            r = measure(engine, outcome.document_id, doc)
            print(
                f"== {doc} [{'text' if args.text else 'pdf'}] recall {r.recall:.3f}: "
                f"{len(r.expected)} expected, {len(r.missing)} missing, {len(r.wrong)} wrong, "
                f"{len(r.extra)} extra, {len(r.duplicates)} duplicates"
            )
            stated = measure_stated(engine, outcome.document_id, doc)
            if stated.expected:
                print(
                    f"   stated figures {len(stated.expected) - len(stated.missing)}"
                    f"/{len(stated.expected)}, missing {[str(v) for v in stated.missing[:8]]}"
                )
            for kind, (good, total) in sorted(r.by_kind(doc).items()):
                print(f"   {kind:40s} {good}/{total}")
            for g in r.missing[: args.show]:
                p = r.expected[g]
                print(f"   MISSING {g} <- {p.table_file} {p.title} row {p.row} = {p.amount}")
            for g, want, got in r.wrong[: args.show]:
                print(f"   WRONG   {g}: oracle {want}, warehouse {got}")
            for g in r.extra[: args.show]:
                print(f"   EXTRA   {g}")
        engine.dispose()


if __name__ == "__main__":
    main()
