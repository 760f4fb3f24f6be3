"""Schedule writes whose read-back fails or differs, and refusals before anything is sent
(loopback simulator, manual clock)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import (
    SolixAuthError,
    SolixNotAllowedError,
    SolixUnconfirmedError,
    SolixVerifyError,
)
from custom_components.anker_solix.solixapi import control as ops
from tests.schedule.loopback import GET_PARAM, HOME_LOAD, loop

SINGLE = "2CBMC6GFUP32YU4Y"  # sb1_single: current slot 10:00-24:00 at 300 W
PRO = "LMXGZ1W1C003XF18"  # sb2_pro_meter_manual: weekday slot 09:00-17:00 at 180 W


def slot_powers(schedule: dict[str, Any]) -> list[int]:
    """Appliance load of every SB1 slot."""
    return [r["appliance_loads"][0]["power"] for r in schedule["ranges"]]


async def test_sb1_write_not_read_back_shows_the_written_schedule() -> None:
    """The write went through, the read-back failed: unconfirmed, the cache shows what was sent."""
    async with loop("sb1_single") as lp:
        lp.sim.faults.add(HOME_LOAD, code=999, count=20, after=1)
        with pytest.raises(SolixUnconfirmedError):
            await ops.set_output_preset(lp.poller, SINGLE, 250)
        assert slot_powers(lp.stored("4"))[-1] == 250
        assert slot_powers(lp.poller.ctx.params[lp.site_id]["4"])[-1] == 250
        assert lp.poller.devices[SINGLE]["preset_system_output_power"] == 250


async def test_sb1_read_back_that_differs_is_a_verify_error() -> None:
    """A read-back with other slots than the written ones is reported, not hidden."""

    def other_slots(data: dict[str, Any]) -> dict[str, Any]:
        load = json.loads(data["home_load_data"])
        for slot in load["ranges"]:
            slot["appliance_loads"][0]["power"] = 123
        return {**data, "home_load_data": json.dumps(load)}

    async with loop("sb1_single") as lp:
        lp.sim.faults.add(HOME_LOAD, mutate=other_slots, count=1, after=1)
        with pytest.raises(SolixVerifyError) as err:
            await ops.set_output_preset(lp.poller, SINGLE, 250)
        assert not isinstance(err.value, SolixUnconfirmedError)
        assert slot_powers(lp.stored("4"))[-1] == 250


async def test_sb1_read_back_refused_login_is_an_auth_error() -> None:
    """An authentication failure during the read-back is raised as such (reauth)."""
    async with loop("sb1_single") as lp:
        lp.sim.faults.add(HOME_LOAD, status=401, count=20, after=1)
        with pytest.raises(SolixAuthError):
            await ops.set_output_preset(lp.poller, SINGLE, 250)
        assert slot_powers(lp.stored("4"))[-1] == 250


async def test_schedules_of_a_device_that_is_no_solarbank_are_refused() -> None:
    """An unknown serial is refused before any request."""
    async with loop("sb1_single") as lp:
        before = lp.requests()
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_output_preset(lp.poller, "NOTASOLARBANK000", 250)
        assert err.value.reason == "device_not_solarbank"
        assert lp.requests() == before


async def test_sb2_site_without_a_plan_is_refused() -> None:
    """A fresh read without a type-6 plan refuses the change and writes nothing."""
    async with loop("sb2_pro_meter_manual") as lp:
        lp.sim.faults.add(GET_PARAM, mutate=lambda data: {**data, "param_data": ""}, count=1)
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_output_preset(lp.poller, PRO, 400)
        assert err.value.reason == "schedule_unavailable"
        assert lp.writes() == []


async def test_sb2_read_back_that_differs_is_a_verify_error() -> None:
    """The plan read back after the write lacks the change: a verify error."""

    def old_power(data: dict[str, Any]) -> dict[str, Any]:
        plan = json.loads(data["param_data"])
        for entry in plan.get("custom_rate_plan") or []:
            for slot in entry.get("ranges") or []:
                slot["power"] = 180
        return {**data, "param_data": json.dumps(plan)}

    async with loop("sb2_pro_meter_manual") as lp:
        lp.sim.faults.add(GET_PARAM, mutate=old_power, count=1, after=1)
        with pytest.raises(SolixVerifyError) as err:
            await ops.set_output_preset(lp.poller, PRO, 400)
        assert not isinstance(err.value, SolixUnconfirmedError)
        assert len(lp.writes()) == 1
