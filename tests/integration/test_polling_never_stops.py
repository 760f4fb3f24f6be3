"""Polling never stops: a poll that took far longer than planned is followed by normal polls.

Home Assistant reads a zero ``update_interval`` as "no polling". A poll whose energy requests
met HTTP 429 for a while takes minutes (the client waits for the endpoint window before its
retry); the scheduler used to answer 0 s after it and every entity froze silently.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.anker_solix.const import DOMAIN, OPT_UPDATE_INTERVAL
from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import SimCloud, setup_entry

ENERGY = Endpoint.ENERGY_ANALYSIS
SITE_LIST = Endpoint.GET_SCEN_INFO  # one per poll: every poll reads the (one) system
SOLARBANK = "961JPFEHEZLL1HAC"
"""The Solarbank 2 Plus of the default scenario (sb2_plus_plugs)."""


def entity_id(hass: HomeAssistant, unique_id: str) -> str:
    """The entity id of one of our sensors by unique id."""
    found = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, unique_id)
    assert found is not None
    return found


async def timer_poll(
    hass: HomeAssistant, cloud: SimCloud, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> float:
    """Let Home Assistant's own timer run the next planned poll; returns the poll's duration.

    Both clocks move by the planned interval (plus the timer's one second of slack); the poll
    itself may move the simulator's clock further (the client's waits run on it).
    """
    interval = entry.runtime_data.coordinator.update_interval
    assert interval is not None
    seconds = interval.total_seconds()
    cloud.clock.advance(seconds)
    freezer.tick(timedelta(seconds=seconds + 1))
    before = cloud.clock.now()
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    return float(cloud.clock.now() - before)


@pytest.mark.parametrize("update_interval", [60, 30])
async def test_polls_go_on_after_a_poll_slowed_by_rate_limits(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory, update_interval: int
) -> None:
    """The energy endpoint answers 429 for a while: that poll takes longer than planned.

    (The session waits ~62 s before its one retry of a 429; the per-endpoint back-off then
    skips the endpoint, so such a poll outlasts short update intervals, not the default 300 s.)

    Every later poll is started by Home Assistant's timer alone; the simulator keeps receiving
    them and the power values keep changing.
    """
    entry = await setup_entry(hass, cloud, options={OPT_UPDATE_INTERVAL: update_interval})
    coordinator = entry.runtime_data.coordinator
    solar = entity_id(hass, f"{SOLARBANK}_solar_power")
    cloud.faults.add(ENERGY, status=429, count=40)

    duration = await timer_poll(hass, cloud, entry, freezer)  # the first energy poll
    assert coordinator.last_update_success
    assert duration > update_interval  # far longer than planned
    interval = coordinator.update_interval
    assert interval is not None
    assert coordinator.scheduler.min_wait <= interval.total_seconds() <= update_interval

    polls = cloud.paths().count(SITE_LIST)
    values = set()
    for _ in range(8):
        await timer_poll(hass, cloud, entry, freezer)
        state = hass.states.get(solar)
        assert state is not None
        values.add(state.state)
    assert cloud.paths().count(SITE_LIST) == polls + 8
    assert coordinator.scheduler.stats["polls"] == 2 + 8
    assert len(values) > 1  # live values moved on
    assert "unavailable" not in values


async def test_clock_jump_past_every_due_time(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> None:
    """The host slept for a day: the overdue poll runs, then the timer keeps polling."""
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    cloud.clock.advance(86400)
    freezer.tick(timedelta(days=1))
    polls = cloud.paths().count(SITE_LIST)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert cloud.paths().count(SITE_LIST) == polls + 1
    for _ in range(3):
        await timer_poll(hass, cloud, entry, freezer)
    assert cloud.paths().count(SITE_LIST) == polls + 4
    assert coordinator.last_update_success


async def test_rate_limited_poll_backs_off_within_bounds(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> None:
    """A poll failed by 429 everywhere waits the back-off (at least 120 s, never more than the
    update interval), then Home Assistant's timer polls again."""
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    cloud.faults.add("*", status=429, count=1000)
    await timer_poll(hass, cloud, entry, freezer)
    assert not coordinator.last_update_success
    interval = coordinator.update_interval
    assert interval is not None
    assert 120 <= interval.total_seconds() <= 300
    cloud.faults.clear()
    polls = cloud.paths().count(SITE_LIST)
    await timer_poll(hass, cloud, entry, freezer)
    assert coordinator.last_update_success
    assert cloud.paths().count(SITE_LIST) == polls + 1


async def test_failed_poll_retries_after_a_bounded_pause(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> None:
    """An outage (HTTP 500 everywhere) right after a short planned wait: the retry comes after
    60 s to 300 s (not after the short wait, and not never), then the timer polls normally."""
    entry = await setup_entry(hass, cloud)  # the next planned poll comes within a minute
    coordinator = entry.runtime_data.coordinator
    cloud.faults.add("*", status=500, count=1000)
    await timer_poll(hass, cloud, entry, freezer)
    assert not coordinator.last_update_success
    interval = coordinator.update_interval
    assert interval is not None
    assert 60 <= interval.total_seconds() <= 300
    cloud.faults.clear()
    polls = cloud.paths().count(SITE_LIST)
    await timer_poll(hass, cloud, entry, freezer)
    assert coordinator.last_update_success
    assert cloud.paths().count(SITE_LIST) == polls + 1
