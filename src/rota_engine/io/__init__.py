"""Scenario, solution and benchmark file formats."""
