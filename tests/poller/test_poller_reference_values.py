"""Values the library derives where real exports disagreed with the reference (issue 17 G).

Each test serves a scenario through the simulator with a small variation made in the test
(the simulator's store, or a fault that drops or changes a field) and asserts the cache values
and, for the integration, the entity states a user sees:

* cascaded SB1 units follow their SB2's system output while it runs an automatic mode (§6.2,
  §8.3);
* ``is_display_data`` false marks the site and all its devices invalid, a scene without the flag
  counts as valid (§5.8);
* AC models (Solarbank 2 AC, Solarbank 3) report the micro-inverter channel's daily energy, also
  when it is 0.00 (§7.2);
* AC models without a backup plan have the backup option off, and a Solarbank 3 listed without an
  AC input limit has none (0) (§6.7, §4.4.5).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.const import STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from solixsim import CloudSimulator
from solixsim.scenario import ScenarioStore
from tests.entities.conftest import (
    LoadPlatform,
    entity_registry_enabled_by_default,
    load_platform,
)
from tests.integration.conftest import SimCloud, cloud, scenario
from tests.loopback import served

__all__ = ["cloud", "entity_registry_enabled_by_default", "load_platform", "scenario"]

SCENE = "power_service/v1/site/get_scen_info"
POWER_LIMIT = "power_service/v1/site/get_power_limit"
ENERGY = "power_service/v1/site/energy_analysis"

CASCADED_SITE = "8ead84eb-d013-94e0-4b6e-d856f09d2e14"
CASCADED_SB2 = "9V42QGHICX01LIMZ"
CASCADED_SB1 = "SGVTMIBVCPSUKOXY"
SECOND_SB1 = "SB1TWIN000000001"

METER_SITE = "82276cdb-87be-c519-d412-0cecadd06952"
SB3_SITE = "85b17b79-49e1-6e8a-aee1-51c7baea4f5d"
SB2_AC_SITE = "10f9b989-4cef-bd3a-c6c9-0bd6b08e0fcf"


def _data(store: ScenarioStore, name: str) -> Any:
    envelope = store.get(name)
    assert envelope is not None, name
    return envelope["data"]


def _edit(store: ScenarioStore, name: str, change: Any) -> None:
    """Change the ``data`` of a stored answer in place."""
    envelope = store.get(name)
    assert envelope is not None, name
    change(envelope["data"])
    store.put(name, envelope)


def _edit_param(store: ScenarioStore, name: str, change: Any) -> None:
    """Change a stored ``param_data`` (a JSON string) of a site parameter answer."""

    def edit(data: dict[str, Any]) -> None:
        param = json.loads(data["param_data"])
        change(param)
        data["param_data"] = json.dumps(param)

    _edit(store, name, edit)


def _serial_of(store: ScenarioStore, site_id: str, pn: str) -> str:
    banks = _data(store, f"scene_{site_id}")["solarbank_info"]["solarbank_list"]
    return str(next(bank["device_sn"] for bank in banks if bank["device_pn"] == pn))


def _meter_of(store: ScenarioStore) -> str:
    return str(_data(store, f"scene_{METER_SITE}")["grid_info"]["grid_list"][0]["device_sn"])


# --- cascaded SB1 behind an SB2 -------------------------------------------------------------


def _dual_sb1_schedule() -> dict[str, Any]:
    """The SB1 units' own stored schedule: 150 W for the system, 75 W for each unit."""
    return {
        "ranges": [
            {
                "id": 0,
                "start_time": "00:00",
                "end_time": "24:00",
                "turn_on": True,
                "appliance_loads": [{"id": 0, "name": "Custom", "power": 150, "number": 1}],
                "charge_priority": 80,
                "power_setting_mode": 1,
                "device_power_loads": [
                    {"device_sn": CASCADED_SB1, "power": 75},
                    {"device_sn": SECOND_SB1, "power": 75},
                ],
                "priority_discharge_switch": 0,
            }
        ],
        "min_load": 100,
        "max_load": 800,
        "step": 0,
        "is_charge_priority": 0,
        "default_charge_priority": 80,
        "is_zero_output_tips": 0,
        "display_advanced_mode": 1,
        "advanced_mode_min_load": 50,
        "default_home_load": 200,
    }


