"""Command-line interface (console script `warehouse`)."""
