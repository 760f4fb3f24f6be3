"""SB1 schedule operations against the simulator (loopback, manual clock)."""

from __future__ import annotations

from datetime import time

import pytest

from custom_components.anker_solix.solixapi import control as ops
from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixRequestError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.schedule import SlotChange
from tests.schedule.loopback import SET_PARAM, loop

SINGLE = "2CBMC6GFUP32YU4Y"  # sb1_single, base 12:05 → slot 10:00-24:00 (300 W)
WEST, EAST = "NFSWNARPOTCEPS53", "Q70DW3AG4FBNPIQF"  # sb1_dual_zero_switch, base 13:10


def _spans(ranges: list[dict]) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    return [(r["start_time"], r["end_time"], r["appliance_loads"][0]["power"]) for r in ranges]


async def test_output_preset_round_trips_into_cloud_and_cache(socket_enabled: None) -> None:
    async with loop("sb1_single") as lp:
        await ops.set_output_preset(lp.poller, SINGLE, 250)
        expected = [("00:00", "06:30", 180), ("06:30", "10:00", 100), ("10:00", "24:00", 250)]
        assert _spans(lp.stored("4")["ranges"]) == expected
        assert _spans(lp.stored_load(SINGLE)["home_load_data"]["ranges"]) == expected
        entry = lp.poller.devices[SINGLE]
        assert entry["preset_system_output_power"] == 250
        assert _spans(lp.poller.ctx.params[lp.site_id]["4"]["ranges"]) == expected
        assert lp.stored("4")["min_load"] == 150  # top-level keys kept


async def test_sb1_presets_of_the_current_slot(socket_enabled: None) -> None:
    async with loop("sb1_single") as lp:
        await ops.set_sb1_presets(
            lp.poller, SINGLE, allow_export=False, charge_priority=40, discharge_priority=True
        )
        slot = lp.stored("4")["ranges"][2]
        assert (slot["turn_on"], slot["charge_priority"], slot["priority_discharge_switch"]) == (
            False,
            40,
            1,
        )
        entry = lp.poller.devices[SINGLE]
        assert entry["preset_allow_export"] is False
        assert entry["preset_charge_priority"] == 40
        assert entry["preset_discharge_priority"] == 1


async def test_full_day_schedule_is_written_as_two_slots(socket_enabled: None) -> None:
    async with loop("sb1_single") as lp:
        change = SlotChange(time(0, 0), time(23, 59), appliance_load=200, allow_export=True)
        await ops.set_schedule(lp.poller, SINGLE, change)
        assert _spans(lp.stored("4")["ranges"]) == [
            ("00:00", "12:05", 200),
            ("12:05", "24:00", 200),
        ]
        # the simulator's single-slot bug would show 0 W here
        assert lp.stored_load(SINGLE)["current_home_load"] == "200W"


async def test_update_and_clear(socket_enabled: None) -> None:
    async with loop("sb1_single") as lp:
        change = SlotChange(time(18, 0), time(22, 0), appliance_load=400)
        await ops.update_schedule(lp.poller, SINGLE, change)
        assert _spans(lp.stored("4")["ranges"])[2:] == [
            ("10:00", "18:00", 300),
            ("18:00", "22:00", 400),
            ("22:00", "24:00", 300),
        ]
        await ops.clear_schedule(lp.poller, SINGLE)
        assert lp.stored("4")["ranges"] == []
        assert lp.poller.devices[SINGLE]["preset_system_output_power"] == 200


