"""Snapshots of every sensor and binary sensor of every scenario at its base time."""

from __future__ import annotations

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import snapshot_platform
from syrupy.assertion import SnapshotAssertion

from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import scenario_names


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", scenario_names())
@pytest.mark.parametrize("platform", [Platform.SENSOR, Platform.BINARY_SENSOR])
async def test_platform_snapshot(
    hass: HomeAssistant,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every entity of the platform, its registry entry and its state at the base time."""
    entry = await load_platform(platform)
    await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)
