"""SB1 schedule algorithms (§6.6 A–D) with hand-worked expected slot lists."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.schedule import (
    Sb1Schedule,
    Sb1Setup,
    Sb1Values,
    SlotChange,
    avoid_single_slot,
    change_current,
    clear_all,
    insert_interval,
    replace_all,
)

SINGLE = Sb1Setup("SB1A", ("SB1A",))
DUAL = Sb1Setup("SB1A", ("SB1A", "SB1B"))


def _slot(start: str, end: str, power: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": 0,
        "start_time": start,
        "end_time": end,
        "turn_on": extra.pop("turn_on", True),
        "appliance_loads": [{"id": 0, "name": "Benutzerdefiniert", "power": power, "number": 1}],
        "charge_priority": extra.pop("charge_priority", 80),
        "power_setting_mode": extra.pop("mode", None),
        "device_power_loads": extra.pop("loads", None),
        **extra,
    }


def _schedule(*slots: dict[str, Any], **top: Any) -> Sb1Schedule:
    return Sb1Schedule.from_json({"ranges": list(slots), "min_load": 100, "max_load": 800, **top})


def _summary(schedule: Sb1Schedule) -> list[tuple[str, str, int | None]]:
    return [
        (s["start_time"], s["end_time"], s["appliance_loads"][0]["power"])
        for s in schedule.to_json()["ranges"]
    ]


def _m(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def test_round_trip_keeps_unknown_keys() -> None:
    data = {
        "ranges": [_slot("00:00", "12:00", 150, future_key=1), _slot("12:00", "24:00", 300)],
        "min_load": 100,
        "max_load": 800,
        "is_show_priority_discharge": 0,
        "new_top_key": {"a": 1},
    }
    assert Sb1Schedule.from_json(data).to_json() == data


def test_change_current_slot_only_touches_that_slot() -> None:
    schedule = _schedule(_slot("00:00", "08:00", 150), _slot("08:00", "24:00", 300))
    result = change_current(schedule, _m("09:15"), Sb1Values(system_power=250), SINGLE)
    assert _summary(result) == [("00:00", "08:00", 150), ("08:00", "24:00", 250)]


def test_gap_between_slots_is_filled_exactly_with_defaults() -> None:
    schedule = _schedule(_slot("00:00", "06:00", 150), _slot("18:00", "24:00", 300))
    result = change_current(schedule, _m("12:00"), Sb1Values(allow_export=False), SINGLE)
    ranges = result.to_json()["ranges"]
    assert _summary(result) == [
        ("00:00", "06:00", 150),
        ("06:00", "18:00", 100),  # new slot: default preset 100 W
        ("18:00", "24:00", 300),
    ]
    gap = ranges[1]
    assert gap["turn_on"] is False
    assert gap["charge_priority"] == 80
    assert gap["appliance_loads"][0]["name"] == "Benutzerdefiniert"  # name of the first slot


def test_gap_before_first_and_after_last_slot() -> None:
    schedule = _schedule(_slot("06:00", "10:00", 150), _slot("10:00", "20:00", 300))
    early = change_current(schedule, _m("05:00"), Sb1Values(system_power=200), SINGLE)
    assert _summary(early)[0] == ("00:00", "06:00", 200)
    late = change_current(schedule, _m("22:30"), Sb1Values(system_power=400), SINGLE)
    assert _summary(late)[-1] == ("20:00", "24:00", 400)


def test_empty_schedule_is_split_at_now_instead_of_one_slot() -> None:
    schedule = _schedule()
    result = change_current(schedule, _m("13:37"), Sb1Values(system_power=220), SINGLE)
    assert _summary(result) == [("00:00", "13:37", 220), ("13:37", "24:00", 220)]


def test_replace_with_full_day_splits_at_now() -> None:
    schedule = _schedule(_slot("00:00", "08:00", 150), _slot("08:00", "24:00", 300))
    change = SlotChange(time(0, 0), time(23, 59), appliance_load=350, allow_export=True)
    result = replace_all(schedule, change, _m("10:00"), SINGLE)
    assert _summary(result) == [("00:00", "10:00", 350), ("10:00", "24:00", 350)]


def test_replace_with_partial_slot_splits_it_in_the_middle_when_now_is_outside() -> None:
    change = SlotChange(time(8, 0), time(12, 0), appliance_load=200)
    result = replace_all(_schedule(_slot("00:00", "24:00", 300)), change, _m("18:00"), SINGLE)
    assert _summary(result) == [("08:00", "10:00", 200), ("10:00", "12:00", 200)]


def test_update_splits_a_containing_slot() -> None:
    schedule = _schedule(_slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150))
    change = SlotChange(time(8, 0), time(10, 0), appliance_load=500)
    result = insert_interval(schedule, change, _m("09:00"), SINGLE)
    assert _summary(result) == [
        ("00:00", "08:00", 300),
        ("08:00", "10:00", 500),
        ("10:00", "12:00", 300),
        ("12:00", "24:00", 150),
    ]


def test_update_shortens_overlaps_and_removes_covered_slots() -> None:
    schedule = _schedule(
        _slot("00:00", "06:00", 100),
        _slot("06:00", "09:00", 200),
        _slot("09:00", "17:00", 300),
        _slot("17:00", "24:00", 400),
    )
    change = SlotChange(time(5, 0), time(18, 0), appliance_load=250)
    result = insert_interval(schedule, change, _m("12:00"), SINGLE)
    assert _summary(result) == [
        ("00:00", "05:00", 100),
        ("05:00", "18:00", 250),
        ("18:00", "24:00", 400),
    ]


def test_update_takes_values_from_slot_sharing_the_start() -> None:
    schedule = _schedule(
        _slot("00:00", "08:00", 100, charge_priority=30, turn_on=False),
        _slot("08:00", "24:00", 300),
    )
    change = SlotChange(time(0, 0), time(4, 0), charge_priority=60)
    result = insert_interval(schedule, change, _m("12:00"), SINGLE).to_json()["ranges"]
    assert (result[0]["end_time"], result[0]["turn_on"], result[0]["charge_priority"]) == (
        "04:00",
        False,
        60,
    )
    assert result[0]["appliance_loads"][0]["power"] == 100


def test_update_covering_the_whole_day_still_writes_two_slots() -> None:
    schedule = _schedule(_slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150))
    change = SlotChange(time(0, 0), time(0, 0), appliance_load=180)
    result = insert_interval(schedule, change, _m("06:30"), SINGLE)
    assert _summary(result) == [("00:00", "06:30", 180), ("06:30", "24:00", 180)]


def test_avoid_single_slot_at_slot_edge_uses_the_middle() -> None:
    schedule = _schedule(_slot("00:00", "24:00", 300))
    assert [(s.start, s.end) for s in avoid_single_slot(schedule.slots, 0)] == [
        (0, 720),
        (720, 1440),
    ]


def test_clear_writes_no_slot_and_keeps_top_keys() -> None:
    schedule = _schedule(_slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150))
    assert clear_all(schedule).to_json() == {"ranges": [], "min_load": 100, "max_load": 800}


def test_dual_device_preset_switches_to_advanced_and_splits_the_rest() -> None:
    loads = [{"device_sn": "SB1A", "power": 150}, {"device_sn": "SB1B", "power": 150}]
    schedule = _schedule(
        _slot("00:00", "12:00", 300, mode=1, loads=loads),
        _slot("12:00", "24:00", 300, mode=1, loads=loads),
        advanced_mode_min_load=50,
    )
    result = change_current(schedule, _m("10:00"), Sb1Values(device_power=220), DUAL)
    slot = result.to_json()["ranges"][0]
    assert slot["power_setting_mode"] == 2
    assert slot["device_power_loads"] == [
        {"device_sn": "SB1A", "power": 220},
        {"device_sn": "SB1B", "power": 80},
    ]
    assert slot["appliance_loads"][0]["power"] == 300


def test_dual_device_preset_clamps_the_system_preset() -> None:
    loads = [{"device_sn": "SB1A", "power": 50}, {"device_sn": "SB1B", "power": 50}]
    schedule = _schedule(
        _slot("00:00", "12:00", 100, mode=1, loads=loads),
        _slot("12:00", "24:00", 100, mode=1, loads=loads),
        advanced_mode_min_load=50,
    )
    # system 100 < device 700 + 50 → system raised to 750, other device 50
    slot = change_current(schedule, _m("01:00"), Sb1Values(device_power=700), DUAL).to_json()[
        "ranges"
    ][0]
    assert slot["appliance_loads"][0]["power"] == 750
    assert [load["power"] for load in slot["device_power_loads"]] == [700, 50]


def test_dual_system_preset_returns_to_equal_split() -> None:
    loads = [{"device_sn": "SB1A", "power": 220}, {"device_sn": "SB1B", "power": 80}]
    schedule = _schedule(
        _slot("00:00", "12:00", 300, mode=2, loads=loads),
        _slot("12:00", "24:00", 300, mode=2, loads=loads),
    )
    slot = change_current(schedule, _m("01:00"), Sb1Values(system_power=400), DUAL).to_json()[
        "ranges"
    ][0]
    assert slot["power_setting_mode"] == 1
    assert [load["power"] for load in slot["device_power_loads"]] == [200, 200]


@pytest.mark.parametrize(
    ("values", "reason", "field"),
    [
        (Sb1Values(system_power=90), "value_out_of_range", "appliance_load"),
        (Sb1Values(system_power=810), "value_out_of_range", "appliance_load"),
        (Sb1Values(charge_priority=101), "value_out_of_range", "charge_priority"),
        (Sb1Values(power_mode=3), "power_mode_unsupported", "power_mode"),
    ],
)
def test_invalid_values(values: Sb1Values, reason: str, field: str) -> None:
    schedule = _schedule(_slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150))
    with pytest.raises((SolixValidationError, SolixNotAllowedError)) as err:
        change_current(schedule, 60, values, SINGLE)
    assert (err.value.reason, err.value.field) == (reason, field)


def test_out_of_range_placeholders() -> None:
    schedule = _schedule(_slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150))
    with pytest.raises(SolixValidationError) as err:
        change_current(schedule, 60, Sb1Values(system_power=900), SINGLE)
    assert err.value.placeholders == {
        "field": "appliance_load",
        "value": "900",
        "min": "100",
        "max": "800",
    }


def test_discharge_priority_needs_schedule_support() -> None:
    schedule = _schedule(_slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150))
    with pytest.raises(SolixNotAllowedError) as err:
        change_current(schedule, 60, Sb1Values(discharge_priority=True), SINGLE)
    assert err.value.reason == "discharge_priority_unsupported"
    supported = _schedule(
        _slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150), is_show_priority_discharge=1
    )
    result = change_current(supported, 60, Sb1Values(discharge_priority=True), SINGLE)
    assert result.to_json()["ranges"][0]["priority_discharge_switch"] == 1


def test_end_before_start_is_refused() -> None:
    schedule = _schedule(_slot("00:00", "12:00", 300), _slot("12:00", "24:00", 150))
    with pytest.raises(SolixValidationError) as err:
        insert_interval(
            schedule, SlotChange(time(10, 0), time(9, 0), appliance_load=200), 0, SINGLE
        )
    assert (err.value.reason, err.value.field) == ("slot_end_before_start", "end_time")
