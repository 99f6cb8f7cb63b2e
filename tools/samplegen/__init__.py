"""Render the hand-transcribed sample disclosures (data/samples/<doc>/) to PDF.

The PDFs are test inputs for the extractor: they must look like published originals (ruled
and open tables, merged headers, landscape pages, two CJK fonts) while every printed figure
stays recoverable, so the transcription remains the oracle for what the extractor must find.
"""

from __future__ import annotations

from pathlib import Path

from .build import render
from .model import Document, load_document

__all__ = ["Document", "generate", "load_document", "render"]


def generate(samples_dir: Path, out_dir: Path | None = None, doc: str | None = None) -> list[str]:
    """Render every document folder with a document.yaml (or only `doc`); return their ids."""
    done: list[str] = []
    for folder in sorted(p for p in samples_dir.iterdir() if p.is_dir()):
        if doc is not None and folder.name != doc:
            continue
        if not (folder / "document.yaml").is_file():
            continue
        render(load_document(folder), samples_dir, out_dir or samples_dir)
        done.append(folder.name)
    return done
