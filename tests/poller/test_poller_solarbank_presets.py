"""Output presets of Solarbank devices on mixed and dual sites (§5.7, §6.7, §8.3)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from custom_components.anker_solix.solixapi.cloud import Endpoint, SolixApi
from custom_components.anker_solix.solixapi.poll import SolixPoller

from .fake_session import FakeSession

# 10:00 UTC; the scenes report 12:00 site time → site offset 7200 s, local 12:00.
NOW = datetime(2025, 6, 4, 10, 0, tzinfo=UTC).timestamp()
SITE = "site-mixed"
SB2 = "SB2PROSERIAL001"
SB1 = "SB1CASCADED001"
EAST = "SB1EASTSERIAL01"
WEST = "SB1WESTSERIAL01"


def _bank(pn: str, serial: str, out: str, set_load_power: str) -> dict[str, Any]:
    return {
        "device_pn": pn,
        "device_sn": serial,
        "device_name": serial.lower(),
        "battery_power": "60",
        "charging_status": "3",
        "status": "1",
        "photovoltaic_power": "500",
        "output_power": out,
        "bat_charge_power": "100",
        "bat_discharge_power": "0",
        "set_load_power": set_load_power,
        "sub_package_num": 0,
    }


def _responses(
    power_site_type: int, retain: str, banks: list[dict[str, Any]], load: dict[str, Any]
) -> dict[str, Any]:
    return {
        Endpoint.GET_SITE_LIST: {
            "site_list": [{"site_id": SITE, "ms_type": 1, "power_site_type": power_site_type}]
        },
        Endpoint.GET_SCEN_INFO: {
            "site_id": SITE,
            "retain_load": retain,
            "solarbank_info": {
                "solarbank_list": banks,
                "total_charging_power": "200",
                "total_photovoltaic_power": "1000",
                "total_output_power": "500",
                "is_display_data": True,
                "updated_time": "2025-06-04 12:00:00",
            },
        },
        Endpoint.GET_DEVICE_HOME_LOAD: load,
    }


def _poller(responses: dict[str, Any]) -> SolixPoller:
    return SolixPoller(SolixApi(FakeSession(responses, NOW)))  # type: ignore[arg-type]


ENFORCED_SB1 = {
    "ranges": [
        {
            "id": 0,
            "start_time": "00:00",
            "end_time": "24:00",
            "turn_on": None,
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 180, "number": 1}],
            "charge_priority": 0,
            "power_setting_mode": None,
            "device_power_loads": None,
        }
    ],
    "min_load": 0,
    "max_load": 800,
}


async def test_cascaded_sb2_divides_retain_load_by_its_own_model_count() -> None:
    banks = [_bank("A17C1", SB2, "350", ""), _bank("A17C0", SB1, "180", "")]
    load = {
        "home_load_data": json.dumps(ENFORCED_SB1),
        "current_home_load": "180W",
        "parallel_home_load": "",
    }
    poller = _poller(_responses(5, "350W", banks, load))
    await poller.update_sites()
    sb2 = poller.devices[SB2]
    # one A17C1 in the site: 350 W / 1, not 350 W / 2 banks
    assert (sb2["solarbank_count"], sb2["set_output_power"]) == (1, "350")
    assert sb2["set_system_output_power"] == "350"
    await poller.update_device_details()
    await poller.update_sites()
    sb1 = poller.devices[SB1]
    assert (sb1["solarbank_count"], sb1["cascaded"]) == (1, True)
    # device load: system 180 W, no parallel value → 180 / 1 SB1
    assert (sb1["set_system_output_power"], sb1["set_output_power"]) == ("180", "180")
    assert sb1["preset_system_output_power"] is None  # enforced schedule
    assert poller.devices[SB2]["set_output_power"] == "350"


DUAL_SB1 = {
    "ranges": [
        {
            "start_time": "00:00",
            "end_time": "07:00",
            "turn_on": True,
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 200, "number": 1}],
            "charge_priority": 80,
            "power_setting_mode": 1,
            "device_power_loads": [
                {"device_sn": EAST, "power": 100},
                {"device_sn": WEST, "power": 100},
            ],
        },
        {
            "start_time": "07:00",
            "end_time": "24:00",
            "turn_on": True,
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 300, "number": 1}],
            "charge_priority": 10,
            "power_setting_mode": 2,
            "device_power_loads": [
                {"device_sn": EAST, "power": 220},
                {"device_sn": WEST, "power": 80},
            ],
        },
    ],
    "min_load": 100,
    "max_load": 800,
    "display_advanced_mode": 1,
    "advanced_mode_min_load": 50,
}
# The answer for EAST; before the fix it was applied to WEST as well.
DUAL_LOAD = {
    "home_load_data": json.dumps(DUAL_SB1),
    "current_home_load": "300W",
    "parallel_home_load": "220W",
}


async def test_dual_sb1_each_unit_gets_its_own_slot_preset() -> None:
    banks = [_bank("A17C0", EAST, "220", ""), _bank("A17C0", WEST, "80", "")]
    poller = _poller(_responses(2, "300W", banks, DUAL_LOAD))
    await poller.update_sites()
    await poller.update_device_details()
    for _ in range(2):  # after the details poll and after the next site poll
        east, west = poller.devices[EAST], poller.devices[WEST]
        assert (east["preset_power_mode"], west["preset_power_mode"]) == (2, 2)
        assert (east["preset_device_output_power"], west["preset_device_output_power"]) == (
            220,
            80,
        )
        assert (east["set_output_power"], west["set_output_power"]) == ("220", "80")
        assert (east["set_system_output_power"], west["set_system_output_power"]) == (
            "300",
            "300",
        )
        assert (east["solarbank_count"], west["solarbank_count"]) == (2, 2)
        await poller.update_sites()


async def test_dual_sb1_numeric_scene_value_wins_over_slot() -> None:
    banks = [_bank("A17C0", EAST, "220", ""), _bank("A17C0", WEST, "95", "95W")]
    poller = _poller(_responses(2, "300W", banks, DUAL_LOAD))
    await poller.update_sites()
    await poller.update_device_details()
    east, west = poller.devices[EAST], poller.devices[WEST]
    assert (east["set_output_power"], west["set_output_power"]) == ("220", "95")
    assert west["preset_device_output_power"] == 80  # the preset itself stays the slot's
