"""Resource limits per document, and the checks on a file's bytes that run before parsing.

A disclosure is a few MB that inflate to a few tens of MB; a hostile or broken file can
inflate to gigabytes (a zip bomb in a FlateDecode stream), hold one string of many MB that
the PDF lexer crawls through, or be a text file that is one enormous line. These checks
read the bytes with bounded memory and reject such a file with the limit named, before
pdfplumber sees it. Wall time and memory of the parse itself are enforced by the worker
that runs it (warehouse.load.worker).

Limits come from the environment so that worker processes see the same ones:
WAREHOUSE_LIMIT_SECONDS, WAREHOUSE_LIMIT_MEMORY_MB, WAREHOUSE_LIMIT_INFLATED_MB,
WAREHOUSE_LIMIT_LINE_CHARS.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from warehouse.extract.errors import DocumentRejected

_MB = 1024 * 1024


@dataclass(frozen=True)
class ResourceLimits:
    """What one document may take. The defaults are ten times and more what the largest
    real disclosure of the corpus takes (see bench/limits.py for the measured figures)."""

    seconds: float = 600.0  # wall time of extract + parse
    memory_mb: int = 2048  # address space of the worker process
    inflated_mb: int = 256  # all FlateDecode streams of a PDF, decompressed
    line_chars: int = 4 * _MB  # longest text line, longest PDF string or unbroken run

    @classmethod
    def from_env(cls) -> ResourceLimits:
        env = os.environ
        default = cls()
        return cls(
            seconds=float(env.get("WAREHOUSE_LIMIT_SECONDS", default.seconds)),
            memory_mb=int(env.get("WAREHOUSE_LIMIT_MEMORY_MB", default.memory_mb)),
            inflated_mb=int(env.get("WAREHOUSE_LIMIT_INFLATED_MB", default.inflated_mb)),
            line_chars=int(env.get("WAREHOUSE_LIMIT_LINE_CHARS", default.line_chars)),
        )


def check_text(data: bytes, limits: ResourceLimits) -> None:
    """A text file's longest line must stay under the limit."""
    longest = _longest_run(data, b"\n")
    if longest > limits.line_chars:
        raise DocumentRejected(
            "limits",
            f"line length limit exceeded: a line of {longest:,} bytes "
            f"(limit {limits.line_chars:,}, WAREHOUSE_LIMIT_LINE_CHARS)",
        )


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_CHUNK = 4 * _MB


@dataclass(frozen=True)
class PdfFootprint:
    """What a PDF's bytes amount to once its streams are inflated."""

    inflated_bytes: int
    longest_run: int  # longest stretch of text bytes without ')' or a line break


def measure_pdf(data: bytes, limits: ResourceLimits) -> PdfFootprint:
    """Inflate every FlateDecode stream in bounded chunks, stopping at the limits."""
    inflated = 0
    longest = 0
    cap = limits.inflated_mb * _MB
    for dictionary, body in _streams(data):
        textual = b"/Image" not in dictionary
        if b"/FlateDecode" not in dictionary and b"/Fl " not in dictionary:
            if textual:
                longest = max(longest, _longest_run(body, b")\n\r"))
            continue
        carry = 0
        for chunk in _inflate(body, cap - inflated + 1):
            inflated += len(chunk)
            if textual:
                run, carry = _runs_with_carry(chunk, carry)
                longest = max(longest, run)
            if inflated > cap or longest > limits.line_chars:
                return PdfFootprint(inflated, longest)
    longest = max(longest, _longest_run(_outside_streams(data), b")\n\r"))
    return PdfFootprint(inflated, longest)


def check_pdf(data: bytes, limits: ResourceLimits) -> PdfFootprint:
    footprint = measure_pdf(data, limits)
    if footprint.inflated_bytes > limits.inflated_mb * _MB:
        raise DocumentRejected(
            "limits",
            f"decompressed size limit exceeded: the streams inflate to more than "
            f"{limits.inflated_mb:,} MB (WAREHOUSE_LIMIT_INFLATED_MB); the file is "
            f"{len(data):,} bytes",
        )
    if footprint.longest_run > limits.line_chars:
        raise DocumentRejected(
            "limits",
            f"string length limit exceeded: an unbroken string of {footprint.longest_run:,} "
            f"bytes (limit {limits.line_chars:,}, WAREHOUSE_LIMIT_LINE_CHARS)",
        )
    return footprint


def _streams(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(dictionary, raw body) of every stream object, found by its keywords."""
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            return
        head = data.rfind(b"obj", 0, match.start())
        yield data[max(head, match.start() - 4096) : match.start()], data[match.end() : end]


def _outside_streams(data: bytes) -> bytes:
    """The file without its stream bodies (object dictionaries, strings, the xref)."""
    parts = []
    position = 0
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        parts.append(data[position : match.end()])
        position = end
    parts.append(data[position:])
    return b"".join(parts)


def _inflate(body: bytes, cap: int) -> Iterator[bytes]:
    """Decompressed chunks of a zlib stream, never more than `cap` bytes in all; a stream
    that is not valid zlib yields what it gave before the error (pdfplumber judges it)."""
    decompressor = zlib.decompressobj()
    pending = body
    produced = 0
    while pending and produced < cap:
        try:
            chunk = decompressor.decompress(pending, min(_CHUNK, cap - produced))
        except zlib.error:
            return
        if not chunk:
            return
        produced += len(chunk)
        yield chunk
        pending = decompressor.unconsumed_tail


def _longest_run(data: bytes, delimiters: bytes) -> int:
    """Longest stretch of `data` without any of the delimiter bytes (linear time)."""
    if not data:
        return 0
    table = bytes.maketrans(delimiters, b"\n" * len(delimiters))
    return max(map(len, data.translate(table).split(b"\n")))


def _runs_with_carry(chunk: bytes, carry: int) -> tuple[int, int]:
    """Longest run in `chunk` counting the run it continues; and the run it leaves open."""
    table = bytes.maketrans(b")\n\r", b"\n\n\n")
    pieces = chunk.translate(table).split(b"\n")
    if len(pieces) == 1:
        return carry + len(chunk), carry + len(chunk)
    longest = max(carry + len(pieces[0]), max(map(len, pieces)))
    return longest, len(pieces[-1])
