"""One entity per quantity: the output preset and battery capacity controls replace the sensors
that repeated them, and a control that cannot be used now says why instead of greying out."""

from __future__ import annotations

import pytest
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.cleanup import async_remove_replaced_sensors
from custom_components.anker_solix.const import DOMAIN
from tests.controls.roundtrip import Case, call
from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import SimCloud

WRITE = "power_service/v1/site/set_site_device_param"
REPLACED = ("_battery_capacity", "_output_preset", "_system_output_preset")


def _sensor_ids(registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    return {
        entity.unique_id
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if entity.domain == "sensor"
    }


def _banks(entry: MockConfigEntry) -> list[str]:
    devices = entry.runtime_data.coordinator.data["devices"]
    return sorted(sn for sn, device in devices.items() if device.get("type") == "solarbank")


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_smartmeter"])
async def test_output_preset_outside_manual_mode_says_why(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """Smart meter mode: the number shows the effective preset and refuses with the mode."""
    entity_id = "number.sb2_pro_system_output_preset"
    await load_platform(Platform.NUMBER)
    state = hass.states.get(entity_id).state
    assert state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    before = len(cloud.recorder.records)
    case = Case("sb2_pro_meter_smartmeter", Platform.NUMBER, entity_id, "number.set_value")
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, case, value=float(state) + 50)
    assert (caught.value.translation_domain, caught.value.translation_key) == (
        DOMAIN,
        "no_usable_plan",
    )
    assert caught.value.translation_placeholders == {"mode": "smartmeter"}
    assert WRITE not in cloud.paths()[before:]
    assert hass.states.get(entity_id).state == state


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_single_solarbank_owner_gets_the_controls_only(
    hass: HomeAssistant, load_platform: LoadPlatform, entity_registry: er.EntityRegistry
) -> None:
    """No output preset or capacity sensors beside the numbers that show the same values."""
    entry = await load_platform(Platform.SENSOR)
    sensors = _sensor_ids(entity_registry, entry)
    assert sensors  # the platform did create sensors
    assert not [unique_id for unique_id in sensors if unique_id.endswith(REPLACED)]


@pytest.mark.parametrize("scenario", ["sb1_dual_zero_switch"])
async def test_several_solarbanks_keep_each_units_share(
    hass: HomeAssistant, load_platform: LoadPlatform, entity_registry: er.EntityRegistry
) -> None:
    """Two units: each shows its own share; the system preset is the owner's number."""
    entry = await load_platform(Platform.SENSOR)
    sensors = _sensor_ids(entity_registry, entry)
    banks = _banks(entry)
    assert len(banks) == 2
    assert {f"{sn}_output_preset" for sn in banks} <= sensors
    assert not [unique_id for unique_id in sensors if unique_id.endswith("_system_output_preset")]


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_member_sees_the_system_preset_as_a_sensor(
    hass: HomeAssistant, load_platform: LoadPlatform, entity_registry: er.EntityRegistry
) -> None:
    """A member has no preset control, so the system keeps its read-only sensor."""
    entry = await load_platform(Platform.SENSOR)
    sites = entry.runtime_data.coordinator.data["sites"]
    sensors = _sensor_ids(entity_registry, entry)
    assert {f"{site_id}_system_output_preset" for site_id in sites} <= sensors


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_replaced_sensors_leave_the_registry_of_an_existing_install(
    hass: HomeAssistant, load_platform: LoadPlatform, entity_registry: er.EntityRegistry
) -> None:
    """Rows of the replaced sensors (earlier releases) are removed; other rows stay."""
    entry = await load_platform(Platform.NUMBER)
    (bank,) = _banks(entry)
    site_id = entry.runtime_data.coordinator.data["devices"][bank]["site_id"]
    replaced = [
        f"{bank}_battery_capacity",
        f"{bank}_output_preset",
        f"{site_id}_system_output_preset",
    ]
    kept = [f"{bank}_battery_energy"]
    for unique_id in (*replaced, *kept):
        entity_registry.async_get_or_create("sensor", DOMAIN, unique_id, config_entry=entry)
    async_remove_replaced_sensors(hass, entry)  # what the entry setup runs
    sensors = _sensor_ids(entity_registry, entry)
    assert not sensors & set(replaced)
    assert set(kept) <= sensors
    assert entity_registry.async_get_entity_id("number", DOMAIN, f"{bank}_battery_capacity")
