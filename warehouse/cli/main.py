"""The `warehouse` command line."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from warehouse.config import SAMPLES_DIR, database_url_from_env, warehouse_home
from warehouse.db.embedded import DamagedHome, EmbeddedPostgres
from warehouse.db.engine import database_url, make_engine, normalize_url
from warehouse.db.errors import UnusableDatabaseUrl
from warehouse.db.secrets import READER, SUPERUSER
from warehouse.extract.file_names import printable
from warehouse.load.ingest import DocumentOutcome


def _print_outcome(outcome: DocumentOutcome) -> None:
    path = printable(outcome.path)  # one line of valid UTF-8, whatever the file is called
    if outcome.outcome == "quarantined":
        print(
            f"QUARANTINED {path}: [{outcome.stage}] {outcome.reason}",
            file=sys.stderr,
            flush=True,
        )
    elif outcome.outcome == "skipped":
        print(f"skipped     {path}: {outcome.reason}", flush=True)
    else:
        print(
            f"loaded      {path}: document {outcome.document_id}, "
            f"{outcome.facts} facts, {outcome.issues} unmapped items in ops.extraction_issue",
            flush=True,
        )


def cmd_ingest(args: argparse.Namespace) -> int:
    from warehouse.db.migrate import ensure_schema
    from warehouse.extract.limits import ResourceLimits
    from warehouse.load.ingest import collect_sources
    from warehouse.load.parallel import ingest_parallel

    sources = [Path(p) for p in args.paths]
    missing = [printable(p) for p in sources if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 1
    if not any(True for _ in collect_sources(sources)):
        print(
            "error: nothing to ingest: no .pdf or .txt file in "
            + ", ".join(printable(p) for p in sources),
            file=sys.stderr,
        )
        return 1
    with database_url() as url:
        engine = make_engine(url)
        ensure_schema(engine)
        defaults = ResourceLimits.from_env()
        limits = ResourceLimits(
            seconds=args.limit_seconds or defaults.seconds,
            memory_mb=args.limit_memory_mb or defaults.memory_mb,
            inflated_mb=defaults.inflated_mb,
            line_chars=defaults.line_chars,
        )
        report = ingest_parallel(
            engine, sources, args.workers, progress=_print_outcome, limits=limits
        )
        engine.dispose()
    print(
        f"run {report.run_id}: {report.count('loaded')} loaded, {report.count('skipped')} skipped, "
        f"{report.count('quarantined')} quarantined"
    )
    return 0 if report.ok else 2


def cmd_build(args: argparse.Namespace) -> int:
    from pipelines.build import build_in_process
    from warehouse.cli.status import print_status
    from warehouse.load.ingest import collect_sources

    if args.input:
        root = Path(args.input)
        files = list(collect_sources([root]))
    else:  # the bundled sample corpus: the five PDFs (their seed texts are the same documents)
        root = SAMPLES_DIR
        files = sorted(SAMPLES_DIR.glob("*.pdf"))

    def progress(key: str, ok: bool) -> None:
        print(
            f"{'built ' if ok else 'FAILED'} {key}",
            flush=True,
            file=sys.stdout if ok else sys.stderr,
        )

    with database_url() as url:
        ok = build_in_process(url, root, files, progress)
        engine = make_engine(url)
        print_status(engine)
        engine.dispose()
    return 0 if ok else 2


def cmd_status(args: argparse.Namespace) -> int:
    from warehouse.cli.status import print_status
    from warehouse.db.migrate import ensure_schema
    from warehouse.marts.refresh import refresh_if_stale

    with database_url() as url:
        engine = make_engine(url)
        ensure_schema(engine)
        refresh_if_stale(engine)  # a run killed before its refresh is repaired here too
        print_status(engine)
        engine.dispose()
    return 0


def cmd_checks(args: argparse.Namespace) -> int:
    from warehouse.cli.checks import print_checks
    from warehouse.db.migrate import ensure_schema

    with database_url() as url:
        engine = make_engine(url)
        ensure_schema(engine)
        failures = print_checks(engine, args.document, args.outcome)
        engine.dispose()
    return 1 if failures else 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from warehouse.db.migrate import current_revision, upgrade_and_seed

    with database_url() as url:
        engine = make_engine(url)
        seeded = upgrade_and_seed(engine, args.revision)
        print(f"schema at {current_revision(engine)}")
        if seeded:
            print(
                "reference classifications: "
                + ", ".join(f"{count} {name}" for name, count in seeded.items())
            )
        engine.dispose()
    return 0


def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from warehouse.db.migrate import current_revision, downgrade

    with database_url() as url:
        engine = make_engine(url)
        downgrade(engine, args.revision)
        print(f"schema at {current_revision(engine) or 'base (empty)'}")
        engine.dispose()
    return 0


def cmd_db_url(args: argparse.Namespace) -> int:
    from sqlalchemy import URL, make_url

    user = READER if args.reader else SUPERUSER
    explicit = database_url_from_env()
    if explicit:
        url = make_url(normalize_url(explicit))
        if args.reader:  # the operator keeps the reader's password (env, never a file here)
            url = URL.create(
                url.drivername,
                username=user,
                password=os.environ.get("WAREHOUSE_READER_PASSWORD"),
                host=url.host,
                port=url.port,
                database=url.database,
                query=url.query,
            )
        if args.libpq:
            url = url.set(drivername="postgresql")
        print(url.render_as_string(hide_password=False))
        return 0
    server = EmbeddedPostgres(warehouse_home())
    info = server.info()
    if info is None:
        print(
            "the embedded PostgreSQL is not running; start it with `warehouse db serve` "
            "or `warehouse db start`",
            file=sys.stderr,
        )
        return 1
    print(server.url(user=user, tcp=bool(info.listen), libpq=args.libpq))
    return 0


def cmd_db_start(args: argparse.Namespace) -> int:
    server = EmbeddedPostgres(warehouse_home())
    info = server.keep_running(args.port)
    print(server.url(tcp=bool(info.listen), with_password=False))
    print(f"passwords: {server.secrets.folder} (`warehouse db url [--reader]` prints the URLs)")
    return 0


def cmd_db_serve(args: argparse.Namespace) -> int:
    server = EmbeddedPostgres(warehouse_home())
    info = server.keep_running(args.port)
    print(f"serving {server.url(tcp=bool(info.listen), with_password=False)}", flush=True)
    if info.listen:
        reader = server.url(user=READER, tcp=True, with_password=False)
        print(f"read-only: {reader}", flush=True)
    print(f"passwords: {server.secrets.folder} (`warehouse db url [--reader]`)", flush=True)
    print("press Ctrl-C (or send SIGTERM) to stop", flush=True)

    def _stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.wait_until_stopped()
    except KeyboardInterrupt:
        server.stop()
        print("stopped")
    return 0


def cmd_db_repair(args: argparse.Namespace) -> int:
    server = EmbeddedPostgres(warehouse_home())
    done = server.repair()
    for line in done or ["nothing to repair"]:
        print(line)
    return 0


def cmd_db_stop(args: argparse.Namespace) -> int:
    server = EmbeddedPostgres(warehouse_home())
    print("stopped" if server.stop() else "not running")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warehouse",
        description="Budget and final-account disclosures of medical-insurance bureaus, "
        "loaded into a PostgreSQL star schema (DATABASE_URL, or an embedded server under "
        "WAREHOUSE_HOME).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="load PDF/text disclosures (files or folders, recursive)")
    p.add_argument("paths", nargs="+", help="files or directories")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="extract and parse in N worker processes (loading stays one transaction per "
        "document); default 1",
    )
    p.add_argument(
        "--limit-seconds",
        type=float,
        help="wall time one document may take to read (default 600, env "
        "WAREHOUSE_LIMIT_SECONDS); a document over it is quarantined",
    )
    p.add_argument(
        "--limit-memory-mb",
        type=int,
        help="address space of a worker (default 2048, env WAREHOUSE_LIMIT_MEMORY_MB)",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("build", help="materialize every Dagster asset in-process over a folder")
    p.add_argument("--input", help=f"folder of disclosures (default: {SAMPLES_DIR})")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("status", help="documents, facts, quarantine and last checks")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "checks",
        help="reconciliation findings per document (exit 1 when any extraction failure)",
    )
    p.add_argument("--document", type=int, help="only this document_id")
    p.add_argument(
        "--outcome", choices=["source_inconsistency", "extraction_failure"], help="only these"
    )
    p.set_defaults(func=cmd_checks)

    db = sub.add_parser("db", help="schema migrations and the embedded server").add_subparsers(
        dest="db_command", required=True
    )
    p = db.add_parser("upgrade", help="migrate to a revision (default head) and seed references")
    p.add_argument("--revision", default="head")
    p.set_defaults(func=cmd_db_upgrade)
    p = db.add_parser("downgrade", help="migrate down to a revision (default base: empty)")
    p.add_argument("--revision", default="base")
    p.set_defaults(func=cmd_db_downgrade)
    p = db.add_parser(
        "url", help="print the connection string (with its password) of the running server"
    )
    p.add_argument("--reader", action="store_true", help="the read-only BI role's URL")
    p.add_argument(
        "--libpq", action="store_true", help="postgresql:// for psql and BI tools, not SQLAlchemy's"
    )
    p.set_defaults(func=cmd_db_url)
    p = db.add_parser("serve", help="run the embedded server in the foreground for BI tools")
    p.add_argument("--port", type=int, help="also listen on 127.0.0.1:PORT")
    p.set_defaults(func=cmd_db_serve)
    p = db.add_parser("start", help="start the embedded server in the background")
    p.add_argument("--port", type=int, help="also listen on 127.0.0.1:PORT")
    p.set_defaults(func=cmd_db_start)
    p = db.add_parser("stop", help="stop the embedded server")
    p.set_defaults(func=cmd_db_stop)
    p = db.add_parser(
        "repair",
        help="make a damaged embedded home usable (moves a broken data folder aside, renews "
        "lost passwords; deletes nothing)",
    )
    p.set_defaults(func=cmd_db_repair)
    return parser


def _connection_problem(exc: Exception) -> str:
    """One line on why the database cannot be used, naming it without its password."""
    explicit = database_url_from_env()
    where = "the embedded PostgreSQL"
    if explicit:
        try:
            where = f"DATABASE_URL {make_url(explicit).render_as_string(hide_password=True)}"
        except ArgumentError:
            where = "DATABASE_URL"
    if isinstance(exc, UnusableDatabaseUrl):
        return f"{where} is not a usable URL: {exc}"
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    return f"cannot connect to {where}: {detail[0] if detail else type(exc).__name__}"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except DamagedHome as exc:  # one clear paragraph, with the repairing command
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except RuntimeError as exc:  # the server's state, said in one line (not a traceback)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (UnusableDatabaseUrl, OperationalError, InterfaceError) as exc:
        # the database cannot be reached or named; a statement that fails stays a traceback
        print(f"error: {_connection_problem(exc)}", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    raise SystemExit(main())
