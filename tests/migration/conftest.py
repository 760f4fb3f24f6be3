"""Fixtures of the take-over tests: the simulator of the integration tests."""

from __future__ import annotations

from tests.integration.conftest import cloud, scenario

__all__ = ["cloud", "scenario"]
