"""get/set/update/clear Solarbank schedule on the simulator: the plan round-trips into the cloud."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from tests.actions.conftest import load
from tests.integration.conftest import SimCloud

SB1_SINGLE = "2CBMC6GFUP32YU4Y"
SB1_EAST, SB1_WEST = "NFSWNARPOTCEPS53", "Q70DW3AG4FBNPIQF"
SB2_PRO = "LMXGZ1W1C003XF18"
SB2_PLUS = "961JPFEHEZLL1HAC"
SB2_AC = "5XFBDC1JWED7U4AX"
SB2_CASCADE, SB1_CASCADED = "9V42QGHICX01LIMZ", "SGVTMIBVCPSUKOXY"


def _active_sb1(cloud: SimCloud, serial: str) -> dict[str, Any]:
    """The SB1 schedule the device load endpoint serves (the active one)."""
    data = cloud.store.data(f"device_load_{serial}")
    raw = data["home_load_data"]
    return json.loads(raw) if isinstance(raw, str) else raw


def _range(start: str, end: str, power: int) -> dict[str, Any]:
    return {"start_time": start, "end_time": end, "power": power}


def _element(plan: list[dict[str, Any]], weekday: int) -> dict[str, Any]:
    """The plan element that holds ``weekday``."""
    return next(element for element in plan if weekday in element["week"])


def _slots(schedule: dict[str, Any]) -> list[tuple[str, str, int, Any]]:
    """SB1 slots as (start, end, system preset, allow export)."""
    return [
        (slot["start_time"], slot["end_time"], slot["appliance_loads"][0]["power"], slot["turn_on"])
        for slot in schedule["ranges"]
    ]


@pytest.mark.parametrize(
    ("scenario", "serial", "param_type"),
    [
        ("sb1_single", SB1_SINGLE, "4"),
        ("sb1_dual_zero_switch", SB1_WEST, "4"),
        ("sb2_pro_meter_manual", SB2_PRO, "6"),
        ("sb2_plus_plugs", SB2_PLUS, "6"),
        ("sb2_ac_usetime_backup", SB2_AC, "6"),
        ("sb2_cascaded_sb1", SB2_CASCADE, "6"),
        ("sb2_cascaded_sb1", SB1_CASCADED, "device_load"),
    ],
)
async def test_get_returns_the_cloud_schedule(
    hass: HomeAssistant, cloud: SimCloud, serial: str, param_type: str
) -> None:
    """The response is the schedule the cloud holds (SB1: the active one, also when enforced)."""
    loaded = await load(hass, cloud)
    response = await loaded.call("get_solarbank_schedule", serial, response=True)
    if param_type == "device_load":
        assert response == {"schedule": _active_sb1(cloud, serial)}
        assert response["schedule"]["ranges"][0]["turn_on"] is None  # enforced by the SB2
    elif param_type == "4":
        assert response["schedule"]["ranges"] == loaded.stored("4", serial)["ranges"]
    else:
        assert response == {"schedule": loaded.stored("6", serial)}


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_set_sb1_schedule(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Set replaces the SB1 schedule; the rest of the day stays as extra slots (never one slot)."""
    loaded = await load(hass, cloud)
    await loaded.call(
        "set_solarbank_schedule",
        SB1_SINGLE,
        start_time="08:00:00",
        end_time="18:00:00",
        appliance_load=250,
        allow_export=True,
        charge_priority_limit=70,
    )
    stored = loaded.stored("4", SB1_SINGLE)
    ranges = stored["ranges"]
    assert len(ranges) >= 2  # one slot would make the cloud force 0 W: the slot is split
    assert (ranges[0]["start_time"], ranges[-1]["end_time"]) == ("08:00", "18:00")
    for slot, following in pairwise(ranges):
        assert slot["end_time"] == following["start_time"]
    assert {
        (s["appliance_loads"][0]["power"], s["turn_on"], s["charge_priority"]) for s in ranges
    } == {(250, True, 70)}
    assert stored["min_load"] == 150  # the top-level keys are kept
    response = await loaded.call("get_solarbank_schedule", SB1_SINGLE, response=True)
    assert response["schedule"]["ranges"] == stored["ranges"]


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_update_and_clear_sb1_schedule(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Update fits a slot in between (neighbours shortened); clear empties the schedule."""
    loaded = await load(hass, cloud)
    await loaded.call(
        "update_solarbank_schedule",
        SB1_SINGLE,
        start_time="18:00",
        end_time="22:00",
        appliance_load=200,
        allow_export=False,
    )
    slots = _slots(loaded.stored("4", SB1_SINGLE))
    assert slots[:2] == [("00:00", "06:30", 180, True), ("06:30", "10:00", 100, False)]
    assert ("10:00", "18:00", 300, True) in slots
    assert ("18:00", "22:00", 200, False) in slots
    assert slots[-1][:2] == ("22:00", "24:00")

    await loaded.call("clear_solarbank_schedule", SB1_SINGLE)
    assert not loaded.stored("4", SB1_SINGLE)["ranges"]


@pytest.mark.parametrize("scenario", ["sb1_dual_zero_switch"])
async def test_update_dual_sb1_device_load(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A device preset in a dual system switches the slot to individual loads."""
    loaded = await load(hass, cloud)
    await loaded.call(
        "update_solarbank_schedule",
        SB1_WEST,
        start_time="19:00",
        end_time="23:00",
        appliance_load=300,
        device_load=100,
    )
    stored = loaded.stored("4", SB1_WEST)
    slot = next(slot for slot in stored["ranges"] if slot["start_time"] == "19:00")
    assert slot["end_time"] == "23:00"
    assert slot["power_setting_mode"] == 2
    loads = {load["device_sn"]: load["power"] for load in slot["device_power_loads"]}
    assert loads == {SB1_WEST: 100, SB1_EAST: 200}
    assert len(stored["ranges"]) >= 2


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_set_and_clear_sb2_weekdays(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Set replaces the plan of the given weekdays; clear removes them; other days stay."""
    loaded = await load(hass, cloud)
    weekdays_before = _element(loaded.stored("6", SB2_PRO)["custom_rate_plan"], 1)
    await loaded.call(
        "set_solarbank_schedule",
        SB2_PRO,
        start_time="06:00:00",
        end_time="20:00:00",
        appliance_load=300,
        plan="custom_rate_plan",
        week_days=["sat", "sun"],
    )
    stored = loaded.stored("6", SB2_PRO)
    weekend = _element(stored["custom_rate_plan"], 0)
    assert sorted(weekend["week"]) == [0, 6]
    assert weekend["ranges"] == [_range("06:00", "20:00", 300)]
    assert _element(stored["custom_rate_plan"], 1) == weekdays_before
    response = await loaded.call("get_solarbank_schedule", SB2_PRO, response=True)
    assert response == {"schedule": stored}

    await loaded.call("clear_solarbank_schedule", SB2_PRO, week_days=["sat", "sun"])
    stored = loaded.stored("6", SB2_PRO)
    assert not any(
        day in element["week"] and element["ranges"]
        for element in stored["custom_rate_plan"]
        for day in (0, 6)
    )
    assert _element(stored["custom_rate_plan"], 1)["ranges"] == weekdays_before["ranges"]


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_update_sb2_blend_plan_of_today(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Without plan and weekdays, update edits the active mode's plan for today's weekday group."""
    loaded = await load(hass, cloud)
    await loaded.call(
        "update_solarbank_schedule",
        SB2_PLUS,
        start_time="18:00",
        end_time="22:00",
        appliance_load=150,
    )
    stored = loaded.stored("6", SB2_PLUS)
    sunday = _element(stored["blend_plan"], 0)  # the base day is a Sunday
    assert sunday["ranges"] == [
        _range("00:00", "08:00", 50),
        _range("08:00", "18:00", 100),
        _range("18:00", "22:00", 150),
        _range("22:00", "24:00", 100),
    ]
    assert _element(stored["blend_plan"], 1)["ranges"][0] == _range("00:00", "07:00", 40)
    assert stored["custom_rate_plan"][0]["ranges"] == [_range("00:00", "24:00", 200)]


@pytest.mark.parametrize("scenario", ["sb2_cascaded_sb1"])
async def test_cascaded_sb2_plan_changes(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The SB2 of a cascaded system takes plan changes (its SB1 does not, see the refusals)."""
    loaded = await load(hass, cloud)
    await loaded.call(
        "update_solarbank_schedule",
        SB2_CASCADE,
        start_time="06:00",
        end_time="17:00",
        appliance_load=300,
        week_days=["mon", "tue", "wed", "thu", "fri"],
    )
    weekdays = _element(loaded.stored("6", SB2_CASCADE)["custom_rate_plan"], 2)
    assert _range("06:00", "17:00", 300) in weekdays["ranges"]
