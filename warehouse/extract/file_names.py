"""File names as they are, and in a form every terminal and the database accept.

POSIX names are bytes: they need not be UTF-8 (Python hands such bytes over as lone
surrogates, which neither PostgreSQL text nor a UTF-8 terminal takes) and may hold
newlines or quotes. The readable form escapes what is not printable text (\\xNN for a
byte that is not UTF-8, \\n, \\t, \\\\ for the backslash itself); the exact bytes are kept
beside it (source_path_bytes) whenever the readable form differs from the name.
"""

from __future__ import annotations

import os
from pathlib import Path

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def printable(name: str | Path) -> str:
    """One line of valid UTF-8 naming `name` unambiguously."""
    decoded = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    if decoded == str(name) and decoded.isprintable() and "\\" not in decoded:
        return decoded
    parts = []
    raw = os.fsencode(name).decode("utf-8", errors="surrogateescape")
    for char in raw:
        if "\udc80" <= char <= "\udcff":  # a byte that is not UTF-8
            parts.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif not char.isprintable() and char != " ":
            parts.append(f"\\u{ord(char):04x}")
        else:
            parts.append(char)
    return "".join(parts)


def exact_bytes(name: str | Path) -> bytes | None:
    """The name's bytes when its printable form is not the name itself, else None."""
    if printable(name) == str(name):
        return None
    return os.fsencode(name)
