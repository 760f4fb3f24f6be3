"""Synthetic scene info ``data`` objects (made-up serials and values) for the dynamics tests."""

from __future__ import annotations

from typing import Any

SB3_SN = "SIMSB3AAAA0001"
SB2_SN = "SIMSB2BBBB0002"
SB1_SN_A = "SIMSB1CCCC0003"
SB1_SN_B = "SIMSB1DDDD0004"
PLUG_SN_A = "SIMPLUGEEEE0005"
PLUG_SN_B = "SIMPLUGFFFF0006"
METER_SN = "SIMMETERGGGG0007"


def solarbank(pn: str, sn: str, **values: Any) -> dict[str, Any]:
    """One ``solarbank_list`` entry with string power values."""
    entry: dict[str, Any] = {
        "device_pn": pn,
        "device_sn": sn,
        "device_name": f"Bank {sn[-2:]}",
        "battery_power": "50",
        "charging_power": "0",
        "power_unit": "W",
        "charging_status": "0",
        "status": "1",
        "photovoltaic_power": "0",
        "output_power": "0",
        "set_load_power": "",
        "output_cutoff_data": 0,
    }
    entry.update(values)
    return entry


def sb3_scene() -> dict[str, Any]:
    """SB3 with one expansion, two plugs and a smart meter; charging from PV around noon."""
    return {
        "solarbank_info": {
            "solarbank_list": [
                solarbank(
                    "A17C5",
                    SB3_SN,
                    battery_power="40",
                    charging_power="300",
                    photovoltaic_power="620",
                    output_power="300",
                    sub_package_num=1,
                    bat_charge_power="320",
                    bat_discharge_power="0",
                    pv_power={"pv1": "300", "pv2": "320", "pv3": "0", "pv4": "0", "total": "620"},
                )
            ],
            "total_charging_power": "320",
            "total_battery_power": "0.40",
            "updated_time": "2025-06-04 12:00:00",
            "total_photovoltaic_power": "620",
            "total_output_power": "300.00",
            "battery_discharge_power": "0",
            "to_home_load": "300",
            "is_display_data": True,
            "solar_power_1": "300",
            "solar_power_2": "320",
            "solar_power_3": "0",
            "solar_power_4": "0",
            "other_input_power": "0",
            "grid_to_battery_power": "0",
            "backup_info": {"start_time": 0, "end_time": 0, "full_time": 0},
        },
        "retain_load": "300W",
        "scene_mode": 3,
        "user_scene_mode": 3,
        "home_load_power": "450",
        "other_loads_power": "330",
        "grid_info": {
            "grid_list": [{"device_pn": "A17X7", "device_sn": METER_SN, "status": "1"}],
            "photovoltaic_to_grid_power": "0",
            "grid_to_home_power": "150",
            "grid_status": 0,
        },
        "smart_plug_info": {
            "smartplug_list": [
                {
                    "device_pn": "A17X8",
                    "device_sn": PLUG_SN_A,
                    "current_power": "80",
                    "status": "1",
                },
                {
                    "device_pn": "A17X8",
                    "device_sn": PLUG_SN_B,
                    "current_power": "40",
                    "status": "1",
                },
            ],
            "total_power": "120",
        },
        "switch_0w": 0,
        "site_id": "11111111-2222-3333-4444-555555555555",
    }


def sb1_dual_scene() -> dict[str, Any]:
    """Two SB1 units discharging in the evening (no meter, no plugs)."""
    return {
        "solarbank_info": {
            "solarbank_list": [
                solarbank(
                    "A17C0",
                    SB1_SN_A,
                    battery_power="60",
                    charging_power="120",
                    output_power="120",
                    set_load_power="125",
                    output_cutoff_data=10,
                ),
                solarbank(
                    "A17C0",
                    SB1_SN_B,
                    battery_power="64",
                    charging_power="130",
                    output_power="130",
                    set_load_power="125",
                    output_cutoff_data=10,
                ),
            ],
            "total_charging_power": "0",
            "total_battery_power": "0.62",
            "updated_time": "2025-05-22 20:00:00",
            "total_photovoltaic_power": "0",
            "total_output_power": "250.00",
            "is_display_data": True,
        },
        "retain_load": "250W",
        "home_load_power": None,
        "site_id": "66666666-7777-8888-9999-000000000000",
    }


def cascaded_scene() -> dict[str, Any]:
    """SB2 Pro with one SB1 behind it; the cloud totals cover the SB2 only."""
    return {
        "solarbank_info": {
            "solarbank_list": [
                solarbank(
                    "A17C1",
                    SB2_SN,
                    battery_power="70",
                    photovoltaic_power="400",
                    output_power="200",
                    sub_package_num=0,
                    bat_charge_power="200",
                ),
                solarbank(
                    "A17C0",
                    SB1_SN_A,
                    battery_power="55",
                    photovoltaic_power="150",
                    output_power="100",
                    bat_charge_power="50",
                    output_cutoff_data=10,
                ),
            ],
            "total_charging_power": "200",
            "total_battery_power": "0.70",
            "updated_time": "2025-01-21 09:50:00",
            "total_photovoltaic_power": "400",
            "total_output_power": "200.00",
            "battery_discharge_power": "0",
            "is_display_data": True,
            "solar_power_1": "100",
            "solar_power_2": "100",
            "solar_power_3": "100",
            "solar_power_4": "100",
            "micro_inverter_power": "100",
            "grid_to_battery_power": "0",
        },
        "retain_load": "200W",
        "scene_mode": 3,
        "home_load_power": "260",
        "other_loads_power": "260",
        "grid_info": {
            "grid_list": [{"device_pn": "SHEMP3", "device_sn": METER_SN, "status": "1"}],
            "photovoltaic_to_grid_power": "0",
            "grid_to_home_power": "60",
        },
        "site_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    }
