"""Dagster code location: wires the warehouse package into software-defined assets."""
