"""Helpers for bench/bench.py: the server under test, the load generator, the report."""
