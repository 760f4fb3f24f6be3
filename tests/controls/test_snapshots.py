"""Snapshots of every control entity of every scenario at its base time."""

from __future__ import annotations

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import snapshot_platform
from syrupy.assertion import SnapshotAssertion

from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import scenario_names

CONTROL_PLATFORMS = [
    Platform.BUTTON,
    Platform.DATETIME,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SWITCH,
    Platform.TIME,
]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", scenario_names())
@pytest.mark.parametrize("platform", CONTROL_PLATFORMS)
async def test_control_snapshot(
    hass: HomeAssistant,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every control of the platform, its registry entry and its state at the base time.

    Scenarios without a control of the platform (members, devices without it) store an empty
    list, so a control appearing there later shows up as a snapshot change.
    """
    entry = await load_platform(platform)
    if er.async_entries_for_config_entry(entity_registry, entry.entry_id):
        await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)
    else:
        assert snapshot(name="no-entities") == []
