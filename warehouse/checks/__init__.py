"""Checks: reconciliation of a document's figures (stored in ops.check_result)."""
