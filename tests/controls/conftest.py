"""Fixtures of the control tests: the entity tests' loaded entry and per-release snapshots."""

from __future__ import annotations

from tests.entities.conftest import (
    entity_registry_enabled_by_default,
    load_platform,
    snapshot,
)
from tests.integration.conftest import cloud, scenario

__all__ = [
    "cloud",
    "entity_registry_enabled_by_default",
    "load_platform",
    "scenario",
    "snapshot",
]
