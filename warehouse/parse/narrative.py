"""Narrative (情况说明) figures -> facts with stated rates, and stated figures."""

from __future__ import annotations

from warehouse.extract.model import ExtractedDocument
from warehouse.parse.staging import StagedDocument


def parse_narrative(doc: ExtractedDocument, staged: StagedDocument) -> None:
    """Not mapped yet: narrative figures are not read (see the final-accounts issue)."""
    return None
