"""Fault episodes the matrix does not cover: startup, stale option, 429 back-off, refused login."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import (
    DOMAIN,
    OPT_STALE_DATA,
    OPT_TIMEOUT,
    STALE_KEEP_LAST,
    STALE_UNAVAILABLE,
)
from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import SimCloud, setup_entry

from .conftest import Clouds
from .matrix import CLIENT_TIMEOUT, HANG, LOGIN, endpoints_of

SCENE = Endpoint.GET_SCEN_INFO
SITE_LIST = Endpoint.GET_SITE_LIST
PRICE_DETAIL = Endpoint.DYNAMIC_PRICE_DETAIL
SCHEDULE_WINDOW = 2 * 3600.0
"""Virtual seconds the back-off runs follow the coordinator's own schedule."""


def entity_id(hass: HomeAssistant, entry: MockConfigEntry, suffix: str) -> str:
    """The entity id of the entry's entity whose unique id ends with ``suffix``."""
    registry = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        if entity.unique_id.endswith(suffix):
            return entity.entity_id
    raise AssertionError(f"no entity *{suffix}")


async def poll(
    hass: HomeAssistant, entry: MockConfigEntry, cloud: SimCloud, seconds: float
) -> None:
    """Move the simulator ``seconds`` on and run the coordinator's poll."""
    cloud.clock.advance(seconds)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


