"""Tests of the support tooling: anonymizer, exporter, support actions."""
