"""Tests of the replay mode (explore with example data)."""
