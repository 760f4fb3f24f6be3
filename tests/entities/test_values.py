"""User-visible states of key entities per device family, read from the scenarios at base time."""

from __future__ import annotations

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from tests.entities.conftest import LoadPlatform, entry_device

SENSOR_STATES = {
    "sb1_single": {
        "sensor.solarbank_balkon_state_of_charge": ("80", "%"),
        "sensor.solarbank_balkon_battery_power": ("396", "W"),
        "sensor.solarbank_balkon_solar_power": ("396", "W"),
        "sensor.solarbank_balkon_output_power": ("0", "W"),
        "sensor.solarbank_balkon_charging_status": ("charge_priority", None),
        "sensor.balkon_west_data_time": ("2025-03-18T11:05:30+00:00", None),
        "sensor.balkon_west_solar_production_today": ("1.12", "kWh"),
        "sensor.balkon_west_total_savings": ("89.11", "€"),
    },
    "sb2_pro_meter_smartmeter": {
        "sensor.sb2_pro_battery_power": ("-73", "W"),
        "sensor.sb2_pro_charging_status": ("bypass_discharge", None),
        "sensor.stromzahler_grid_import_power": ("17", "W"),
        "sensor.stromzahler_grid_export_power": ("0", "W"),
        "sensor.altbau_mitte_usage_mode": ("smartmeter", None),
        "sensor.altbau_mitte_home_load_power": ("329", "W"),
    },
    "sb2_plus_plugs": {
        "sensor.kuhlschrank_power": ("85", "W"),
        "sensor.kuhlschrank_energy_today": ("0.57", "kWh"),
        "sensor.kuhlschrank_label": ("Kitchen", None),
        "sensor.stadtwohnung_smart_plugs_power": ("489", "W"),
        "sensor.stadtwohnung_other_loads_power": ("100", "W"),
        "sensor.stadtwohnung_usage_mode": ("smartplugs", None),
    },
    "sb3_multisystem_dock": {
        "sensor.carport_south_battery_power": ("-250", "W"),
        "sensor.carport_north_battery_power": ("700", "W"),
        "sensor.carport_array_solarbank_battery_power": ("450", "W"),
        "sensor.power_dock_total_power_limit": ("3600", "W"),
    },
    "sb3_shelly_dynamic": {
        "sensor.balcony_dynamic_price": ("0.2175", "€/kWh"),
        "sensor.balcony_spot_price": ("3.85", "€/MWh"),
        "sensor.balcony_usage_mode": ("smart", None),
        "sensor.balcony_south_ai_learning_status": ("trained", None),
        "sensor.balcony_this_hour_s_solar_forecast": ("1056.0", "W"),
    },
    "x1_hes": {
        "sensor.x1_keller_average_solar_power": ("6790.0", "W"),
        "sensor.x1_keller_average_grid_export": ("3220.0", "W"),
        "sensor.x1_keller_average_charge_power": ("3000.0", "W"),
        "sensor.x1_keller_state_of_charge": ("68", "%"),
        "sensor.x1_keller_battery_energy": ("10200", "Wh"),
        "sensor.x1_keller_station_role": ("primary", None),
        "sensor.haus_lindenweg_data_time": ("2025-06-18T08:55:00+00:00", None),
        "sensor.haus_lindenweg_battery_modules": ("3", None),
    },
    "powerpanel": {
        "sensor.garage_panel_average_home_usage": ("1000.0", "W"),
        "sensor.garage_panel_state_of_charge": ("48", "%"),
        "sensor.maple_street_data_time": ("2025-02-11T15:25:00+00:00", None),
        "sensor.maple_street_total_savings": ("486.33", "$"),
    },
    "mi80_standalone": {
        "sensor.balkon_mi80_ac_power": ("790", "W"),
        "sensor.standalone_inverter_solar_production_today": ("2.79", "kWh"),
    },
    "member_sb3": {
        "sensor.solarbank_dach_state_of_charge": ("41", "%"),
        "sensor.solarbank_dach_battery_power": ("1325", "W"),
        "sensor.solarbank_dach_charging_status": ("charge_bypass", None),
        "sensor.zahler_keller_grid_import_power": ("0", "W"),
    },
}


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(("scenario", "expected"), SENSOR_STATES.items())
async def test_sensor_states(
    hass: HomeAssistant, load_platform: LoadPlatform, expected: dict[str, tuple[str, str | None]]
) -> None:
    """Values, signs (battery power: + charging, − discharging), units and status texts."""
    await load_platform(Platform.SENSOR)
    for entity_id, (value, unit) in expected.items():
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert (state.state, state.attributes.get("unit_of_measurement")) == (value, unit), (
            entity_id
        )


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_member_account_binary_sensors(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """A member sees the system as not its own and gets no owner-only firmware entities."""
    await load_platform(Platform.BINARY_SENSOR)
    assert hass.states.get("binary_sensor.ferienhaus_system_owner").state == STATE_OFF
    assert hass.states.get("binary_sensor.solarbank_dach_firmware_update") is None


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_plug_binary_sensors(hass: HomeAssistant, load_platform: LoadPlatform) -> None:
    """Smart plugs report whether the AI controls them and their Wi-Fi connection."""
    await load_platform(Platform.BINARY_SENSOR)
    assert hass.states.get("binary_sensor.waschmaschine_ai_controlled").state == STATE_ON
    assert hass.states.get("binary_sensor.kuhlschrank_ai_controlled").state == STATE_OFF
    assert hass.states.get("binary_sensor.kuhlschrank_wi_fi_connection").state == STATE_ON


@pytest.mark.parametrize("scenario", ["mi80_standalone"])
async def test_standalone_inverter_has_no_false_wifi_state(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """The cloud reports standalone inverters' Wi-Fi as offline; no entity shows that."""
    await load_platform(Platform.BINARY_SENSOR)
    assert hass.states.get("binary_sensor.balkon_mi80_wi_fi_connection") is None


@pytest.mark.parametrize("scenario", ["x1_hes"])
async def test_device_hierarchy(
    hass: HomeAssistant, load_platform: LoadPlatform, device_registry: dr.DeviceRegistry
) -> None:
    """Account → system → main device → HES modules, with names, models and serials."""
    entry = await load_platform(Platform.SENSOR)
    account = entry_device(device_registry, entry, str(entry.unique_id))
    system = entry_device(device_registry, entry, "ab82e575-d97c-55a9-59dc-202fe3014242")
    main = entry_device(device_registry, entry, "VDSC09AV03KPXZWU")
    module = entry_device(device_registry, entry, "4C80NWNR9SSRKNWQ")
    assert account is not None
    assert system is not None
    assert main is not None
    assert module is not None
    assert account.via_device_id is None
    assert account.manufacturer == "Anker"
    assert (system.name, system.via_device_id) == ("Haus Lindenweg", account.id)
    assert (main.name, main.model, main.model_id) == ("X1 Keller", "X1-H(5~12)K-T", "A5103")
    assert (main.serial_number, main.sw_version, main.via_device_id) == (
        "VDSC09AV03KPXZWU",
        "v1.3.9",
        system.id,
    )
    assert (module.name, module.model_id, module.via_device_id) == ("Battery 2", "A5220", main.id)


@pytest.mark.parametrize("scenario", ["powerpanel"])
async def test_device_without_system_hangs_below_account(
    hass: HomeAssistant, load_platform: LoadPlatform, device_registry: dr.DeviceRegistry
) -> None:
    """A bound device outside any system (a power station) is shown below the account."""
    entry = await load_platform(Platform.SENSOR)
    account = entry_device(device_registry, entry, str(entry.unique_id))
    station = entry_device(device_registry, entry, "9KGZDTR9EZ0U69XW")
    assert account is not None
    assert station is not None
    assert (station.name, station.model, station.via_device_id) == (
        "F3800 Backup",
        "SOLIX F3800",
        account.id,
    )


@pytest.mark.parametrize("scenario", ["vehicles_account"])
async def test_vehicles(
    hass: HomeAssistant,
    load_platform: LoadPlatform,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Vehicles are devices below the account with their brand, model and update time."""
    entry = await load_platform(Platform.BINARY_SENSOR)
    vehicle_id = "1300bf5d-64d6-d136-4146-cfece3f2b7e9"
    vehicle = entry_device(device_registry, entry, vehicle_id)
    account = entry_device(device_registry, entry, str(entry.unique_id))
    assert vehicle is not None
    assert account is not None
    assert (vehicle.name, vehicle.manufacturer, vehicle.model, vehicle.hw_version) == (
        "Stadtflitzer",
        "Alfa Romeo",
        "Junior Elettrica",
        "2024",
    )
    assert vehicle.via_device_id == account.id
    entity_id = entity_registry.async_get_entity_id(
        "binary_sensor", DOMAIN, f"{vehicle_id}_smart_charging"
    )
    assert entity_id is not None
    assert hass.states.get(entity_id).state == STATE_ON
