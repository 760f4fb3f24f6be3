"""Devices are never lost: a device leaves the registry only after the grace period.

The rule (cleanup.py): a device is removed once it was missing from every successful, complete
poll for at least 24 h and at least 3 such polls in a row. A poll with a failed site list, scene
or bind-list request, or with an empty site list, is not complete: it neither counts nor resets.
While missing, the device and its entities stay (unavailable); when the device comes back, its
ids, names, areas and customizations are intact.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.anker_solix.cleanup import GRACE_PERIOD, GRACE_POLLS, missing_storage_key
from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import SimCloud, setup_entry
from tests.integration.test_devices import entry_identifiers, remove_plug
from tests.integration.test_polling_never_stops import timer_poll

HOUR = 3600.0
MAX_POLLS = 12


def plug_serial(entry: MockConfigEntry) -> str:
    """The first smart plug of the scenario."""
    devices = entry.runtime_data.coordinator.data["devices"]
    return sorted(sn for sn, device in devices.items() if device["type"] == "smartplug")[0]


def device_of(
    registry: dr.DeviceRegistry, entry: MockConfigEntry, key: str
) -> dr.DeviceEntry | None:
    """The entry's device of a context key (async_get_device is deprecated from 2026 on)."""
    devices = dr.async_entries_for_config_entry(registry, entry.entry_id)
    return next((device for device in devices if (DOMAIN, key) in device.identifiers), None)


def entities_of(entity_registry: er.EntityRegistry, device: dr.DeviceEntry) -> list[str]:
    """The entity ids of a device (disabled ones included)."""
    return sorted(
        entity.entity_id
        for entity in er.async_entries_for_device(
            entity_registry, device.id, include_disabled_entities=True
        )
    )


async def jump_poll(
    hass: HomeAssistant, cloud: SimCloud, seconds: float, freezer: FrozenDateTimeFactory
) -> None:
    """Both clocks jump ``seconds`` ahead (past the planned poll); the timer runs the poll."""
    cloud.clock.advance(seconds)
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def poll_until_plug_missing(
    hass: HomeAssistant,
    cloud: SimCloud,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    plug: str,
) -> None:
    """Run timer polls until the poller dropped the plug (the poll re-reading the bind list)."""
    for _ in range(MAX_POLLS):
        await timer_poll(hass, cloud, entry, freezer)
        if plug not in entry.runtime_data.coordinator.data["devices"]:
            return
    pytest.fail("the plug never left the cloud data")


async def test_empty_site_list_keeps_the_system_and_its_customizations(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    area_registry: ar.AreaRegistry,
) -> None:
    """The site list is empty for 5 polls over 2.5 days; then the system is back as it was.

    Same device id, same entity ids, the user's device name, area and entity name intact; the
    entities are unavailable meanwhile and show values again afterwards.
    """
    entry = await setup_entry(hass, cloud, complete=True)
    site_id = cloud.store.site_ids()[0]
    system = device_of(device_registry, entry, site_id)
    assert system is not None
    area = area_registry.async_create("Balkon")
    device_registry.async_update_device(system.id, name_by_user="Balkonkraftwerk", area_id=area.id)
    home_load = entity_registry.async_get_entity_id("sensor", DOMAIN, f"{site_id}_home_load_power")
    assert home_load is not None
    entity_registry.async_update_entity(home_load, name="Hausverbrauch")
    system_entities = entities_of(entity_registry, system)
    identifiers = entry_identifiers(device_registry, entry.entry_id)
    assert float(hass.states.get(home_load).state) >= 0

    listed = cloud.store.get("site_list")
    assert listed is not None
    empty = copy.deepcopy(listed)
    empty["data"]["site_list"] = []
    cloud.store.put("site_list", empty)
    for _ in range(5):
        await jump_poll(hass, cloud, 12 * HOUR, freezer)
        assert entry.runtime_data.coordinator.last_update_success
        assert site_id not in entry.runtime_data.coordinator.data["sites"]
        assert entry_identifiers(device_registry, entry.entry_id) == identifiers
        assert hass.states.get(home_load).state == STATE_UNAVAILABLE

    cloud.store.put("site_list", listed)
    await timer_poll(hass, cloud, entry, freezer)
    back = device_of(device_registry, entry, site_id)
    assert back is not None
    assert back.id == system.id
    assert back.name_by_user == "Balkonkraftwerk"
    assert back.area_id == area.id
    assert entities_of(entity_registry, back) == system_entities
    customized = entity_registry.async_get(home_load)
    assert customized is not None
    assert customized.name == "Hausverbrauch"
    assert entry_identifiers(device_registry, entry.entry_id) == identifiers
    state = hass.states.get(home_load)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert float(state.state) >= 0


