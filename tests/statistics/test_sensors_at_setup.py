"""The Energy dashboard's daily sensors exist right after setup, before the first energy poll.

The scheduler polls energy only after setup's first poll (so setup never waits for the energy
endpoint's limit); the daily sensors are created at setup from the system's devices and get
their values with the energy poll.
"""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN, OPT_HISTORY_DAYS
from custom_components.anker_solix.sensor_common import number
from tests.integration.conftest import SimCloud, setup_entry

from .test_history import _poll

EXPECTED = (
    "solar_production",
    "battery_charge",
    "battery_discharge",
    "home_usage",
    "grid_import",
    "solar_to_grid",
)


async def test_daily_sensors_exist_at_setup_and_fill_with_the_energy_poll(
    history_hass: HomeAssistant, history_cloud: SimCloud, entity_registry: er.EntityRegistry
) -> None:
    hass, cloud = history_hass, history_cloud
    entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: 0})
    coordinator = entry.runtime_data.coordinator
    (site_id, site), *_ = coordinator.data["sites"].items()
    assert "energy_details" not in site  # setup's poll read no energy
    ids = {}
    for name in EXPECTED:
        entity_id = entity_registry.async_get_entity_id("sensor", DOMAIN, f"{site_id}_daily_{name}")
        assert entity_id is not None, name
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state == "unknown", name
        ids[name] = entity_id
    # Other daily values come with their first value: the solar inputs the cloud fills.
    pv1 = f"{site_id}_daily_solar_production_pv1"
    assert entity_registry.async_get_entity_id("sensor", DOMAIN, pv1) is None

    await _poll(hass, entry)
    assert entity_registry.async_get_entity_id("sensor", DOMAIN, pv1) is not None
    pv3 = f"{site_id}_daily_solar_production_pv3"  # asked, left empty by the cloud
    assert entity_registry.async_get_entity_id("sensor", DOMAIN, pv3) is None
    today = coordinator.data["sites"][site_id]["energy_details"]["today"]
    for name in EXPECTED:
        state = hass.states.get(ids[name])
        assert state is not None
        if name == "grid_import":
            continue  # a sum of flows, checked by the live sensor tests
        assert float(state.state) == pytest.approx(number(today[name])), name