def _cascade_in_mode(store: ScenarioStore, mode: int, retain_load: str) -> None:
    """Two SB1 units behind the SB2; the SB2 runs ``mode``; the SB1s report their own schedule.

    In an automatic mode the device load endpoint answers the SB1s' own stored schedule
    (150 W, 75 W per unit) while the SB2 decides the system output (``retain_load``).
    """

    def scene(data: dict[str, Any]) -> None:
        banks = data["solarbank_info"]["solarbank_list"]
        first = next(bank for bank in banks if bank["device_sn"] == CASCADED_SB1)
        banks.append({**first, "device_sn": SECOND_SB1, "device_name": "Solarbank Garage"})
        data.update({"retain_load": retain_load, "scene_mode": mode, "user_scene_mode": mode})

    def device_load(data: dict[str, Any]) -> None:
        data.update(
            {
                "home_load_data": json.dumps(_dual_sb1_schedule()),
                "current_home_load": "150W",
                "parallel_home_load": "75W",
            }
        )

    _edit(store, f"scene_{CASCADED_SITE}", scene)
    _edit_param(store, f"device_parm_6_{CASCADED_SITE}", lambda p: p.update({"mode_type": mode}))
    for serial in (CASCADED_SB1, CASCADED_SB2):
        _edit(store, f"device_load_{serial}", device_load)


@pytest.mark.parametrize("mode", [1, 2, 5, 7])
async def test_cascaded_sb1_units_share_the_sb2_output_in_automatic_modes(
    mode: int, socket_enabled: None
) -> None:
    """Smart meter, plugs, time of use, smart: each SB1 gets retain_load / number of SB1s."""
    async with served("sb2_cascaded_sb1") as loopback:
        _cascade_in_mode(loopback.sim.store, mode, "50W")
        poller = loopback.poller
        await poller.update_sites()
        await poller.update_device_details()
        for serial in (CASCADED_SB1, SECOND_SB1):
            entry = poller.devices[serial]
            assert entry["cascaded"] is True
            assert (entry["set_output_power"], entry["set_system_output_power"]) == ("25", "50")
        # The next site poll keeps the SB2's share (device load values do not win here).
        await poller.update_sites()
        assert poller.devices[SECOND_SB1]["set_output_power"] == "25"
        assert poller.devices[CASCADED_SB1]["set_system_output_power"] == "50"


async def test_cascaded_sb1_units_keep_the_enforced_schedule_in_manual_mode(
    socket_enabled: None,
) -> None:
    """Manual mode: the SB2 enforces the SB1 schedule, whose value the device load reports."""
    async with served("sb2_cascaded_sb1") as loopback:
        site = _data(loopback.sim.store, f"scene_{CASCADED_SITE}")
        assert (site["retain_load"], site["scene_mode"]) == ("350W", 3)
        poller = loopback.poller
        await poller.update_sites()
        await poller.update_device_details()
        await poller.update_sites()
        entry = poller.devices[CASCADED_SB1]
        assert (entry["set_output_power"], entry["set_system_output_power"]) == ("180", "180")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", ["sb2_cascaded_sb1"])
async def test_cascaded_sb1_output_preset_sensor_in_smartmeter_mode(
    hass: HomeAssistant,
    cloud: SimCloud,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
) -> None:
    """The user sees each SB1's share of the SB2's output, not its stored schedule's 75 W."""
    _cascade_in_mode(cloud.sim.store, 1, "50W")
    await load_platform(Platform.SENSOR)
    for serial in (CASCADED_SB1, SECOND_SB1):
        entity_id = entity_registry.async_get_entity_id("sensor", DOMAIN, f"{serial}_output_preset")
        assert entity_id is not None, serial
        assert hass.states.get(entity_id).state == "25"


# --- data validity ----------------------------------------------------------------------------


