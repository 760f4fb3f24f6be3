"""Refusals of the library's control ops for values of the wrong type, missing plans and
unsupported devices: the translated reason, and nothing is sent to the simulator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import SolixControlError, SolixPoller
from custom_components.anker_solix.solixapi import control as ops
from tests.control.simenv import control_env

PLUS = "961JPFEHEZLL1HAC"  # sb2_plus_plugs
PRO = "LMXGZ1W1C003XF18"  # sb2_pro_meter_manual
VEHICLE = "cccd5bc0-7f8b-2a3e-ff24-a69cceb184bf"  # vehicles_account

type Op = Callable[[SolixPoller], Awaitable[None]]

CASES: dict[str, tuple[str, Op, str]] = {
    "grid_export_not_bool": (
        "sb2_plus_plugs",
        lambda p: ops.set_grid_export(p, PLUS, "yes"),  # type: ignore[arg-type]
        "value_invalid",
    ),
    "auto_upgrade_not_bool": (
        "sb2_plus_plugs",
        lambda p: ops.set_auto_upgrade(p, PLUS, 1),  # type: ignore[arg-type]
        "value_invalid",
    ),
    "preset_not_int": (
        "sb2_pro_meter_manual",
        lambda p: ops.set_output_preset(p, PRO, "400"),  # type: ignore[arg-type]
        "value_invalid",
    ),
    "mode_the_model_lacks": (
        "sb2_pro_meter_manual",
        lambda p: ops.set_usage_mode(p, PRO, "use_time"),
        "usage_mode_unavailable",
    ),
    "vehicle_nothing_to_change": (
        "vehicles_account",
        lambda p: ops.update_vehicle(p, VEHICLE),
        "nothing_to_change",
    ),
    "vehicle_blank_name": (
        "vehicles_account",
        lambda p: ops.update_vehicle(p, VEHICLE, vehicle_name="   "),
        "vehicle_name_invalid",
    ),
}


@pytest.mark.parametrize(("scenario", "op", "reason"), CASES.values(), ids=list(CASES.keys()))
async def test_refused_before_any_write(scenario: str, op: Op, reason: str) -> None:
    """The op raises its reason; the simulator receives no write."""
    async with control_env(scenario) as env:
        mark = env.mark()
        with pytest.raises(SolixControlError) as err:
            await op(env.poller)
        assert err.value.reason == reason
        sent = env.requests_since(mark)
        assert not [path for path in sent if "/set_" in path or "/update" in path], sent


async def test_auto_upgrade_of_a_device_without_the_switch_is_refused() -> None:
    """A device whose cache has no auto-upgrade flag cannot be switched."""
    async with control_env("sb2_plus_plugs") as env:
        device: dict[str, Any] = env.poller.ctx.devices[PLUS]
        device.pop("auto_upgrade", None)
        mark = env.mark()
        with pytest.raises(SolixControlError) as err:
            await ops.set_auto_upgrade(env.poller, PLUS, True)
        assert err.value.reason == "auto_upgrade_unsupported"
        assert env.requests_since(mark) == []


async def test_vehicle_rename_is_trimmed() -> None:
    """A name with blanks around it is stored trimmed."""
    async with control_env("vehicles_account") as env:
        await ops.update_vehicle(env.poller, VEHICLE, vehicle_name="  Reiseauto  ")
        stored = env.stored("user_vehicles")["vehicle_list"]
        assert [v["vehicle_name"] for v in stored if v["vehicle_id"] == VEHICLE] == ["Reiseauto"]
