"""Errors that quarantine a document, each naming the stage that failed."""

from __future__ import annotations


class DocumentRejected(Exception):
    """The document cannot be loaded; `stage` and `reason` go to ops.quarantine."""

    def __init__(self, stage: str, reason: str, detail: str | None = None) -> None:
        super().__init__(f"{stage}: {reason}")
        self.stage = stage
        self.reason = reason
        self.detail = detail
