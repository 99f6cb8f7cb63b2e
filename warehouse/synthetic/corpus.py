"""Write a synthetic corpus: transcriptions, rendered PDFs and expected facts, plus a manifest.

Layout under the output folder (bench/out/… by default, never in git):
  src/<doc_id>/document.yaml, src/<doc_id>/tables/*.yaml, src/<doc_id>/text/<seed>  the
  perturbed transcription; pdf/<doc_id>.pdf (+ .layout.yaml); expected/<doc_id>.json; manifest.json.
A document already rendered with the same variant is reused, so growing a corpus from N to
10N only renders the new ones.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import yaml

from warehouse.config import SAMPLES_DIR
from warehouse.synthetic.expected import expected_facts, read_folder
from warehouse.synthetic.perturb import Perturbation, Variant, plan_variant

# Sample transcriptions with tables (003 is narrative-only); budgets and a final account.
SOURCES = (
    "000_shenyang_2019_budget",
    "001_shenyang_center_2023_budget",
    "002_shenyang_2024_final",
    "004_nanchong_2020_budget",
)


@dataclass(frozen=True)
class CorpusDocument:
    doc_id: str
    pdf: Path
    expected: Path
    pages: int
    facts: int
    variant: Variant

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "pdf": str(self.pdf),
            "expected": str(self.expected),
            "pages": self.pages,
            "facts": self.facts,
            "variant": asdict(self.variant),
        }


def plan(n: int, seed: int, samples: Path = SAMPLES_DIR) -> list[Variant]:
    """N variants, the sources taken in turn; the same (n, seed) always gives the same list,
    and the first k variants of a larger n are the variants of n = k."""
    metas = {source: read_folder(samples / source)[0] for source in SOURCES}  # read once
    variants = []
    for index in range(n):
        source = SOURCES[index % len(SOURCES)]
        variants.append(
            plan_variant(index, source, metas[source], random.Random(f"{seed}:{index}"))
        )
    return variants


def write_transcription(
    variant: Variant, src_root: Path, samples: Path = SAMPLES_DIR, repeat: int = 1
) -> Path:
    """The perturbed document.yaml and tables; `repeat` > 1 prints every table that many
    times over (a long document for memory tests: repeats are checks, not new facts)."""
    meta, tables = read_folder(samples / variant.source)
    change = Perturbation(variant)
    folder = src_root / variant.doc_id
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    _dump(folder / "document.yaml", change.document(meta))
    number = 0
    for _ in range(repeat):
        for _stem, table in tables:
            number += 1
            _dump(folder / "tables" / f"t{number:03d}.yaml", change.table(table))
    seed = meta.get("seed")
    if seed:  # the perturbed running text, in the document's own folder (renders run at once)
        seed_text = (samples / "text" / str(seed)).read_text(encoding="utf-8")
        (folder / "text").mkdir(exist_ok=True)
        (folder / "text" / str(seed)).write_text(change.text(seed_text), encoding="utf-8")
    return folder


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def render_document(
    variant: Variant, out: Path, samples: Path = SAMPLES_DIR, repeat: int = 1
) -> CorpusDocument:
    """Transcription, PDF and expected facts of one variant (reused when already written)."""
    from tools.samplegen import load_document, render

    src_root = out / "src"
    pdf_dir = out / "pdf"
    expected_path = out / "expected" / f"{variant.doc_id}.json"
    pdf = pdf_dir / f"{variant.doc_id}.pdf"
    folder = src_root / variant.doc_id
    if not (pdf.exists() and expected_path.exists()):
        folder = write_transcription(variant, src_root, samples, repeat)
        layout = render(load_document(folder), folder, pdf_dir)
        facts = expected_facts(*read_folder(folder))
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "doc_id": variant.doc_id,
            "pages": _pages(layout, pdf),
            "facts": [f.to_json() for f in facts],
        }
        expected_path.write_text(
            json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8"
        )
    payload = json.loads(expected_path.read_text(encoding="utf-8"))
    return CorpusDocument(
        variant.doc_id, pdf, expected_path, int(payload["pages"]), len(payload["facts"]), variant
    )


def _pages(layout: dict[str, Any], pdf: Path) -> int:
    pages = layout.get("pages")
    if isinstance(pages, int):
        return pages
    import pdfplumber

    with pdfplumber.open(pdf) as opened:
        return len(opened.pages)


def build_corpus(
    out: Path,
    n: int,
    seed: int = 20240601,
    progress: Callable[[CorpusDocument], None] | None = None,
    workers: int = 1,
) -> list[CorpusDocument]:
    """Render N synthetic disclosures under `out` (over `workers` processes: a thousand
    documents take about a second each to draw) and write manifest.json."""
    variants = plan(n, seed)
    docs = []
    with ProcessPoolExecutor(max(workers, 1), mp_context=get_context("spawn")) as pool:
        rendered = (
            pool.map(render_document, variants, [out] * n, chunksize=4)
            if workers > 1
            else (render_document(v, out) for v in variants)
        )
        for doc in rendered:
            docs.append(doc)
            if progress is not None:
                progress(doc)
    manifest = {"seed": seed, "documents": [d.to_json() for d in docs]}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return docs


def load_expected(doc: CorpusDocument) -> list[Any]:
    from warehouse.synthetic.expected import ExpectedFact

    payload = json.loads(doc.expected.read_text(encoding="utf-8"))
    return [ExpectedFact.from_json(raw) for raw in payload["facts"]]