async def test_invalid_scene_marks_site_and_all_its_devices_invalid(socket_enabled: None) -> None:
    async with served("sb2_pro_meter_smartmeter") as loopback:
        store = loopback.sim.store
        bank = _serial_of(store, METER_SITE, "A17C1")
        meter = _meter_of(store)
        loopback.sim.faults.add(SCENE, retype={"solarbank_info.is_display_data": False})
        await loopback.poller.update_sites()
        assert loopback.poller.sites[METER_SITE]["data_valid"] is False
        assert loopback.poller.devices[bank]["data_valid"] is False
        assert loopback.poller.devices[meter]["data_valid"] is False
        # Valid again with the next valid scene.
        await loopback.poller.update_sites()
        assert loopback.poller.devices[meter]["data_valid"] is True
        assert loopback.poller.devices[bank]["data_valid"] is True


async def test_scene_without_the_flag_counts_as_valid(socket_enabled: None) -> None:
    async with served("sb2_pro_meter_smartmeter") as loopback:
        bank = _serial_of(loopback.sim.store, METER_SITE, "A17C1")
        loopback.sim.faults.add(SCENE, drop=["solarbank_info.is_display_data"])
        await loopback.poller.update_sites()
        site = loopback.poller.sites[METER_SITE]
        assert "is_display_data" not in site["solarbank_info"]
        assert site["data_valid"] is True
        assert loopback.poller.devices[bank]["data_valid"] is True
        assert loopback.poller.devices[bank]["battery_energy"] not in (None, "0")


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_smartmeter"])
async def test_invalid_scene_makes_meter_values_unavailable(
    hass: HomeAssistant,
    cloud: SimCloud,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
) -> None:
    meter = str(
        _data(cloud.sim.store, f"scene_{METER_SITE}")["grid_info"]["grid_list"][0]["device_sn"]
    )
    entry = await load_platform(Platform.SENSOR)
    meter_ids = [
        item.entity_id
        for item in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if item.unique_id.startswith(f"{meter}_") and item.unique_id.endswith("_power")
    ]
    assert meter_ids
    assert all(hass.states.get(eid).state != STATE_UNAVAILABLE for eid in meter_ids)
    cloud.faults.add(SCENE, retype={"solarbank_info.is_display_data": False}, count=1)
    cloud.clock.advance(300)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    device = entry.runtime_data.coordinator.data["devices"][meter]
    assert device["data_valid"] is False
    assert all(hass.states.get(eid).state == STATE_UNAVAILABLE for eid in meter_ids)


# --- micro-inverter channel energy ------------------------------------------------------------


def _zero_microinverter_energy(store: ScenarioStore, site_id: str) -> None:
    """The cloud's micro-inverter channel answer: the pv1 answer with every day at 0.00."""
    for kind in ("", "today_"):
        envelope = store.get(f"energy_solar_production_pv1_{kind}{site_id}")
        if envelope is None:
            continue
        data = json.loads(json.dumps(envelope["data"]))
        for point in data.get("power") or []:
            point["value"] = "0.00"
        store.put(
            f"energy_solar_production_microinverter_{kind}{site_id}", {**envelope, "data": data}
        )


def _energy_types(sim: CloudSimulator) -> list[str]:
    """The ``device_type`` of every energy query the simulator answered."""
    return [
        str(record.body.get("device_type"))
        for record in sim.recorder.records
        if record.path == ENERGY and isinstance(record.body, dict)
    ]


async def test_solarbank3_reports_zero_microinverter_energy(socket_enabled: None) -> None:
    """SB3 scene lists no micro-inverter in pv_power, yet the cloud reports its 0.00."""
    async with served("sb3_shelly_dynamic") as loopback:
        _zero_microinverter_energy(loopback.sim.store, SB3_SITE)
        await loopback.poller.refresh_all()
        details = loopback.poller.sites[SB3_SITE]["energy_details"]
        assert details["today"]["solar_production_microinverter"] == "0.00"
        assert details["last_period"]["solar_production_microinverter"] == "0.00"
        assert "solar_production_microinverter" in _energy_types(loopback.sim)


async def test_solarbank2_ac_without_pv_power_reports_microinverter_energy(
    socket_enabled: None,
) -> None:
    """An SB2 AC whose scene has no ``pv_power`` still has its micro-inverter input."""
    async with served("sb2_ac_usetime_backup") as loopback:
        loopback.sim.faults.add(
            SCENE, retype={"solarbank_info.solarbank_list.0.pv_power": None}, count=99
        )
        await loopback.poller.refresh_all()
        today = loopback.poller.sites[SB2_AC_SITE]["energy_details"]["today"]
        assert today["solar_production_microinverter"] == "0.00"
        assert today["solar_production_pv1"] is not None


