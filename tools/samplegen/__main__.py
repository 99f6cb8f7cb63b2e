"""CLI: ``python -m tools.samplegen [--doc DOC] [--out DIR] [--samples DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import generate

DEFAULT_SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def main(argv: list[str] | None = None) -> int:
    """Regenerate the sample PDFs and their layout.yaml files."""
    parser = argparse.ArgumentParser(prog="python -m tools.samplegen", description=main.__doc__)
    parser.add_argument("--doc", help="only this document, e.g. 001_shenyang_center_2023_budget")
    parser.add_argument("--out", type=Path, help="output folder (default: the samples folder)")
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES, help="transcriptions root")
    args = parser.parse_args(argv)
    done = generate(args.samples, args.out, args.doc)
    if args.doc and not done:
        print(f"no document.yaml for {args.doc} under {args.samples}", file=sys.stderr)
        return 1
    for name in done:
        print(f"rendered {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