async def test_removed_device_leaves_only_after_the_grace_period(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A plug removed in the app: unavailable at once, removed after 24 h and 3 polls.

    Missing for 25 h but from only 2 polls: still there. The third poll removes the device and
    its entities; every other device stays.
    """
    assert (GRACE_PERIOD, GRACE_POLLS) == (24 * HOUR, 3)
    entry = await setup_entry(hass, cloud, complete=True)
    plug = plug_serial(entry)
    device = device_of(device_registry, entry, plug)
    assert device is not None
    plug_entities = entities_of(entity_registry, device)
    assert plug_entities
    identifiers = entry_identifiers(device_registry, entry.entry_id)

    remove_plug(cloud, plug)
    await poll_until_plug_missing(hass, cloud, entry, freezer, plug)  # missing poll 1
    assert entry_identifiers(device_registry, entry.entry_id) == identifiers
    states = [state for eid in plug_entities if (state := hass.states.get(eid)) is not None]
    assert states  # (disabled entities have no state)
    assert all(state.state == STATE_UNAVAILABLE for state in states)

    await jump_poll(hass, cloud, 25 * HOUR, freezer)  # poll 2, 25 h after the first miss
    assert entry_identifiers(device_registry, entry.entry_id) == identifiers
    assert "Removing device" not in caplog.text

    await timer_poll(hass, cloud, entry, freezer)  # poll 3: both conditions hold
    assert entry_identifiers(device_registry, entry.entry_id) == {
        key: value for key, value in identifiers.items() if key != plug
    }
    assert not [eid for eid in plug_entities if entity_registry.async_get(eid) is not None]
    assert "Removing device" in caplog.text


async def test_a_removed_device_that_returns_is_registered_again(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A plug removed after its grace period comes back with the cloud, without a reload.

    Its device is registered again below its system and its entities are created again under
    the same entity ids, with values.
    """
    entry = await setup_entry(hass, cloud, complete=True)
    plug = plug_serial(entry)
    device = device_of(device_registry, entry, plug)
    assert device is not None
    plug_entities = entities_of(entity_registry, device)
    site_id = cloud.store.site_ids()[0]
    saved = {
        name: copy.deepcopy(cloud.store.get(name)) for name in (f"scene_{site_id}", "bind_devices")
    }

    remove_plug(cloud, plug)
    await poll_until_plug_missing(hass, cloud, entry, freezer, plug)
    await jump_poll(hass, cloud, 25 * HOUR, freezer)
    await timer_poll(hass, cloud, entry, freezer)
    assert device_of(device_registry, entry, plug) is None

    for name, data in saved.items():
        cloud.store.put(name, data)
    for _ in range(MAX_POLLS):
        await timer_poll(hass, cloud, entry, freezer)
        if plug in entry.runtime_data.coordinator.data["devices"]:
            break
    for _ in range(4):  # the details and energy tiers that feed the plug's other entities
        await jump_poll(hass, cloud, 1000, freezer)
    back = device_of(device_registry, entry, plug)
    assert back is not None
    system = device_of(device_registry, entry, site_id)
    assert system is not None
    assert back.via_device_id == system.id
    returned = entities_of(entity_registry, back)
    # every entity is back under its old id (the energy counters follow with the energy tier)
    assert {eid for eid in plug_entities if "_energy_" not in eid} <= set(returned)
    assert set(returned) <= set(plug_entities)
    states = [state for eid in plug_entities if (state := hass.states.get(eid)) is not None]
    assert states
    assert any(state.state != STATE_UNAVAILABLE for state in states)


async def test_incomplete_polls_do_not_count(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Polls whose scene request failed are no evidence: only complete polls count."""
    entry = await setup_entry(hass, cloud, complete=True)
    plug = plug_serial(entry)
    remove_plug(cloud, plug)
    await poll_until_plug_missing(hass, cloud, entry, freezer, plug)  # missing poll 1
    cloud.faults.add(Endpoint.GET_SCEN_INFO, status=500, count=1000)
    await jump_poll(hass, cloud, 25 * HOUR, freezer)
    for _ in range(3):
        await timer_poll(hass, cloud, entry, freezer)
        assert entry.runtime_data.coordinator.last_update_success
    assert plug in entry_identifiers(device_registry, entry.entry_id)

    cloud.faults.clear()
    await timer_poll(hass, cloud, entry, freezer)  # complete poll 2
    assert plug in entry_identifiers(device_registry, entry.entry_id)
    await timer_poll(hass, cloud, entry, freezer)  # complete poll 3
    assert plug not in entry_identifiers(device_registry, entry.entry_id)


async def test_missing_since_survives_a_restart(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The missing-since time is kept in storage: a reload does not restart the grace."""
    entry = await setup_entry(hass, cloud, complete=True)
    plug = plug_serial(entry)
    remove_plug(cloud, plug)
    await poll_until_plug_missing(hass, cloud, entry, freezer, plug)  # missing poll 1
    await timer_poll(hass, cloud, entry, freezer)  # missing poll 2
    assert plug in entry_identifiers(device_registry, entry.entry_id)

    async_fire_time_changed(hass)  # the store's delayed write (delay 0; no poll is due yet)
    await hass.async_block_till_done()
    polls = cloud.paths().count(Endpoint.GET_SITE_LIST)

    cloud.clock.advance(25 * HOUR)
    freezer.tick(timedelta(hours=25))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    # The setup poll is missing poll 3, 25 h after the first miss.
    assert cloud.paths().count(Endpoint.GET_SITE_LIST) == polls + 1
    assert plug not in entry_identifiers(device_registry, entry.entry_id)


async def test_bookkeeping_is_stored_and_deleted_with_the_entry(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """The missing plug is in the entry's store; removing the entry deletes the store."""
    entry = await setup_entry(hass, cloud, complete=True)
    plug = plug_serial(entry)
    remove_plug(cloud, plug)
    await poll_until_plug_missing(hass, cloud, entry, freezer, plug)
    async_fire_time_changed(hass)  # the store's delayed write (delay 0) runs on the timer
    await hass.async_block_till_done()
    key = missing_storage_key(entry.entry_id)
    assert set(hass_storage[key]["data"]["missing"]) == {plug}
    assert hass_storage[key]["data"]["missing"][plug]["polls"] == 1
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage
