"""SB2+ weekday plan algorithms (§6.6 A–C, E) with hand-worked expected plans."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.schedule import (
    Sb2Limits,
    Sb2Schedule,
    SlotChange,
    ac_payload,
    apply_slot_change,
    clear_plan,
    delete_ranges,
    edit_days,
    plan_for_mode,
    plan_payload,
    sb2_limits,
    set_current_power,
    target_days,
)

LIMITS = Sb2Limits(0, 1000)
TUESDAY = 2


def _r(start: str, end: str, power: int) -> dict[str, Any]:
    return {"start_time": start, "end_time": end, "power": power}


def _schedule(**data: Any) -> Sb2Schedule:
    base = {
        "mode_type": 3,
        "custom_rate_plan": [],
        "blend_plan": None,
        "max_load": 800,
        "min_load": 0,
    }
    return Sb2Schedule.from_json({**base, **data})


WORK_WEEKEND = [
    {
        "index": 0,
        "week": [1, 2, 3, 4, 5],
        "ranges": [_r("00:00", "08:00", 100), _r("08:00", "24:00", 200)],
    },
    {"index": 1, "week": [0, 6], "ranges": [_r("00:00", "24:00", 150)]},
]


def test_round_trip_keeps_unknown_and_absent_keys() -> None:
    data = {
        "mode_type": 3,
        "custom_rate_plan": WORK_WEEKEND,
        "blend_plan": None,
        "manual_backup": {"ranges": [{"start_time": 10, "end_time": 20}], "switch": True},
        "default_home_load": 200,
        "ai_ems": {"enable": False},
    }
    assert Sb2Schedule.from_json(data).to_json() == data


def test_current_interval_of_the_element_with_today() -> None:
    schedule = _schedule(custom_rate_plan=WORK_WEEKEND)
    plan = schedule.plan("custom_rate_plan")
    days = target_days(plan, None, TUESDAY)
    assert days == frozenset({1, 2, 3, 4, 5})
    edited = edit_days(plan, days, lambda ranges: set_current_power(ranges, 9 * 60, 333))
    assert [e.to_json() for e in edited] == [
        {
            "index": 0,
            "week": [1, 2, 3, 4, 5],
            "ranges": [_r("00:00", "08:00", 100), _r("08:00", "24:00", 333)],
        },
        WORK_WEEKEND[1],
    ]


def test_current_interval_gap_fill_and_empty_day() -> None:
    plan = (
        Sb2Schedule.from_json(
            {
                "custom_rate_plan": [
                    {
                        "index": 0,
                        "week": [2],
                        "ranges": [_r("00:00", "06:00", 90), _r("20:00", "24:00", 90)],
                    }
                ]
            }
        ).plan("custom_rate_plan")
        or []
    )
    filled = set_current_power(plan[0].ranges, 12 * 60, 250)
    assert [r.to_json() for r in filled] == [
        _r("00:00", "06:00", 90),
        _r("06:00", "20:00", 250),
        _r("20:00", "24:00", 90),
    ]
    assert [r.to_json() for r in set_current_power([], 60, 250)] == [_r("00:00", "24:00", 250)]


def test_no_plan_edits_all_days_and_plan_without_today_edits_today() -> None:
    assert target_days(None, None, TUESDAY) == frozenset(range(7))
    plan = _schedule(custom_rate_plan=[WORK_WEEKEND[1]]).plan("custom_rate_plan")
    assert target_days(plan, None, TUESDAY) == frozenset({TUESDAY})


def test_strict_subset_of_weekdays_is_cloned() -> None:
    schedule = _schedule(custom_rate_plan=WORK_WEEKEND)
    change = SlotChange(time(18, 0), time(22, 0), appliance_load=400, weekdays=frozenset({5}))
    result = apply_slot_change(schedule, change, TUESDAY, LIMITS, whole=False)
    assert result.part("custom_rate_plan") == [
        {
            "index": 0,
            "week": [1, 2, 3, 4],
            "ranges": [_r("00:00", "08:00", 100), _r("08:00", "24:00", 200)],
        },
        {
            "index": 1,
            "week": [5],
            "ranges": [
                _r("00:00", "08:00", 100),
                _r("08:00", "18:00", 200),
                _r("18:00", "22:00", 400),
                _r("22:00", "24:00", 200),
            ],
        },
        {"index": 2, "week": [0, 6], "ranges": [_r("00:00", "24:00", 150)]},
    ]


def test_superset_merges_elements_and_renumbers() -> None:
    schedule = _schedule(custom_rate_plan=WORK_WEEKEND)
    change = SlotChange(time(0, 0), time(0, 0), appliance_load=120, weekdays=frozenset(range(7)))
    result = apply_slot_change(schedule, change, TUESDAY, LIMITS, whole=True)
    assert result.part("custom_rate_plan") == [
        {"index": 0, "week": [0, 1, 2, 3, 4, 5, 6], "ranges": [_r("00:00", "24:00", 120)]}
    ]


def test_partial_overlap_takes_days_from_both_elements() -> None:
    schedule = _schedule(custom_rate_plan=WORK_WEEKEND)
    change = SlotChange(time(10, 0), time(12, 0), appliance_load=500, weekdays=frozenset({5, 6}))
    result = apply_slot_change(schedule, change, TUESDAY, LIMITS, whole=True)
    assert result.part("custom_rate_plan") == [
        {
            "index": 0,
            "week": [1, 2, 3, 4],
            "ranges": [_r("00:00", "08:00", 100), _r("08:00", "24:00", 200)],
        },
        {"index": 1, "week": [5, 6], "ranges": [_r("10:00", "12:00", 500)]},
        {"index": 2, "week": [0], "ranges": [_r("00:00", "24:00", 150)]},
    ]


def test_update_without_power_takes_it_from_slot_sharing_an_edge() -> None:
    schedule = _schedule(custom_rate_plan=WORK_WEEKEND)
    change = SlotChange(time(8, 0), time(9, 0), weekdays=frozenset({1, 2, 3, 4, 5}))
    result = apply_slot_change(schedule, change, TUESDAY, LIMITS, whole=False)
    assert result.part("custom_rate_plan")[0]["ranges"] == [
        _r("00:00", "08:00", 100),
        _r("08:00", "09:00", 200),
        _r("09:00", "24:00", 200),
    ]


def test_blend_plan_is_used_in_smart_plug_mode() -> None:
    schedule = _schedule(mode_type=2, blend_plan=None)
    change = SlotChange(time(6, 0), time(9, 0), appliance_load=50)
    result = apply_slot_change(schedule, change, TUESDAY, LIMITS, whole=True)
    assert result.part("blend_plan") == [
        {"index": 0, "week": list(range(7)), "ranges": [_r("06:00", "09:00", 50)]}
    ]
    assert plan_payload(result) == {
        "mode_type": 2,
        "custom_rate_plan": [],
        "blend_plan": result.part("blend_plan"),
    }


def test_clear_weekdays_removes_those_days_only() -> None:
    schedule = _schedule(custom_rate_plan=WORK_WEEKEND)
    result, name = clear_plan(schedule, None, frozenset({0, 6}))
    assert name == "custom_rate_plan"
    assert result.part("custom_rate_plan") == [WORK_WEEKEND[0]]
    edited = edit_days(schedule.plan("custom_rate_plan"), frozenset({1}), delete_ranges(0, 480))
    assert [e.to_json()["ranges"] for e in edited][1] == [_r("08:00", "24:00", 200)]


def test_clear_backup_and_use_time_use_the_ac_subset() -> None:
    schedule = _schedule(
        manual_backup={"ranges": [{"start_time": 1, "end_time": 2}], "switch": True}, use_time=[]
    )
    cleared, name = clear_plan(schedule, "manual_backup", None)
    assert name == "manual_backup"
    assert ac_payload(cleared) == {
        "mode_type": 3,
        "manual_backup": {"ranges": [], "switch": False},
        "use_time": [],
    }


def test_limits_relax_to_model_output_options() -> None:
    schedule = _schedule()
    assert sb2_limits(schedule, ["A17C1"]) == Sb2Limits(0, 1000)
    assert sb2_limits(schedule, ["A17C5"]) == Sb2Limits(0, 1200)
    assert sb2_limits(_schedule(max_load=3600), ["A17C5"]) == Sb2Limits(0, 3600)


def test_power_out_of_range_and_bad_plan_and_weekdays() -> None:
    schedule = _schedule(custom_rate_plan=WORK_WEEKEND)
    with pytest.raises(SolixValidationError) as err:
        apply_slot_change(
            schedule, SlotChange(time(1), time(2), appliance_load=1001), 2, LIMITS, whole=True
        )
    assert (err.value.reason, err.value.placeholders["max"]) == ("value_out_of_range", "1000")
    with pytest.raises(SolixValidationError) as err:
        apply_slot_change(
            schedule, SlotChange(time(1), time(2), plan="use_time"), 2, LIMITS, whole=True
        )
    assert err.value.reason == "plan_invalid"
    with pytest.raises(SolixValidationError) as err:
        apply_slot_change(
            schedule, SlotChange(time(1), time(2), weekdays=frozenset({7})), 2, LIMITS, whole=True
        )
    assert (err.value.reason, err.value.field) == ("weekday_invalid", "weekdays")


def test_planless_mode_has_no_output_plan() -> None:
    with pytest.raises(SolixNotAllowedError) as err:
        plan_for_mode(_schedule(mode_type=1))
    assert (err.value.reason, err.value.placeholders) == ("no_usable_plan", {"mode": "smartmeter"})
    assert plan_for_mode(_schedule(mode_type=2)) == "blend_plan"
