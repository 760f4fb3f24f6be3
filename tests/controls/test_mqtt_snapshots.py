"""Snapshots of the device controls over MQTT (issue 15) of every scenario, live data on.

The simulated devices report a known value for each of their settings (the first option, the
smallest value, the Solarbank SOC limits 10/90/20 %), so the snapshots show states, not
"unavailable"; scenarios without such controls (members, devices without commands) store an
empty list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from syrupy.assertion import SnapshotAssertion

from custom_components.anker_solix.helpers import publish_live
from custom_components.anker_solix.mqtt_controls import model_controls
from custom_components.anker_solix.solixapi import mqtt_status_value
from tests.integration.conftest import SimCloud, scenario_names, setup_entry
from tests.mqtt_ha import conftest as live_fixtures
from tests.mqtt_ha.conftest import link, wait_for

live_cloud = live_fixtures.live_cloud
CHARGERS = Path(__file__).parents[1] / "mqtt_ha" / "scenario_chargers"
PLATFORMS = [Platform.NUMBER, Platform.SELECT, Platform.SWITCH, Platform.TEXT, Platform.TIME]
STATION = {"soc_min_pct": 10, "soc_max_pct": 90, "soc_backup_pct": 20}


def seed_settings(cloud: SimCloud) -> None:
    """Each simulated device reports a known value for every setting of its controls."""
    for sn, publisher in cloud.sim.mqtt.publishers.items():
        values: dict[str, Any] = {}
        for item in model_controls(publisher.pn):
            first = item.param.options[0][0] if item.param.options else item.param.minimum
            values[item.live_name] = mqtt_status_value(publisher.pn, item.row.name, int(first or 0))
            if item.row.station:
                values.update(STATION)
        if values:
            cloud.sim.mqtt.controls.seed(sn, values)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    "scenario",
    [
        *scenario_names(),
        # The EV charger's controls: a test scenario kept with the MQTT tests.
        pytest.param(str(CHARGERS), id="scenario_chargers"),
    ],
)
async def test_mqtt_control_snapshot(
    hass: HomeAssistant,
    live_cloud: SimCloud,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every MQTT control entity, its registry entry and its state once the devices reported."""
    seed_settings(live_cloud)
    with patch("custom_components.anker_solix.PLATFORMS", PLATFORMS):
        entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    controls = sorted(
        (e for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)),
        key=lambda e: e.entity_id,
    )
    controls = [e for e in controls if "_live_" in e.unique_id]
    if not controls:
        assert snapshot(name="no-entities") == []
        return
    serials = {e.unique_id.partition("_live_")[0] for e in controls}
    await wait_for(
        hass,
        lambda: all(live.last_message(sn) is not None for sn in serials),
        "every device with controls reported",
    )
    publish_live(entry.runtime_data.coordinator)
    await hass.async_block_till_done()
    for entity_entry in controls:
        assert entity_entry == snapshot(name=f"{entity_entry.entity_id}-entry")
        state = hass.states.get(entity_entry.entity_id)
        assert state == snapshot(name=f"{entity_entry.entity_id}-state")