async def test_models_without_ac_input_query_no_microinverter_energy(socket_enabled: None) -> None:
    async with served("sb2_pro_meter_smartmeter") as loopback:
        await loopback.poller.refresh_all()
        types = _energy_types(loopback.sim)
        assert "solar_production_pv1" in types
        assert "solar_production_microinverter" not in types
        today = loopback.poller.sites[METER_SITE]["energy_details"]["today"]
        assert "solar_production_microinverter" not in today


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_microinverter_energy_sensor_shows_zero(
    hass: HomeAssistant,
    cloud: SimCloud,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
) -> None:
    _zero_microinverter_energy(cloud.sim.store, SB3_SITE)
    await load_platform(Platform.SENSOR)
    entity_id = entity_registry.async_get_entity_id(
        "sensor", DOMAIN, f"{SB3_SITE}_daily_solar_production_microinverter"
    )
    assert entity_id is not None
    assert hass.states.get(entity_id).state == "0.0"


# --- backup option and AC input limit of AC models -------------------------------------------


async def test_ac_model_without_backup_plan_has_backup_option_off(socket_enabled: None) -> None:
    async with served("sb3_shelly_dynamic") as loopback:
        store = loopback.sim.store
        serial = _serial_of(store, SB3_SITE, "A17C5")
        _edit_param(store, f"device_parm_6_{SB3_SITE}", lambda p: p.update({"manual_backup": None}))
        await loopback.poller.update_sites()
        await loopback.poller.update_device_details()
        entry = loopback.poller.devices[serial]
        assert entry["schedule"]["manual_backup"] is None
        assert entry["preset_backup_option"] is False
        assert entry["preset_manual_backup_start"] is None
        assert entry["preset_manual_backup_end"] is None


async def test_model_without_ac_charging_has_no_backup_option(socket_enabled: None) -> None:
    async with served("sb2_pro_meter_smartmeter") as loopback:
        serial = _serial_of(loopback.sim.store, METER_SITE, "A17C1")
        await loopback.poller.update_sites()
        await loopback.poller.update_device_details()
        entry = loopback.poller.devices[serial]
        assert "preset_usage_mode" in entry
        assert "preset_backup_option" not in entry


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_backup_charge_switch_off_without_backup_plan(
    hass: HomeAssistant,
    cloud: SimCloud,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
) -> None:
    serial = _serial_of(cloud.sim.store, SB3_SITE, "A17C5")
    _edit_param(
        cloud.sim.store, f"device_parm_6_{SB3_SITE}", lambda p: p.update({"manual_backup": None})
    )
    await load_platform(Platform.SWITCH)
    entity_id = entity_registry.async_get_entity_id(
        "switch", DOMAIN, f"{serial}_preset_backup_option"
    )
    assert entity_id is not None
    assert hass.states.get(entity_id).state == "off"


async def test_solarbank3_without_ac_input_limit_has_none(socket_enabled: None) -> None:
    async with served("sb3_shelly_dynamic") as loopback:
        serial = _serial_of(loopback.sim.store, SB3_SITE, "A17C5")
        loopback.sim.faults.add(POWER_LIMIT, drop=["device_info.0.ac_input_limit"])
        await loopback.poller.update_sites()
        await loopback.poller.update_site_details()
        assert loopback.poller.devices[serial]["ac_input_limit"] == 0
        # A listed limit is taken as the cloud reports it (a full read: the power limit group
        # is not due again so soon).
        await loopback.poller.update_site_details(full=True)
        assert loopback.poller.devices[serial]["ac_input_limit"] == 1200


async def test_model_without_ac_input_gets_no_ac_input_limit(socket_enabled: None) -> None:
    async with served("sb2_pro_meter_smartmeter") as loopback:
        serial = _serial_of(loopback.sim.store, METER_SITE, "A17C1")
        loopback.sim.faults.add(POWER_LIMIT, drop=["device_info.0.ac_input_limit"])
        await loopback.poller.update_sites()
        await loopback.poller.update_site_details()
        assert "ac_input_limit" not in loopback.poller.devices[serial]
