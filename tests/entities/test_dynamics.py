"""Entity behaviour across polls: stale data, new devices, errors, exclusions, daily totals."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import (
    DOMAIN,
    OPT_EXCLUDE,
    OPT_STALE_DATA,
    STALE_KEEP_LAST,
)
from custom_components.anker_solix.context import ContextKind, SolixContext
from custom_components.anker_solix.sensor import SENSORS, SolixSensor
from tests.entities.conftest import LoadPlatform, entry_device
from tests.integration.conftest import SimCloud

SCENE = "power_service/v1/site/get_scen_info"
SOC = "sensor.solarbank_balkon_state_of_charge"


async def poll(hass: HomeAssistant, cloud: SimCloud, entry: MockConfigEntry, seconds: int) -> None:
    """Move the simulator's clock on and let the coordinator poll once."""
    cloud.clock.advance(seconds)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_invalid_data_makes_live_values_unavailable(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """While the cloud marks the data invalid, live values are unavailable, never 0."""
    entry = await load_platform(Platform.SENSOR)
    assert hass.states.get(SOC).state == "80"
    cloud.faults.add(SCENE, retype={"solarbank_info.is_display_data": False}, count=1)
    await poll(hass, cloud, entry, 60)
    assert entry.runtime_data.coordinator.data["sites"]
    for entity_id in (SOC, "sensor.solarbank_balkon_battery_energy"):
        assert hass.states.get(entity_id).state == STATE_UNAVAILABLE, entity_id
    assert hass.states.get("sensor.solarbank_balkon_status").state == "online"
    # The data age goes on while the values are stale: data of 11:06:30, polled seconds later.
    assert 0 <= int(hass.states.get("sensor.balkon_west_data_age").state) < 60

    await poll(hass, cloud, entry, 60)
    assert hass.states.get(SOC).state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_invalid_data_keeps_last_value_by_option(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """With the keep-last option, stale values stay at the last valid value."""
    entry = await load_platform(Platform.SENSOR, options={OPT_STALE_DATA: STALE_KEEP_LAST})
    cloud.faults.add(
        SCENE,
        retype={
            "solarbank_info.is_display_data": False,
            "solarbank_info.solarbank_list.0.battery_power": "0",
        },
        count=1,
    )
    await poll(hass, cloud, entry, 60)
    device = entry.runtime_data.coordinator.data["devices"]["2CBMC6GFUP32YU4Y"]
    assert device["battery_soc"] == "0"
    assert hass.states.get(SOC).state == "80"


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_offline_device_values_unavailable(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """A device the cloud reports offline shows its status, but no live values."""
    entry = await load_platform(Platform.SENSOR)
    cloud.faults.add(SCENE, retype={"solarbank_info.solarbank_list.0.status": "0"}, count=1)
    await poll(hass, cloud, entry, 60)
    assert hass.states.get("sensor.solarbank_balkon_status").state == "offline"
    assert hass.states.get("sensor.solarbank_balkon_charging_status").state == STATE_UNAVAILABLE


def _add_plug(cloud: SimCloud, serial: str) -> None:
    """Put a fourth smart plug into the system's scene (as if just installed)."""
    name = f"scene_{cloud.sim.store.site_ids()[0]}"
    envelope: dict[str, Any] = cloud.sim.store.get(name) or {}
    plugs = envelope["data"]["smart_plug_info"]["smartplug_list"]
    plugs.append({**plugs[0], "device_sn": serial, "device_name": "Kaffeemaschine"})
    cloud.sim.store.put(name, envelope)


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_new_device_appears_without_reload(
    hass: HomeAssistant,
    cloud: SimCloud,
    load_platform: LoadPlatform,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A device that shows up in a later poll gets its device and entities at once."""
    entry = await load_platform(Platform.SENSOR)
    serial = "N3WPLUG0000000001"
    assert entry_device(device_registry, entry, serial) is None
    _add_plug(cloud, serial)
    await poll(hass, cloud, entry, 300)
    device = entry_device(device_registry, entry, serial)
    assert device is not None
    assert device.name == "Kaffeemaschine"
    entity_id = entity_registry.async_get_entity_id("sensor", DOMAIN, f"{serial}_plug_power")
    assert entity_id is not None
    assert hass.states.get(entity_id).state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_errors_show_on_account_while_other_entities_keep_updating(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """A failed site list is reported by the account's last-error sensors.

    The poll reuses the last known site list (the failure affects only what the site list
    feeds), so the state of charge from the scene stays available.
    """
    entry = await load_platform(Platform.SENSOR)
    assert hass.states.get("sensor.sol_de_last_error").state == "none"
    cloud.faults.add("power_service/v1/site/get_site_list", code=999, count=10)
    # the site list is read with the details, not on every live poll: the user's refresh reads it
    cloud.clock.advance(60)
    await entry.runtime_data.coordinator.async_manual_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(SOC).state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    assert entry.runtime_data.coordinator.last_update_success
    error = hass.states.get("sensor.sol_de_last_error")
    assert error.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN, "none")
    assert hass.states.get("sensor.sol_de_last_error_time").state.startswith("2025-03-18T11:")
    assert int(hass.states.get("sensor.sol_de_cloud_requests_last_hour").state) > 0


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_exclusions_drop_entities_and_devices(
    hass: HomeAssistant,
    load_platform: LoadPlatform,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Excluded device types get no device; excluded categories get no entities."""
    entry = await load_platform(
        Platform.SENSOR, options={OPT_EXCLUDE: ["smartplug", "solarbank_energy", "device_tag"]}
    )
    assert entry_device(device_registry, entry, "6YTH9GZBGSSGTRXH") is None
    assert hass.states.get("sensor.stadtwohnung_smart_plugs_power") is None
    assert hass.states.get("sensor.stadtwohnung_solar_production_today") is None
    assert hass.states.get("sensor.solarbank_plus_state_of_charge") is not None


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_daily_total_ignores_dips_within_a_day(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """A daily total never dips within its day (no false reset); a new day resets it."""
    entry = await load_platform(Platform.SENSOR)
    coordinator = entry.runtime_data.coordinator
    description = next(d for d in SENSORS if d.key == "daily_solar_production")
    site_id = next(iter(coordinator.data["sites"]))
    ctx = SolixContext(ContextKind.SITE, site_id, coordinator.data, str(entry.unique_id))
    sensor = SolixSensor(coordinator, ctx, description)
    assert sensor.native_value == 1.12
    assert sensor._daily_counter(1.11, "2025-03-18") == 1.12
    sensor._attr_native_value = 1.12
    assert sensor._daily_counter(1.05, "2025-03-18") == 1.12
    sensor._attr_native_value = 1.12
    assert sensor._daily_counter(0.0, "2025-03-19") == 0.0


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_binary_sensors_follow_polls(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """Binary sensors take each poll's state and go unavailable for an offline plug."""
    entry = await load_platform(Platform.BINARY_SENSOR)
    entity_id = "binary_sensor.waschmaschine_ai_controlled"
    assert hass.states.get(entity_id).state == "on"
    cloud.faults.add(SCENE, retype={"smart_plug_info.smartplug_list.1.auto_switch": False}, count=1)
    await poll(hass, cloud, entry, 300)
    assert hass.states.get(entity_id).state == "off"
    cloud.faults.add(SCENE, retype={"smart_plug_info.smartplug_list.1.status": "0"}, count=1)
    await poll(hass, cloud, entry, 300)
    assert hass.states.get(entity_id).state == STATE_UNAVAILABLE