@pytest.mark.parametrize("stale", [STALE_UNAVAILABLE, STALE_KEEP_LAST])
async def test_failing_scene_follows_the_stale_option(
    hass: HomeAssistant, clouds: Clouds, stale: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Live values of a site whose scene fails are stale: unavailable or the last value, as
    the option says; the entry stays loaded, and the values come back with the scene."""
    cloud = await clouds.start("sb2_plus_plugs")
    entry = await setup_entry(hass, cloud, options={OPT_STALE_DATA: stale}, complete=True)
    watched = entity_id(hass, entry, "_solarbank_battery_power")
    before = hass.states.get(watched).state
    cloud.faults.add(SCENE, status=500, count=1000)
    for _ in range(2):
        await poll(hass, entry, cloud, 300)
        assert entry.runtime_data.coordinator.last_update_success
        expected = STATE_UNAVAILABLE if stale == STATE_UNAVAILABLE else before
        assert hass.states.get(watched).state == expected
    warnings = [r for r in caplog.records if "get_scen_info failed" in r.getMessage()]
    assert len(warnings) == 1
    cloud.faults.clear()
    await poll(hass, entry, cloud, 300)
    assert hass.states.get(watched).state not in (STATE_UNAVAILABLE, before)
    assert sum("get_scen_info answers again" in r.getMessage() for r in caplog.records) == 1


async def test_setup_survives_any_optional_endpoint_timing_out(
    hass: HomeAssistant, clouds: Clouds
) -> None:
    """A timeout of any endpoint of the first poll but the site list (the currency list, …)
    still loads the entry; only the site list, with no list known yet, fails the setup."""
    cloud = await clouds.start("sb2_plus_plugs")
    entry = await setup_entry(hass, cloud, options={OPT_TIMEOUT: CLIENT_TIMEOUT})
    endpoints = endpoints_of(cloud.recorder.records)
    await hass.config_entries.async_remove(entry.entry_id)
    assert Endpoint.GET_CURRENCY_LIST in endpoints
    for endpoint in [*endpoints, SITE_LIST]:
        cloud = await clouds.start("sb2_plus_plugs")
        cloud.faults.add(endpoint, timeout=True, hang_seconds=HANG, count=1000)
        entry = await setup_entry(
            hass, cloud, options={OPT_TIMEOUT: CLIENT_TIMEOUT}, expect_loaded=endpoint != SITE_LIST
        )
        if endpoint == SITE_LIST:
            assert entry.state is ConfigEntryState.SETUP_RETRY
        else:
            assert entry.runtime_data.coordinator.data["sites"], endpoint
        await hass.config_entries.async_remove(entry.entry_id)
        await hass.async_block_till_done()


async def follow_schedule(
    hass: HomeAssistant, clouds: Clouds, scenario: str, fault: dict[str, Any] | None
) -> tuple[SimCloud, int]:
    """Run an entry on the coordinator's own schedule for ``SCHEDULE_WINDOW``; return the
    simulator and the number of polls."""
    cloud = await clouds.start(scenario)
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    if fault is not None:
        cloud.faults.add(count=100_000, **fault)
    end = cloud.clock.now() + SCHEDULE_WINDOW
    polls = 0
    while cloud.clock.now() < end:
        assert coordinator.update_interval is not None
        await poll(hass, entry, cloud, coordinator.update_interval.total_seconds())
        polls += 1
        assert entry.state is ConfigEntryState.LOADED
    cloud.faults.clear()
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    return cloud, polls


def asks(cloud: SimCloud, path: str) -> int:
    """Requests to ``path`` that are not the session's replay of a 429 (§3.5)."""
    count = 0
    previous = None
    for record in cloud.sim.recorder.records:
        if record.path != path:
            continue
        replay = previous is not None and previous.status == 429 and record.ts - previous.ts < 70
        count += not replay
        previous = record
    return count


@pytest.mark.parametrize(
    ("scenario", "endpoint"),
    [
        ("sb2_plus_plugs", SCENE),
        ("sb2_plus_plugs", SITE_LIST),
        ("sb2_plus_plugs", Endpoint.GET_SITE_PRICE),
        ("sb3_shelly_dynamic", PRICE_DETAIL),
    ],
)
async def test_rate_limited_endpoint_is_not_stormed(
    hass: HomeAssistant, clouds: Clouds, scenario: str, endpoint: str
) -> None:
    """After HTTP 429 an endpoint waits for its back-off: on the coordinator's own schedule it
    is asked no more often than in a clean run of the same time (each ask may bring the one
    §3.5 replay a minute later), and the other endpoints are asked as usual."""
    clean, _ = await follow_schedule(hass, clouds, scenario, None)
    refused, _ = await follow_schedule(
        hass, clouds, scenario, {"endpoint": endpoint, "status": 429}
    )
    clean_count = asks(clean, endpoint)
    refused_count = asks(refused, endpoint)
    assert clean_count > 1
    assert refused_count <= clean_count, (refused_count, clean_count)
    assert refused.paths().count(endpoint) <= 2 * clean_count
    assert refused.paths().count(SITE_LIST if endpoint != SITE_LIST else SCENE) >= (
        clean.paths().count(SITE_LIST if endpoint != SITE_LIST else SCENE)
    )


async def test_refused_password_during_a_poll_starts_reauth_once(
    hass: HomeAssistant, clouds: Clouds, caplog: pytest.LogCaptureFixture
) -> None:
    """A kicked-out token whose new login is refused (26108) in the middle of a poll: reauth
    starts, the refused password is sent once only (also on later polls), nothing is logged
    as a derivation failure."""
    cloud = await clouds.start("sb2_plus_plugs")
    entry = await setup_entry(hass, cloud, complete=True)
    logins = cloud.paths().count(LOGIN)
    cloud.faults.add(Endpoint.GET_RELATE_AND_BIND_DEVICES, code=26084, count=1000)
    cloud.faults.add(LOGIN, code=26108, count=1000)
    cloud.clock.advance(1200)  # details due: the bind list is asked
    coordinator = entry.runtime_data.coordinator
    with caplog.at_level(logging.WARNING):
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        assert [flow["context"]["source"] for flow in flows] == ["reauth"]
        assert not coordinator.last_update_success
        await poll(hass, entry, cloud, 1200)
    assert cloud.paths().count(LOGIN) == logins + 1
    assert not [r for r in caplog.records if "derivation failed" in r.getMessage()]
