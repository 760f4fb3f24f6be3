"""The account's "Cloud polling" switch: off sends nothing, on polls at once, restored at start."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, EntityCategory
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache,
)

from custom_components.anker_solix.const import (
    DOMAIN,
    OPT_STALE_DATA,
    STALE_KEEP_LAST,
    STALE_UNAVAILABLE,
)
from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import SimCloud, setup_entry

KEEP_LAST = {OPT_STALE_DATA: STALE_KEEP_LAST}
SCENE = Endpoint.GET_SCEN_INFO


def entity_id(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    """The entity id of one of our entities."""
    found = er.async_get(hass).async_get_entity_id(platform, DOMAIN, unique_id)
    assert found is not None, unique_id
    return found


def polling_switch(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The entity id of the entry's cloud polling switch."""
    return entity_id(hass, "switch", f"{entry.unique_id}_allow_refresh")


def solarbank(entry: MockConfigEntry) -> str:
    """The serial of the scenario's Solarbank."""
    devices = entry.runtime_data.coordinator.data["devices"]
    return str(next(sn for sn, device in devices.items() if device["type"] == "solarbank"))


def device_id(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    """The device registry id of a device, system or account of the entry."""
    found = [
        device.id
        for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if (DOMAIN, key) in device.identifiers
    ]
    assert len(found) == 1, key
    return found[0]


async def switch(hass: HomeAssistant, target: str, on: bool) -> None:
    """Turn a switch on or off (blocking)."""
    service = "turn_on" if on else "turn_off"
    await hass.services.async_call("switch", service, {"entity_id": target}, blocking=True)
    await hass.async_block_till_done()


async def let_time_pass(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Move the simulator and Home Assistant's clock on and fire the time change."""
    cloud.clock.advance(seconds)
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_switch_is_a_local_config_switch_that_starts_on(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """One account switch, category config, on after setup, unique id `<user id>_allow_refresh`."""
    entry = await setup_entry(hass, cloud)
    target = polling_switch(hass, entry)
    registered = er.async_get(hass).async_get(target)
    assert registered is not None
    assert registered.entity_category is EntityCategory.CONFIG
    assert registered.translation_key == "cloud_polling"
    assert registered.device_id == device_id(hass, entry, str(entry.unique_id))
    state = hass.states.get(target)
    assert state is not None
    assert state.state == STATE_ON


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_members_get_the_switch_too(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The switch writes nothing to the cloud, so member accounts have it as well."""
    entry = await setup_entry(hass, cloud)
    state = hass.states.get(polling_switch(hass, entry))
    assert state is not None
    assert state.state == STATE_ON


@pytest.mark.parametrize(
    ("stale_data", "expect_kept"), [(STALE_UNAVAILABLE, False), (STALE_KEEP_LAST, True)]
)
async def test_off_sends_nothing_and_follows_the_stale_option(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    stale_data: str,
    expect_kept: bool,
) -> None:
    """Off: hours pass without a request; the data is paused (unavailable or kept, per option)."""
    entry = await setup_entry(hass, cloud, options={OPT_STALE_DATA: stale_data}, complete=True)
    coordinator = entry.runtime_data.coordinator
    target = polling_switch(hass, entry)
    power = entity_id(hass, "sensor", f"{solarbank(entry)}_solar_power")
    power_before = hass.states.get(power)
    assert power_before is not None
    assert power_before.state != STATE_UNAVAILABLE
    requests = len(cloud.paths())

    await switch(hass, target, on=False)
    switch_state = hass.states.get(target)
    assert switch_state is not None
    assert switch_state.state == STATE_OFF
    assert coordinator.polling_paused
    for _ in range(6):
        await let_time_pass(hass, cloud, freezer, 900)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert len(cloud.paths()) == requests

    power_after = hass.states.get(power)
    assert power_after is not None
    assert power_after.state == (power_before.state if expect_kept else STATE_UNAVAILABLE)
    switch_state = hass.states.get(target)
    assert switch_state is not None
    assert switch_state.state == STATE_OFF
    requests_sensor = hass.states.get(
        entity_id(hass, "sensor", f"{entry.unique_id}_requests_last_hour")
    )
    assert requests_sensor is not None
    assert requests_sensor.state != STATE_UNAVAILABLE


async def test_controls_and_actions_refuse_without_a_request(
    hass: HomeAssistant, cloud: SimCloud, hass_admin_user: Any
) -> None:
    """Off: cloud controls, refresh buttons and every requesting action refuse; info from cache."""
    entry = await setup_entry(hass, cloud, options=KEEP_LAST, complete=True)
    serial = solarbank(entry)
    site_id = str(entry.runtime_data.poller.devices[serial]["site_id"])
    await switch(hass, polling_switch(hass, entry), on=False)
    requests = len(cloud.paths())
    solarbank_device = {"device_id": device_id(hass, entry, serial)}

    async def refused(domain: str, service: str, data: dict[str, Any], **kwargs: Any) -> None:
        with pytest.raises(ServiceValidationError) as caught:
            await hass.services.async_call(domain, service, data, blocking=True, **kwargs)
        assert caught.value.translation_domain == DOMAIN
        assert caught.value.translation_key == "cloud_polling_off"

    upgrade = entity_id(hass, "switch", f"{serial}_auto_upgrade")
    await refused("switch", "turn_off", {"entity_id": upgrade})
    button = entity_id(hass, "button", f"{serial}_refresh_device")
    await refused("button", "press", {"entity_id": button})
    await refused(DOMAIN, "get_solarbank_schedule", solarbank_device, return_response=True)
    await refused(
        DOMAIN,
        "set_solarbank_schedule",
        {**solarbank_device, "start_time": "08:00", "end_time": "12:00", "appliance_load": 200},
    )
    await refused(
        DOMAIN,
        "api_request",
        {"config_entry_id": entry.entry_id, "method": "post", "endpoint": SCENE},
        return_response=True,
    )
    await refused(
        DOMAIN, "export_systems", {"config_entry_id": entry.entry_id}, return_response=True
    )
    site_device = {"device_id": device_id(hass, entry, site_id)}
    await refused(
        DOMAIN, "get_system_info", {**site_device, "include_fresh": True}, return_response=True
    )
    await refused(
        DOMAIN,
        "get_device_info",
        {**solarbank_device, "include_fresh": True},
        return_response=True,
    )
    assert len(cloud.paths()) == requests

    # Answers from the cache need no request.
    system = await hass.services.async_call(
        DOMAIN, "get_system_info", site_device, blocking=True, return_response=True
    )
    assert system is not None
    assert system["site_id"] == site_id
    device = await hass.services.async_call(
        DOMAIN, "get_device_info", solarbank_device, blocking=True, return_response=True
    )
    assert device is not None
    assert device["device_sn"] == serial
    assert len(cloud.paths()) == requests
    upgrade_state = hass.states.get(upgrade)
    assert upgrade_state is not None
    assert upgrade_state.state == STATE_ON


async def test_on_polls_at_once_then_follows_the_scheduler(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> None:
    """On: exactly one poll right away with the current values, then the regular polls."""
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    serial = solarbank(entry)
    target = polling_switch(hass, entry)
    power = entity_id(hass, "sensor", f"{serial}_solar_power")
    await switch(hass, target, on=False)
    await let_time_pass(hass, cloud, freezer, 1800)
    scenes = cloud.paths().count(SCENE)
    before = dict(coordinator.data["devices"][serial])

    await switch(hass, target, on=True)
    assert cloud.paths().count(SCENE) == scenes + 1
    assert not coordinator.polling_paused
    switch_state = hass.states.get(target)
    assert switch_state is not None
    assert switch_state.state == STATE_ON
    fresh = coordinator.data["devices"][serial]
    assert fresh != before
    power_state = hass.states.get(power)
    assert power_state is not None
    assert power_state.state == str(fresh["input_power"])

    assert coordinator.update_interval is not None
    await let_time_pass(hass, cloud, freezer, coordinator.update_interval.total_seconds() + 1)
    assert cloud.paths().count(SCENE) == scenes + 2


async def test_local_customizations_still_work_while_off(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """A battery capacity customization sends nothing, so it is allowed while polling is off."""
    entry = await setup_entry(hass, cloud, options=KEEP_LAST, complete=True)
    serial = solarbank(entry)
    await switch(hass, polling_switch(hass, entry), on=False)
    requests = len(cloud.paths())
    capacity = entity_id(hass, "number", f"{serial}_battery_capacity")
    await hass.services.async_call(
        "number", "set_value", {"entity_id": capacity, "value": 1500}, blocking=True
    )
    await hass.async_block_till_done()
    assert len(cloud.paths()) == requests
    state = hass.states.get(capacity)
    assert state is not None
    assert float(state.state) == 1500


async def test_off_is_restored_after_a_restart(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> None:
    """A restart with the switch off keeps polling off (after the one poll setup needs)."""
    entry = await setup_entry(hass, cloud)
    target = polling_switch(hass, entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    mock_restore_cache(hass, [State(target, STATE_OFF)])
    freezer.tick(timedelta(seconds=2))  # past the start spacing of two first polls
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    coordinator = entry.runtime_data.coordinator
    state = hass.states.get(target)
    assert state is not None
    assert state.state == STATE_OFF
    assert coordinator.polling_paused
    requests = len(cloud.paths())
    for _ in range(4):
        await let_time_pass(hass, cloud, freezer, 900)
    assert len(cloud.paths()) == requests

    await switch(hass, target, on=True)
    assert len(cloud.paths()) > requests
    assert not coordinator.polling_paused


async def test_on_is_restored_after_a_restart(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A restart with the switch on polls as usual."""
    entry = await setup_entry(hass, cloud)
    target = polling_switch(hass, entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    mock_restore_cache(hass, [State(target, STATE_ON)])
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(target)
    assert state is not None
    assert state.state == STATE_ON
    assert not entry.runtime_data.coordinator.polling_paused
