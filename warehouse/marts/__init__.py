"""Marts: materialized views over the active documents' facts, refreshed after loads."""
