"""Benchmarks: quality and speed tables, printed, never asserted as timings."""
