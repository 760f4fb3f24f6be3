"""Setup's first poll and the ones after it: deferred energy, HA's time zone, vanished devices."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.anker_solix import session_factory
from custom_components.anker_solix.solixapi import Endpoint, SolixSession
from tests.integration.conftest import (
    DEFAULT_SCENARIO,
    SimCloud,
    setup_entry,
    start_simulator,
)
from tests.integration.test_devices import entry_identifiers, remove_plug

ENERGY = Endpoint.ENERGY_ANALYSIS
SOLAR_TODAY = "sensor.stadtwohnung_solar_production_today"
MAX_POLLS = 12


@pytest.fixture
async def cloud_in_ha_zone(socket_enabled: None) -> AsyncIterator[SimCloud]:
    """The default scenario's simulator; sessions keep the UTC offset the integration gives."""
    sim = start_simulator(DEFAULT_SCENARIO)
    original = session_factory.SolixSession
    async with sim.serve() as url:
        cloud = SimCloud(DEFAULT_SCENARIO, sim, url)

        def simulated_session(*args: Any, **kwargs: Any) -> SolixSession:
            session = original(*args, **kwargs, clock=sim.clock.now, sleep=sim.clock.sleep)
            cloud.sessions.append(session)
            return session

        with patch.object(session_factory, "SolixSession", simulated_session):
            yield cloud


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
    """Setup's poll has no energy tier (the Energy dashboard's daily sensors exist, without a
    value); the next poll (within a minute) fills them live."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    assert ENERGY not in cloud.paths()
    assert Endpoint.GET_RELATE_AND_BIND_DEVICES in cloud.paths()
    before = hass.states.get(SOLAR_TODAY)
    assert before is not None
    assert before.state == "unknown"
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


@pytest.mark.parametrize(
    ("zone", "offset"), [("Asia/Kolkata", 19800), ("Asia/Kathmandu", 20700), ("UTC", 0)]
)
async def test_session_uses_home_assistant_time_zone(
    hass: HomeAssistant, cloud_in_ha_zone: SimCloud, zone: str, offset: int
) -> None:
    """The login's ``time_zone`` and the session's offset are those of Home Assistant's zone."""
    await hass.config.async_set_time_zone(zone)
    entry = await setup_entry(hass, cloud_in_ha_zone)
    assert entry.runtime_data.session.utc_offset_seconds == offset
    logins = [r for r in cloud_in_ha_zone.recorder.records if r.path == "passport/login"]
    assert logins
    assert [record.body["time_zone"] for record in logins] == [offset * 1000] * len(logins)


async def test_vanished_device_leaves_in_the_poll_that_misses_it(
    hass: HomeAssistant, cloud: SimCloud, device_registry: dr.DeviceRegistry
) -> None:
    """A plug gone from scene and bind list leaves the data in the details poll.

    Polls without details cannot know it is unbound (it is still in the last bind list); the
    first poll that re-reads the bind list drops it, with no request beyond its own. The
    registry keeps the device for the grace period (test_registry_grace.py).
    """
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    devices = coordinator.data["devices"]
    plug = sorted(sn for sn, device in devices.items() if device["type"] == "smartplug")[0]
    remove_plug(cloud, plug)
    binds = cloud.paths().count(Endpoint.GET_RELATE_AND_BIND_DEVICES)
    for _ in range(MAX_POLLS):
        assert coordinator.update_interval is not None
        cloud.clock.advance(coordinator.update_interval.total_seconds())
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        if cloud.paths().count(Endpoint.GET_RELATE_AND_BIND_DEVICES) > binds:
            break
        assert plug in coordinator.data["devices"]
        assert plug in entry_identifiers(device_registry, entry.entry_id)
    else:
        pytest.fail("no details poll")
    assert plug not in coordinator.data["devices"]
    assert plug in entry_identifiers(device_registry, entry.entry_id)
    polls = coordinator.scheduler.stats["polls"]
    assert cloud.paths().count(Endpoint.GET_SCEN_INFO) == polls  # every poll reads the system


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
