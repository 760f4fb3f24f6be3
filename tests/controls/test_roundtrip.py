"""Every control round-trips through the simulated cloud.

Per control: the Home Assistant service → the entity shows the new value at once → only a few
requests, no poll during the write → at most one confirming poll planned → a fresh read of the
cloud still shows the value (the simulator stored it) → no endpoint over the rate limit.
"""

from __future__ import annotations

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

from tests.controls.roundtrip import SCENE, Case, call, reread, within_rate_limit
from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import SimCloud

SW, SEL, NUM, BTN, TIME = (
    Platform.SWITCH,
    Platform.SELECT,
    Platform.NUMBER,
    Platform.BUTTON,
    Platform.TIME,
)
OPTION = "select.select_option"
SET_VALUE = "number.set_value"

CASES = [
    # Switches
    Case("sb1_single", SW, "switch.solarbank_balkon_allow_export", "switch.turn_off", state="off"),
    Case(
        "sb1_single", SW, "switch.solarbank_balkon_discharge_priority", "switch.turn_on", state="on"
    ),
    Case(
        "sb2_ac_usetime_backup",
        SW,
        "switch.garage_ac_backup_charge",
        "switch.turn_off",
        state="off",
    ),
    Case(
        "sb2_pro_meter_manual",
        SW,
        "switch.solarbank_pro_dach_grid_export",
        "switch.turn_off",
        state="off",
    ),
    Case(
        "sb3_multisystem_dock", SW, "switch.power_dock_grid_export", "switch.turn_off", state="off"
    ),
    Case(
        "mi80_standalone",
        SW,
        "switch.balkon_mi80_firmware_auto_upgrade",
        "switch.turn_off",
        state="off",
    ),
    Case(
        "vehicles_account", SW, "switch.stadtflitzer_default_vehicle", "switch.turn_on", state="on"
    ),
    # Selects
    Case("sb1_single", SEL, "select.solarbank_balkon_soc_reserve", OPTION, {"option": "5"}, "5"),
    Case(
        "sb3_multisystem_dock", SEL, "select.power_dock_soc_reserve", OPTION, {"option": "5"}, "5"
    ),
    Case(
        "sb1_dual_zero_switch",
        SEL,
        "select.solarbank_ost_power_mode",
        OPTION,
        {"option": "normal"},
        "normal",
    ),
    Case(
        "sb2_pro_meter_manual",
        SEL,
        "select.solarbank_pro_dach_usage_mode",
        OPTION,
        {"option": "smartmeter"},
        "smartmeter",
    ),
    Case(
        "sb2_ac_usetime_backup", SEL, "select.garage_ac_tariff", OPTION, {"option": "peak"}, "peak"
    ),
    Case(
        "mi80_standalone", SEL, "select.balkon_mi80_output_limit", OPTION, {"option": "600"}, "600"
    ),
    Case(
        "sb2_plus_plugs",
        SEL,
        "select.solarbank_plus_output_limit",
        OPTION,
        {"option": "600"},
        "600",
    ),
    Case("sb2_plus_plugs", SEL, "select.stadtwohnung_price_currency", OPTION, {"option": "$"}, "$"),
    Case(
        "sb2_ac_usetime_backup",
        SEL,
        "select.garage_system_price_type",
        OPTION,
        {"option": "fixed"},
        "fixed",
    ),
    Case(
        "x1_hes",
        SEL,
        "select.haus_lindenweg_provider_of_dynamic_prices",
        OPTION,
        {"option": "AT/Nordpool/AT"},
        "AT/Nordpool/AT",
    ),
    Case(
        "vehicles_account",
        SEL,
        "select.familienauto_model",
        OPTION,
        {"option": "ID.4 Pro"},
        "ID.4 Pro",
        requests=5,
    ),
    # Numbers
    Case(
        "sb2_pro_meter_manual",
        NUM,
        "number.solarbank_pro_dach_system_output_preset",
        SET_VALUE,
        {"value": 150},
        "150",
    ),
    Case(
        "sb1_single",
        NUM,
        "number.solarbank_balkon_system_output_preset",
        SET_VALUE,
        {"value": 250},
        "250",
    ),
    Case(
        "sb1_dual_zero_switch",
        NUM,
        "number.solarbank_ost_device_output_preset",
        SET_VALUE,
        {"value": 150},
        "150",
    ),
    Case(
        "sb1_single",
        NUM,
        "number.solarbank_balkon_charge_priority_limit",
        SET_VALUE,
        {"value": 50},
        "50",
    ),
    Case(
        "sb2_ac_usetime_backup",
        NUM,
        "number.garage_ac_tariff_price",
        SET_VALUE,
        {"value": 0.25},
        "0.25",
    ),
    Case(
        "sb2_plus_plugs",
        NUM,
        "number.stadtwohnung_electricity_price",
        SET_VALUE,
        {"value": 0.4},
        "0.4",
    ),
    Case(
        "mi80_standalone",
        NUM,
        "number.standalone_inverter_electricity_price",
        SET_VALUE,
        {"value": 0.3},
        "0.3",
    ),
    Case(
        "vehicles_account",
        NUM,
        "number.familienauto_battery_capacity",
        SET_VALUE,
        {"value": 79},
        "79.0",
    ),
    # Times (the date-and-time entities are disabled by default: test_backup_window.py)
    Case(
        "sb2_ac_usetime_backup",
        TIME,
        "time.garage_ac_backup_charge_until",
        "time.set_value",
        {"time": "07:00:00"},
        "07:00:00",
    ),
]


@pytest.mark.parametrize(
    ("scenario", "case"), [(case.scenario, case) for case in CASES], ids=[c.id for c in CASES]
)
async def test_control_round_trip(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud, case: Case
) -> None:
    """Service → state at once → few requests → one poll at most → the cloud kept the value."""
    entry = await load_platform(case.platform)
    coordinator = entry.runtime_data.coordinator
    assert hass.states.get(case.entity_id) is not None
    assert hass.states.get(case.entity_id).state != case.state
    before = len(cloud.recorder.records)

    await call(hass, case)

    assert hass.states.get(case.entity_id).state == case.state
    sent = cloud.paths()[before:]
    assert 0 < len(sent) <= case.requests
    assert SCENE not in sent
    assert coordinator.scheduler.stats["writes"] <= 1

    # The next poll is a single one; a fresh read of the cloud keeps the new value.
    polls = cloud.paths().count(SCENE)
    assert coordinator.update_interval is not None
    cloud.clock.advance(coordinator.update_interval.total_seconds())
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert cloud.paths().count(SCENE) - polls <= len(coordinator.data["sites"])
    await reread(hass, entry)
    assert hass.states.get(case.entity_id).state == case.state
    assert within_rate_limit(cloud)
