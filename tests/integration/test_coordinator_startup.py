"""Setup's first poll and the ones after it: deferred energy, HA's time zone, vanished devices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import (
    SimCloud,
    setup_entry,
)

ENERGY = Endpoint.ENERGY_ANALYSIS
SOLAR_TODAY = "sensor.stadtwohnung_solar_production_today"
MAX_POLLS = 12


async def next_scheduled_poll(
    hass: HomeAssistant, cloud: SimCloud, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> float:
    """Let Home Assistant's timer run the poll the coordinator planned; returns its delay (s)."""
    interval = entry.runtime_data.coordinator.update_interval
    assert interval is not None
    seconds = interval.total_seconds()
    cloud.clock.advance(seconds)
    freezer.tick(timedelta(seconds=seconds + 1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    return seconds


async def test_setup_sends_no_energy_request_and_energy_sensors_follow(
    hass: HomeAssistant,
    cloud: SimCloud,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Setup's poll has no energy tier; the next poll (within a minute) adds the sensors live."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    assert ENERGY not in cloud.paths()
    assert Endpoint.GET_RELATE_AND_BIND_DEVICES in cloud.paths()
    assert hass.states.get(SOLAR_TODAY) is None
    assert entity_registry.async_get(SOLAR_TODAY) is None
    assert hass.states.get("sensor.kuhlschrank_power") is not None

    delay = await next_scheduled_poll(hass, cloud, entry, freezer)
    assert 0 < delay <= 60
    assert cloud.paths().count(ENERGY) > 10  # more than one 62 s window of the limiter allows
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.coordinator is coordinator  # no reload
    site = next(iter(coordinator.data["sites"].values()))
    expected = float(site["energy_details"]["today"]["solar_production"])
    state = hass.states.get(SOLAR_TODAY)
    assert state is not None
    assert float(state.state) == expected
    assert entity_registry.async_get(SOLAR_TODAY) is not None
    assert coordinator.scheduler.stats["polls"] == 2


@pytest.mark.parametrize("scenario", ["x1_hes"])
async def test_hes_totals_survive_the_polls_after_the_details(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Lifetime totals of a HES system (site details) stay through later site polls."""
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    assert coordinator.scheduler.stats["polls"] == 2
    for _ in range(2):
        savings = hass.states.get("sensor.haus_lindenweg_total_savings")
        assert savings is not None
        assert savings.state == "2741.18"
        assert coordinator.update_interval is not None
        cloud.clock.advance(coordinator.update_interval.total_seconds())
        await coordinator.async_refresh()
        await hass.async_block_till_done()
