"""The real-disclosure corpus, every document in one run: what the warehouse makes of each.

    python -m bench.corpus [--corpus ../shared/real] [--workers 2] [--out corpus.tsv]

For every file it prints one line: the outcome (loaded or quarantined, with the stage and
reason), the metadata read from the content and whether it agrees with the hand-made list
(data/real/expected.tsv), the tables found and recognized, and the honest figure account of
its tables — money figures printed (counted by shape from the cells), loaded as facts,
recorded as repeated printings or checks, logged unmapped, missed — with the coverage
(loaded + repeated) / printed. A summary follows. Extraction and parsing are the
warehouse's own (warehouse.extract, warehouse.parse); nothing is loaded into a database.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "real"
EXPECTED = REPO / "data" / "real" / "expected.tsv"


@dataclass
class DocumentSurvey:
    """What the warehouse made of one corpus file."""

    file: str
    outcome: str  # loaded / quarantined
    stage: str = ""
    reason: str = ""
    publisher: str = ""
    fiscal_year: int | None = None
    kind: str = ""  # 部门预算 / 单位预算 / 部门决算 / 单位决算
    part: str = ""
    pages: int = 0
    tables: int = 0
    recognized: int = 0
    printed: int = 0
    loaded: int = 0
    repeated: int = 0
    unmapped: int = 0
    facts: int = 0
    kpis: int = 0
    extraction_failures: int = 0
    seconds: float = 0.0
    unrecognized_titles: list[str] = field(default_factory=list)

    @property
    def missed(self) -> int:
        return self.printed - self.loaded - self.repeated - self.unmapped

    @property
    def coverage(self) -> float | None:
        return (self.loaded + self.repeated) / self.printed if self.printed else None


@dataclass(frozen=True)
class Expected:
    """One row of data/real/expected.tsv, written by reading the document."""

    file: str
    disclosure: str  # yes / no / template
    publisher: str
    fiscal_year: int | None
    kind: str
    scope: str
    content: str  # both / tables / narrative
    note: str


def read_expected(path: Path = EXPECTED) -> dict[str, Expected]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {
        r["file"]: Expected(
            file=r["file"],
            disclosure=r["disclosure"],
            publisher=r["publisher"],
            fiscal_year=int(r["fiscal_year"]) if r["fiscal_year"] else None,
            kind=r["kind"],
            scope=r["scope"],
            content=r["content"],
            note=r["note"],
        )
        for r in rows
    }


def survey_one(path: Path, corpus: Path) -> DocumentSurvey:
    """Extract and parse one file as `warehouse ingest` would, and account for it."""
    from warehouse.extract.errors import DocumentRejected
    from warehouse.extract.source import extract_document
    from warehouse.parse.document import parse_document

    started = time.perf_counter()
    name = path.relative_to(corpus).as_posix()
    try:
        doc = extract_document(path)
        staged = parse_document(doc)
    except DocumentRejected as exc:
        return DocumentSurvey(
            name, "quarantined", exc.stage, exc.reason, seconds=time.perf_counter() - started
        )
    meta = staged.meta
    scope = "单位" if meta.scope == "unit" else "部门"
    tables = staged.tables
    return DocumentSurvey(
        file=name,
        outcome="loaded",
        publisher=meta.publisher,
        fiscal_year=meta.fiscal_year,
        kind=scope + ("预算" if meta.doc_kind == "budget" else "决算"),
        part=meta.part,
        pages=doc.page_count or 0,
        tables=len(tables),
        recognized=sum(1 for t in tables if t.kind != "unrecognized"),
        printed=sum(t.figures_printed for t in tables),
        loaded=sum(t.figures_loaded for t in tables),
        repeated=sum(t.figures_repeated for t in tables),
        unmapped=sum(t.figures_unmapped for t in tables),
        facts=len(staged.facts),
        kpis=len(staged.kpis),
        extraction_failures=sum(1 for c in staged.checks if c.outcome == "extraction_failure"),
        seconds=time.perf_counter() - started,
        unrecognized_titles=[t.title or "(untitled)" for t in tables if t.kind == "unrecognized"],
    )


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".pdf", ".html"))


def survey(corpus: Path, workers: int = 2) -> list[DocumentSurvey]:
    files = corpus_files(corpus)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(survey_one, files, [corpus] * len(files), chunksize=1))


def same_unit(found: str, printed: str) -> bool:
    """Publisher names compared as printed, brackets in one form, a trailing （汇总） aside."""

    def norm(name: str) -> str:
        name = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
        return re.sub(r"（汇总）$", "", name)

    return norm(found) == norm(printed)


def metadata_verdict(s: DocumentSurvey, e: Expected | None) -> str:
    """'ok', or what disagrees with the hand-made list."""
    if e is None:
        return "not in expected list"
    if e.disclosure != "yes":
        return "ok" if s.outcome == "quarantined" else f"loaded, but is {e.disclosure}"
    if s.outcome != "loaded":
        return "quarantined, but is a disclosure"
    wrong = []
    if not same_unit(s.publisher, e.publisher):
        wrong.append(f"publisher {s.publisher}")
    if s.fiscal_year != e.fiscal_year:
        wrong.append(f"year {s.fiscal_year}")
    if s.kind[2:] != e.kind[2:] or (s.kind[:2] == "单位") != (e.scope == "unit"):
        wrong.append(f"kind {s.kind}")
    expected_part = {"both": "complete"}.get(e.content, e.content)
    if s.part != expected_part:
        wrong.append(f"part {s.part}")
    return "ok" if not wrong else "; ".join(wrong)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the table as TSV")
    args = parser.parse_args(argv)
    expected = read_expected()
    started = time.perf_counter()
    surveys = survey(args.corpus, args.workers)
    header = (
        "file\toutcome\tmetadata\tpublisher\tyear\tkind\tpart\tpages\ttables\trecognized\t"
        "printed\tloaded\trepeated\tunmapped\tmissed\tcoverage\tfacts\tkpis\tfailures\treason"
    )
    lines = [header]
    for s in surveys:
        verdict = metadata_verdict(s, expected.get(s.file))
        lines.append(
            "\t".join(
                str(v)
                for v in (
                    s.file[:70],
                    s.outcome,
                    verdict,
                    s.publisher,
                    s.fiscal_year or "",
                    s.kind,
                    s.part,
                    s.pages,
                    s.tables,
                    s.recognized,
                    s.printed,
                    s.loaded,
                    s.repeated,
                    s.unmapped,
                    s.missed,
                    _percent(s.coverage),
                    s.facts,
                    s.kpis,
                    s.extraction_failures,
                    f"{s.stage}: {s.reason}" if s.reason else "",
                )
            )
        )
    print("\n".join(lines))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _summary(surveys, expected, time.perf_counter() - started)
    return 0


def _summary(surveys: list[DocumentSurvey], expected: dict[str, Expected], seconds: float) -> None:
    genuine = [s for s in surveys if (e := expected.get(s.file)) and e.disclosure == "yes"]
    loaded = [s for s in genuine if s.outcome == "loaded"]
    meta_ok = sum(1 for s in surveys if metadata_verdict(s, expected.get(s.file)) == "ok")
    printed = sum(s.printed for s in loaded)
    accounted = sum(s.loaded + s.repeated for s in loaded)
    with_tables = [s for s in loaded if s.printed]
    print(
        f"\n{len(surveys)} files in {seconds:.0f} s; {len(genuine)} genuine disclosures, "
        f"{len(loaded)} loaded, {len(genuine) - len(loaded)} quarantined; metadata right on "
        f"{meta_ok} of {len(surveys)} files (disclosures and non-disclosures)",
        file=sys.stderr,
    )
    if with_tables:
        print(
            f"money figures printed in tables: {printed}; loaded or repeated {accounted} "
            f"({accounted / printed:.1%}); unmapped {sum(s.unmapped for s in loaded)}; missed "
            f"{sum(s.missed for s in loaded)}; median document coverage "
            f"{statistics.median(s.coverage or 0 for s in with_tables):.1%}; "
            f"documents at >= 99%: {sum(1 for s in with_tables if (s.coverage or 0) >= 0.99)} "
            f"of {len(with_tables)}; median facts {statistics.median(s.facts for s in loaded)}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    raise SystemExit(main())
