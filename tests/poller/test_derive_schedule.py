"""Presets derived from SB1 and SB2 schedules at a given local time (§6.7)."""

from __future__ import annotations

from datetime import datetime

from custom_components.anker_solix.solixapi.derive import (
    Sb1Context,
    sb1_presets,
    sb2_presets,
)

SB1_SCHEDULE = {
    "is_show_priority_discharge": 1,
    "ranges": [
        {
            "start_time": "00:00",
            "end_time": "08:00",
            "turn_on": True,
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 150, "number": 1}],
            "charge_priority": 90,
        },
        {
            "start_time": "08:00",
            "end_time": "17:00",
            "turn_on": False,
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 300, "number": 1}],
            "charge_priority": 60,
            "power_setting_mode": 2,
            "priority_discharge_switch": 1,
            "device_power_loads": [
                {"device_sn": "SNA", "power": 100},
                {"device_sn": "SNB", "power": 200},
            ],
        },
        {
            "start_time": "17:00",
            "end_time": "24:00",
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 250, "number": 1}],
        },
    ],
}
WEDNESDAY = datetime(2025, 6, 4, 14, 30)


def test_sb1_dual_slot_values() -> None:
    presets = sb1_presets(SB1_SCHEDULE, Sb1Context("SNB", 2), WEDNESDAY)
    assert presets == {
        "preset_system_output_power": 300,
        "preset_allow_export": False,
        "preset_charge_priority": 60,
        "preset_discharge_priority": 1,
        "preset_power_mode": 2,
        "preset_device_output_power": 200,
        "effective_output_power": "0",
        "effective_device_output_power": "0",  # own 200 W, but export is off
    }


def test_sb1_defaults_in_slot_without_values() -> None:
    presets = sb1_presets(SB1_SCHEDULE, Sb1Context("SNA", 2), datetime(2025, 6, 4, 20, 0))
    assert presets["preset_system_output_power"] == 250
    assert presets["preset_allow_export"] is True
    assert presets["preset_charge_priority"] == 80
    assert presets["preset_discharge_priority"] == 0
    assert presets["preset_power_mode"] == 1
    assert presets["preset_device_output_power"] == 100  # 200 / 2
    assert presets["effective_output_power"] == "250"
    assert presets["effective_device_output_power"] is None  # no own device_power_loads entry


def test_sb1_charge_priority_checked_only_with_mi80() -> None:
    early = datetime(2025, 6, 4, 6, 0)
    low = sb1_presets(SB1_SCHEDULE, Sb1Context("SNA", 1, soc=70, solar_model="A5143"), early)
    high = sb1_presets(SB1_SCHEDULE, Sb1Context("SNA", 1, soc=95, solar_model="A5143"), early)
    other = sb1_presets(SB1_SCHEDULE, Sb1Context("SNA", 1, soc=70, solar_model="A5140"), early)
    assert (low["effective_output_power"], high["effective_output_power"]) == ("0", "150")
    assert other["effective_output_power"] == "150"
    assert "preset_power_mode" not in low


def test_sb1_end_of_day_counts_as_midnight_and_no_slot_defaults() -> None:
    late = sb1_presets(SB1_SCHEDULE, Sb1Context("SNA", 1), datetime(2025, 6, 4, 23, 59, 59))
    assert late["preset_system_output_power"] == 150
    empty = sb1_presets({"ranges": []}, Sb1Context("SNA", 1), WEDNESDAY)
    assert empty["preset_system_output_power"] == 200
    assert empty["preset_discharge_priority"] is None


def test_sb1_enforced_schedule_gives_null_presets() -> None:
    enforced = {
        "ranges": [
            {
                "start_time": "00:00",
                "end_time": "24:00",
                "turn_on": None,
                "appliance_loads": [{"power": 0}],
            }
        ],
        "min_load": 0,
    }
    presets = sb1_presets(enforced, Sb1Context("SNA", 1), WEDNESDAY)
    assert presets["preset_system_output_power"] is None
    assert presets["preset_allow_export"] is None
    assert presets["effective_output_power"] is None