@pytest.mark.parametrize(
    ("call", "reason", "field"),
    [
        (lambda p: ops.set_output_preset(p, SINGLE, 900), "value_out_of_range", "appliance_load"),
        (lambda p: ops.set_output_preset(p, SINGLE, 120), "value_out_of_range", "appliance_load"),
        (
            lambda p: ops.set_sb1_presets(p, SINGLE, charge_priority=120),
            "value_out_of_range",
            "charge_priority",
        ),
        (lambda p: ops.set_sb1_presets(p, SINGLE), "nothing_to_change", None),
        (
            lambda p: ops.set_sb1_presets(p, SINGLE, power_mode=2),
            "power_mode_unsupported",
            "power_mode",
        ),
        (
            lambda p: ops.set_schedule(p, SINGLE, SlotChange(time(9), time(8), appliance_load=200)),
            "slot_end_before_start",
            "end_time",
        ),
        (lambda p: ops.set_usage_mode(p, SINGLE, "manual"), "sb2_only", "device_sn"),
        (lambda p: ops.set_backup_charge(p, SINGLE, enable=True), "sb2_only", "device_sn"),
    ],
)
async def test_invalid_input_sends_no_request(
    call: object, reason: str, field: str | None, socket_enabled: None
) -> None:
    async with loop("sb1_single") as lp:
        before = lp.requests()
        with pytest.raises((SolixValidationError, SolixNotAllowedError)) as err:
            await call(lp.poller)  # type: ignore[operator]
        assert (err.value.reason, err.value.field) == (reason, field)
        assert lp.requests() == before


async def test_fault_during_write_keeps_the_old_schedule(socket_enabled: None) -> None:
    async with loop("sb1_single") as lp:
        stored = lp.stored("4")
        cached = lp.poller.ctx.params[lp.site_id]["4"]
        lp.sim.faults.add(SET_PARAM, code=10000)
        with pytest.raises(SolixRequestError):
            await ops.set_output_preset(lp.poller, SINGLE, 250)
        assert lp.stored("4") == stored
        assert lp.poller.ctx.params[lp.site_id]["4"] == cached
        assert lp.poller.devices[SINGLE]["preset_system_output_power"] == 300


async def test_increase_cooldown_on_the_session_clock(socket_enabled: None) -> None:
    async with loop("sb1_single") as lp:
        await ops.set_output_preset(lp.poller, SINGLE, 250)
        await ops.set_output_preset(lp.poller, SINGLE, 200)  # decreases are always allowed
        before = lp.requests()
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_output_preset(lp.poller, SINGLE, 260)
        assert err.value.reason == "increase_blocked"
        assert lp.requests() == before
        lp.sim.clock.advance(31)
        await ops.set_output_preset(lp.poller, SINGLE, 260)
        assert lp.poller.devices[SINGLE]["preset_system_output_power"] == 260


async def test_dual_device_preset(socket_enabled: None) -> None:
    async with loop("sb1_dual_zero_switch") as lp:
        await ops.set_sb1_presets(lp.poller, WEST, device_power=150)
        slot = lp.stored("4")["ranges"][1]
        assert slot["power_setting_mode"] == 2
        assert slot["device_power_loads"] == [
            {"device_sn": WEST, "power": 150},
            {"device_sn": EAST, "power": 150},
        ]
        assert lp.poller.devices[WEST]["preset_device_output_power"] == 150
        await ops.set_sb1_presets(lp.poller, EAST, power_mode=1)
        assert lp.stored("4")["ranges"][1]["power_setting_mode"] == 1
        assert lp.poller.devices[EAST]["preset_power_mode"] == 1


async def test_dual_device_preset_limits(socket_enabled: None) -> None:
    async with loop("sb1_dual_zero_switch") as lp:
        before = lp.requests()
        with pytest.raises(SolixValidationError) as err:
            await ops.set_sb1_presets(lp.poller, WEST, device_power=40)
        assert err.value.placeholders == {
            "field": "device_load",
            "value": "40",
            "min": "50",
            "max": "800",
        }
        assert lp.requests() == before


async def test_get_schedule_reads_fresh(socket_enabled: None) -> None:
    async with loop("sb1_single") as lp:
        schedule = await ops.get_schedule(lp.poller, SINGLE)
        assert _spans(schedule["ranges"])[2] == ("10:00", "24:00", 300)
