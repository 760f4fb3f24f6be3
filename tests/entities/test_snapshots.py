"""Snapshots of every sensor and binary sensor of every scenario at its base time.

Scenarios whose account owns a device with an MQTT field map run with the simulator's broker:
the entry is set up with live data off (the cloud entities exactly as without a broker), then
live data is switched on while the simulator's clock stands still; once every live device has
answered the status request and no further message arrives, the snapshot holds the live-data
entities too (their values are the ones of the clock's tick, like the cloud's).
"""

from __future__ import annotations

import json
import time

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.anker_solix.const import OPT_MQTT
from custom_components.anker_solix.mqtt_link import PUBLISH_COOLDOWN, MqttLink, link_of
from custom_components.anker_solix.solixapi import mqtt_value_specs
from tests.conftest import SCENARIOS
from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import SimCloud, scenario_names
from tests.integration.conftest import cloud as plain_cloud
from tests.mqtt_ha.conftest import live_cloud

__all__ = ["live_cloud", "plain_cloud"]

LOOK_INTERVAL = 0.05
MAX_LOOKS = 600
"""Looks before the live data count as never complete (about 30 s of real time)."""
QUIET_LOOKS = 20
"""Consecutive looks without a new message after which the live data count as complete."""


def has_live_devices(scenario: str) -> bool:
    """Whether the scenario's account owns a device the MQTT field maps describe."""
    path = SCENARIOS / scenario / "bind_devices.json"
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8")).get("data") or {}
    items = data.get("data") or [] if isinstance(data, dict) else []
    return any(
        isinstance(item, dict)
        and not item.get("is_passive")
        and mqtt_value_specs(str(item.get("product_code") or item.get("device_pn") or ""))
        for item in items
    )


@pytest.fixture
def cloud(request: pytest.FixtureRequest, scenario: str) -> SimCloud:
    """The simulator, with its MQTT broker for scenarios with live devices."""
    name = "live_cloud" if has_live_devices(scenario) else "plain_cloud"
    found: SimCloud = request.getfixturevalue(name)
    return found


async def switch_live_data_on(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> MqttLink:
    """Turn the option on and wait until every live device answered and messages stop; then
    let the debounced entity update run (Home Assistant's clock moves by its cool-down)."""
    hass.config_entries.async_update_entry(entry, options={**entry.options, OPT_MQTT: True})
    await hass.async_block_till_done()
    link = link_of(entry.runtime_data.coordinator)
    assert link is not None
    assert link.devices
    count, quiet = -1, 0
    for _ in range(MAX_LOOKS):
        await hass.async_block_till_done()
        answered = link.connected and all(link.last_message(sn) is not None for sn in link.devices)
        now = link.message_count() or 0
        quiet = quiet + 1 if answered and now == count else 0
        count = now
        if quiet >= QUIET_LOOKS:
            freezer.tick(PUBLISH_COOLDOWN + 1)
            async_fire_time_changed(hass)
            await hass.async_block_till_done()
            return link
        # Home Assistant's clock is frozen (so is the loop's): wait in real time in a thread.
        await hass.async_add_executor_job(time.sleep, LOOK_INTERVAL)
    raise AssertionError("the live devices never answered")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", scenario_names())
@pytest.mark.parametrize("platform", [Platform.SENSOR, Platform.BINARY_SENSOR])
async def test_platform_snapshot(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every entity of the platform, its registry entry and its state at the base time."""
    live = cloud.sim.mqtt.enabled
    entry = await load_platform(platform, options={OPT_MQTT: False})
    if live:
        await switch_live_data_on(hass, entry, freezer)
    await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)