SB2_SCHEDULE = {
    "mode_type": 3,
    "custom_rate_plan": [
        {
            "index": 0,
            "week": [0, 6],
            "ranges": [{"start_time": "00:00", "end_time": "24:00", "power": 50}],
        },
        {
            "index": 1,
            "week": [1, 2, 3, 4, 5],
            "ranges": [
                {"start_time": "00:00", "end_time": "08:00", "power": 100},
                {"start_time": "08:00", "end_time": "22:00", "power": 120},
                {"start_time": "22:00", "end_time": "24:00", "power": 90},
            ],
        },
    ],
    "blend_plan": [],
    "use_time": [
        {
            "sea": {"start_month": 4, "end_month": 9},
            "weekday": [
                {"start_time": 0, "end_time": 6, "type": 3},
                {"start_time": 6, "end_time": 22, "type": 1},
                {"start_time": 22, "end_time": 24, "type": 4},
            ],
            "weekend": [{"start_time": 0, "end_time": 24, "type": 3}],
            "weekday_price": [
                {"price": "0.25", "type": 3},
                {"price": "0.50", "type": 1},
                {"price": "0.20", "type": 4},
            ],
            "weekend_price": [{"price": "0.22", "type": 3}],
            "unit": "€",
            "is_same": False,
        }
    ],
    "manual_backup": {"ranges": [{"start_time": 1_000_000, "end_time": 1_003_600}], "switch": True},
    "default_home_load": 200,
}


def test_sb2_manual_plan_by_weekday_and_time() -> None:
    wednesday = sb2_presets(SB2_SCHEDULE, datetime(2025, 6, 4, 21, 15), now_ts=0)
    assert wednesday["preset_usage_mode"] == 3
    assert wednesday["preset_system_output_power"] == 120
    assert (
        sb2_presets(SB2_SCHEDULE, datetime(2025, 6, 4, 22, 30), 0)["preset_system_output_power"]
        == 90
    )
    sunday = sb2_presets(SB2_SCHEDULE, datetime(2025, 6, 8, 10, 0), now_ts=0)
    assert sunday["preset_system_output_power"] == 50
    assert (wednesday["preset_manual_backup_start"], wednesday["preset_manual_backup_end"]) == (
        1_000_000,
        1_003_600,
    )
    assert wednesday["preset_backup_option"] is True


def test_sb2_backup_window_overrides_usage_mode() -> None:
    inside = sb2_presets(SB2_SCHEDULE, datetime(2025, 6, 4, 21, 15), now_ts=1_001_000)
    after = sb2_presets(SB2_SCHEDULE, datetime(2025, 6, 4, 21, 15), now_ts=1_003_600)
    assert inside["preset_usage_mode"] == 4
    assert after["preset_usage_mode"] == 3


def test_sb2_other_modes() -> None:
    plugs = sb2_presets({**SB2_SCHEDULE, "mode_type": 2}, datetime(2025, 6, 4, 12), 0)
    meter = sb2_presets({**SB2_SCHEDULE, "mode_type": 1}, datetime(2025, 6, 4, 12), 0)
    manual_empty = sb2_presets({"mode_type": 3, "custom_rate_plan": []}, datetime(2025, 6, 4), 0)
    assert plugs["preset_system_output_power"] == 0
    assert meter["preset_system_output_power"] is None
    assert manual_empty["preset_system_output_power"] == 200


def test_sb2_tariff_of_current_hour() -> None:
    weekday = sb2_presets(SB2_SCHEDULE, datetime(2025, 6, 4, 21, 15), 0)
    assert (weekday["preset_tariff"], weekday["preset_tariff_price"]) == (1, "0.50")
    assert weekday["preset_tariff_currency"] == "€"
    saturday = sb2_presets(SB2_SCHEDULE, datetime(2025, 6, 7, 10, 0), 0)
    assert (saturday["preset_tariff"], saturday["preset_tariff_price"]) == (3, "0.22")
    same = {**SB2_SCHEDULE, "use_time": [{**SB2_SCHEDULE["use_time"][0], "is_same": True}]}
    assert sb2_presets(same, datetime(2025, 6, 7, 10, 0), 0)["preset_tariff"] == 1
    december = sb2_presets(SB2_SCHEDULE, datetime(2025, 12, 3, 10, 0), 0, site_currency="$")
    assert (december["preset_tariff"], december["preset_tariff_price"]) == (0, "0.00")
    assert december["preset_tariff_currency"] == "$"
