"""Project names matched across tables: 项目支出表, 绩效目标表 and self-evaluations print the same
project with different spaces, brackets, line wraps and suffixes (—2023)."""

from __future__ import annotations

import re
import unicodedata

_SUFFIX = re.compile(r"[—–\-－_]+\s*(?:20[0-9]{2})\s*(?:年)?$")


def project_key(name: str) -> str:
    """A normalized key: NFKC (full-width to half-width), no spaces, unified brackets and
    dashes, no trailing year suffix, no unclosed trailing bracket."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    text = text.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    text = text.replace("“", '"').replace("”", '"')
    text = re.sub(r"[—–－]", "-", text)
    text = _SUFFIX.sub("", text)
    if text.count("(") > text.count(")"):
        text += ")"
    return text
