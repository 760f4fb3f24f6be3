"""Portable power stations and expansion batteries: the devices that need live data most."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import entity_id, link, wait_for


def device_entry(hass: HomeAssistant, entry_id: str, key: str) -> dr.DeviceEntry:
    """Our registry device with the identifier `key`."""
    registry = dr.async_get(hass)
    return next(
        d
        for d in dr.async_entries_for_config_entry(registry, entry_id)
        if (DOMAIN, key) in d.identifiers
    )


def shows(hass: HomeAssistant, entity: str, value: object) -> bool:
    """Whether a numeric entity shows `value`."""
    found = hass.states.get(entity)
    try:
        return found is not None and float(found.state) == pytest.approx(float(str(value)))
    except ValueError:
        return False


@pytest.mark.parametrize("scenario", ["pps_c1000_standalone"])
async def test_standalone_power_station_is_a_device_of_the_account(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """A C1000 outside any system: a device below the account with its live values."""
    entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    (sn,) = live.devices
    await wait_for(hass, lambda: live.last_message(sn) is not None, "the station publishes")
    pps = device_entry(hass, entry.entry_id, sn)
    account = device_entry(hass, entry.entry_id, str(entry.unique_id))
    assert pps.via_device_id == account.id
    assert pps.model_id == "A1761"
    for name in ("temp_c", "out_total_w", "main_soc_pct", "usbc1_w"):
        value = live.value(sn, name)
        assert value is not None, name
        entity = entity_id(hass, "sensor", f"{sn}_live_{name}")
        await wait_for(hass, lambda e=entity, v=value: shows(hass, e, v), f"{name} shows")


@pytest.mark.parametrize("scenario", ["sb2_pps_attached"])
async def test_attached_power_station_is_a_device_of_its_system(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """A C1000 in a Solarbank 2 system hangs below the system and gets its live values."""
    entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    sn = next(sn for sn, pn in live.devices.items() if pn == "A1761")
    site_id = entry.runtime_data.poller.devices[sn]["site_id"]
    assert device_entry(hass, entry.entry_id, sn).via_device_id == (
        device_entry(hass, entry.entry_id, site_id).id
    )
    await wait_for(hass, lambda: live.value(sn, "ac_out_w") is not None, "the station publishes")
    entity = entity_id(hass, "sensor", f"{sn}_live_ac_out_w")
    await wait_for(hass, lambda: shows(hass, entity, live.value(sn, "ac_out_w")), "AC out shows")


@pytest.mark.parametrize("scenario", ["sb3_expansions"])
async def test_expansion_values_arrive_with_live_updates(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Expansion-pack values come with real-time data only (protocol §7.6): pressing the
    button brings the pack temperature and state of charge to their entities."""
    entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    sn = next(sn for sn, pn in live.devices.items() if pn == "A17C5")
    await wait_for(hass, lambda: live.last_message(sn) is not None, "the Solarbank publishes")
    button = entity_id(hass, "button", f"{sn}_start_live_updates")
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    live_cloud.clock.advance(4)
    await wait_for(hass, lambda: live.value(sn, "exp1_temp_c") is not None, "pack values arrive")
    for name in ("exp1_temp_c", "exp1_soc_pct", "exp3_temp_c"):
        value = live.value(sn, name)
        entity = entity_id(hass, "sensor", f"{sn}_live_{name}")
        await wait_for(hass, lambda e=entity, v=value: shows(hass, e, v), f"{name} shows")
    # The cloud counts three packs: the map's packs 4 and 5 get no entities.
    assert entry.runtime_data.poller.devices[sn]["sub_package_num"] == 3
    registry = er.async_get(hass)
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{sn}_live_exp3_soh_pct")
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{sn}_live_exp4_temp_c") is None
