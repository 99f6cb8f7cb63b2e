"""Write the hostile inputs that the fault tests feed the warehouse.

    python -m tools.hostile_inputs OUT_DIR [--bomb-mb 1024]

Each file attacks one resource or one assumption; none is a disclosure, and a run over the
folder must quarantine each with the limit or reason named and load the good files after
them:

- `one_line_64mib.txt`: 64 MiB of text without a line break (line length);
- `string_16mib.pdf`: a valid one-page PDF whose content stream shows one 16 MiB string
  (string length; pdfminer's lexer crawls through it for minutes);
- `bomb_<N>mib.pdf`: a 1 MB-class PDF whose FlateDecode content stream inflates to N MiB of
  text operators (decompressed size; memory, when that limit is raised);
- copies of a good document under names that are not valid UTF-8 (bytes \\xff\\xfe), hold a
  newline, or quotes (`good_copies(...)`).
"""

from __future__ import annotations

import argparse
import os
import zlib
from pathlib import Path

_MIB = 1024 * 1024


def pdf_with_content(content: bytes, *, compress: bool) -> bytes:
    """A minimal, valid one-page PDF (catalog, pages, page, font, content, xref)."""
    body = zlib.compress(content, 9) if compress else content
    stream_dict = f"<< /Length {len(body)}{' /Filter /FlateDecode' if compress else ''} >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream_dict.encode() + b"\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def one_line_text(size: int = 64 * _MIB) -> bytes:
    return b"2026\xe5\xb9\xb4\xe9\xa2\x84\xe7\xae\x97 " + b"x" * size  # "2026年预算 xxxx…"


def long_string_pdf(size: int = 16 * _MIB) -> bytes:
    content = b"BT /F1 12 Tf 72 760 Td (" + b"A" * size + b") Tj ET\n"
    return pdf_with_content(content, compress=False)


def bomb_pdf(inflated_mib: int = 1024) -> bytes:
    """Text operators that repeat to `inflated_mib` MiB; compressed by zlib to about 1/1000."""
    line = b"BT /F1 1 Tf 10 10 Td (0) Tj ET\n"
    block = line * (_MIB // len(line))
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(block) for _ in range(inflated_mib)]
    parts.append(compressor.flush())
    body = b"".join(parts)
    stream_dict = f"<< /Length {len(body)} /Filter /FlateDecode >>".encode()
    # the same skeleton as pdf_with_content, with the stream already compressed
    skeleton = pdf_with_content(b"", compress=True)
    head, _, tail = skeleton.partition(b"4 0 obj\n")
    _, _, rest = tail.partition(b"\nendobj\n")
    rebuilt = head + b"4 0 obj\n" + stream_dict + b"\nstream\n" + body + b"\nendstream\nendobj\n"
    return _reindex(rebuilt + rest)


def _reindex(pdf: bytes) -> bytes:
    """Rewrite the xref offsets of a PDF whose objects moved."""
    head = pdf[: pdf.index(b"xref\n")]
    offsets = []
    for number in range(1, 6):
        offsets.append(head.index(f"{number} 0 obj\n".encode()))
    out = bytearray(head)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


HOSTILE_NAMES = (
    b"\xff\xfe-not-utf8.pdf",
    b"line\nbreak.pdf",
    b"quotes ' \" and ; semicolon.pdf",
)


def good_copies(good: Path, out_dir: Path) -> list[Path]:
    """Copies of a good document under hostile names (bytes, as POSIX allows)."""
    written = []
    for name in HOSTILE_NAMES:
        target = os.path.join(os.fsencode(out_dir), name)
        with open(target, "wb") as handle:
            # a distinct copy per name, so that each is loaded rather than skipped as a repeat
            handle.write(good.read_bytes() + b"\n%" + name.hex().encode() + b"\n")
        written.append(Path(os.fsdecode(target)))
    return written


def write_all(out_dir: Path, bomb_mib: int = 1024) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "one_line": (out_dir / "one_line_64mib.txt", one_line_text()),
        "long_string": (out_dir / "string_16mib.pdf", long_string_pdf()),
        "bomb": (out_dir / f"bomb_{bomb_mib}mib.pdf", bomb_pdf(bomb_mib)),
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {key: path for key, (path, _) in files.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--bomb-mb", type=int, default=1024)
    args = parser.parse_args()
    for key, path in write_all(args.out_dir, args.bomb_mb).items():
        print(f"{key}\t{path}\t{path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
