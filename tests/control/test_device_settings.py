"""SOC reserve, grid export, output limit and auto-upgrade against the simulator."""

from __future__ import annotations

import json

import pytest

from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixRequestError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.control import (
    inverter_limit_options,
    set_auto_upgrade,
    set_grid_export,
    set_inverter_limit,
    set_soc_reserve,
    soc_reserve_options,
)
from tests.control.simenv import control_env

SB1 = "2CBMC6GFUP32YU4Y"
DOCK_SITE = "f89e8f06-a45f-2465-f7ca-2e5c1eb6c4ff"
DOCK = "7DQ4OWL2URMSOS15Z"
DOCK_BANKS = ("DEFX24CK8Y4ZV8FKQ", "HE6N3ZCGQHXEP4CEM", "P4RAW5OIWDPBAENEG")
SB2_PRO = "LMXGZ1W1C003XF18"
SB2_SITE = "d34845e9-b4f5-a23d-d89c-ae59e25fe444"
MI80 = "RCKDUF2Y6SQ2"
CUTOFF_SET = "power_service/v1/app/compatible/set_power_cutoff"
PARAM_SET = "power_service/v1/site/set_site_device_param"
ATTRS_SET = "power_service/v1/app/device/set_device_attrs"


def _selected_cutoff(data: dict[str, object]) -> int | None:
    options = data["power_cutoff_data"]
    assert isinstance(options, list)
    return next(o["output_cutoff_data"] for o in options if o["is_selected"] == 1)


def _station(env_data: dict[str, str]) -> dict[str, object]:
    settings: dict[str, object] = json.loads(env_data["param_data"])
    return settings


async def test_sb1_cutoff_round_trip(socket_enabled: None) -> None:
    async with control_env("sb1_single") as env:
        device = env.poller.devices[SB1]
        assert soc_reserve_options(device, env.poller.sites[device["site_id"]]) == [5, 10]
        assert device["power_cutoff"] == 10
        mark = env.mark()
        await set_soc_reserve(env.poller, SB1, 5)
        assert env.requests_since(mark) == [CUTOFF_SET]
        assert device["power_cutoff"] == 5
        assert _selected_cutoff(env.stored(f"power_cutoff_{SB1}")) == 5
        await env.repoll()
        assert env.poller.devices[SB1]["power_cutoff"] == 5


async def test_sb1_cutoff_refusals_send_nothing(socket_enabled: None) -> None:
    async with control_env("sb1_single") as env:
        mark = env.mark()
        with pytest.raises(SolixValidationError) as err:
            await set_soc_reserve(env.poller, SB1, 7)
        assert (err.value.reason, err.value.field) == ("soc_reserve_invalid", "percent")
        assert err.value.placeholders == {"value": "7", "options": "5, 10"}
        with pytest.raises(SolixValidationError) as unknown:
            await set_soc_reserve(env.poller, "NOPE", 5)
        assert unknown.value.reason == "unknown_device"
        with pytest.raises(SolixNotAllowedError) as export:
            await set_grid_export(env.poller, SB1, False)
        assert export.value.reason == "grid_export_unsupported"
        with pytest.raises(SolixNotAllowedError) as limit:
            await set_inverter_limit(env.poller, SB1, 600)
        assert limit.value.reason == "inverter_limit_unsupported"
        assert env.requests_since(mark) == []


async def test_sb1_cutoff_fault_leaves_cache(socket_enabled: None) -> None:
    async with control_env("sb1_single") as env:
        device = env.poller.devices[SB1]
        before = json.dumps(device, sort_keys=True)
        env.sim.faults.add(CUTOFF_SET, code=10000)
        with pytest.raises(SolixRequestError):
            await set_soc_reserve(env.poller, SB1, 5)
        assert json.dumps(device, sort_keys=True) == before
        assert _selected_cutoff(env.stored(f"power_cutoff_{SB1}")) == 10


async def test_station_soc_reserve_round_trip(socket_enabled: None) -> None:
    async with control_env("sb3_multisystem_dock") as env:
        site = env.poller.sites[DOCK_SITE]
        assert soc_reserve_options(env.poller.devices[DOCK], site) == [5, 10]
        mark = env.mark()
        await set_soc_reserve(env.poller, DOCK_BANKS[1], 5)
        assert env.requests_since(mark) == [PARAM_SET]
        body = env.sim.recorder.records[mark].body
        assert (body["param_type"], json.loads(body["param_data"])) == ("18", {"id": 2})
        for serial in (DOCK, *DOCK_BANKS):
            assert env.poller.devices[serial]["power_cutoff"] == 5
        stored = _station(env.stored(f"device_parm_18_{DOCK_SITE}"))
        assert [o["is_selected"] for o in stored["soc_list"]] == [0, 1]  # type: ignore[union-attr]
        await env.repoll()
        for serial in (DOCK, *DOCK_BANKS):
            assert env.poller.devices[serial]["power_cutoff"] == 5


async def test_station_grid_export_round_trip(socket_enabled: None) -> None:
    async with control_env("sb3_multisystem_dock") as env:
        mark = env.mark()
        await set_grid_export(env.poller, DOCK, False)
        body = env.sim.recorder.records[mark].body
        assert json.loads(body["param_data"]) == {"switch_0w": 1}
        for serial in (DOCK, *DOCK_BANKS):
            assert env.poller.devices[serial]["allow_grid_export"] is False
        assert _station(env.stored(f"device_parm_18_{DOCK_SITE}"))["switch_0w"] == 1
        await env.repoll()
        for serial in (DOCK, *DOCK_BANKS):
            assert env.poller.devices[serial]["allow_grid_export"] is False
        # Dock-managed Solarbanks have no own output limit option.
        assert inverter_limit_options(env.poller.devices[DOCK_BANKS[0]]) == []


async def test_station_write_fault_leaves_cache(socket_enabled: None) -> None:
    async with control_env("sb3_multisystem_dock") as env:
        before = json.dumps(env.poller.snapshot()["devices"], sort_keys=True)
        env.sim.faults.add(PARAM_SET, code=10000)
        with pytest.raises(SolixRequestError):
            await set_grid_export(env.poller, DOCK_BANKS[0], False)
        assert json.dumps(env.poller.snapshot()["devices"], sort_keys=True) == before
        assert _station(env.stored(f"device_parm_18_{DOCK_SITE}"))["switch_0w"] == 0


async def test_sb2_limit_export_and_auto_upgrade(socket_enabled: None) -> None:
    async with control_env("sb2_pro_meter_manual") as env:
        device = env.poller.devices[SB2_PRO]
        assert inverter_limit_options(device) == [350, 600, 800, 1000]
        mark = env.mark()
        with pytest.raises(SolixValidationError) as err:
            await set_inverter_limit(env.poller, SB2_PRO, 1200)
        assert err.value.reason == "inverter_limit_invalid"
        assert env.requests_since(mark) == []
        await set_inverter_limit(env.poller, SB2_PRO, 600)
        assert env.requests_since(mark) == [ATTRS_SET]
        assert device["power_limit"] == 600
        await set_grid_export(env.poller, SB2_PRO, False)
        assert device["allow_grid_export"] is False
        await set_auto_upgrade(env.poller, SB2_PRO, False)
        assert device["auto_upgrade"] is False
        stored = env.stored("auto_upgrade")["device_list"]
        assert next(d for d in stored if d["device_sn"] == SB2_PRO)["auto_upgrade"] is False
        await env.repoll()
        device = env.poller.devices[SB2_PRO]
        assert device["power_limit"] == 600
        assert device["allow_grid_export"] is False
        assert device["auto_upgrade"] is False
        await set_auto_upgrade(env.poller, SB2_PRO, True)
        await env.repoll()
        assert env.poller.devices[SB2_PRO]["auto_upgrade"] is True


async def test_mi80_limit_round_trip(socket_enabled: None) -> None:
    async with control_env("mi80_standalone") as env:
        device = env.poller.devices[MI80]
        assert inverter_limit_options(device) == [600, 800]
        mark = env.mark()
        with pytest.raises(SolixValidationError):
            await set_inverter_limit(env.poller, MI80, 700)
        assert env.requests_since(mark) == []
        await set_inverter_limit(env.poller, MI80, 600)
        assert env.requests_since(mark) == ["charging_pv_svc/set_aps_power"]
        assert device["preset_inverter_limit"] == "600"
        assert env.stored(f"device_pv_total_statistics_{MI80}")["powerConfig"] == "600W"
        await env.repoll()
        assert env.poller.devices[MI80]["preset_inverter_limit"] == "600"
        site = env.poller.sites[f"virtual-{MI80}"]
        assert site["solar_info"]["micro_inverter_power_limit"] == "600W"


async def test_mi80_limit_spares_the_inverter_flash(socket_enabled: None) -> None:
    """The same limit again writes nothing; another limit within 10 minutes is refused."""
    async with control_env("mi80_standalone") as env:
        await set_inverter_limit(env.poller, MI80, 600)
        mark = env.mark()
        await set_inverter_limit(env.poller, MI80, 600)
        assert env.requests_since(mark) == []
        env.sim.clock.advance(300)
        with pytest.raises(SolixNotAllowedError) as refused:
            await set_inverter_limit(env.poller, MI80, 800)
        assert refused.value.reason == "inverter_limit_cooldown"
        assert refused.value.placeholders == {"seconds": "301"}
        assert env.requests_since(mark) == []
        env.sim.clock.advance(301)
        await set_inverter_limit(env.poller, MI80, 800)
        assert env.requests_since(mark) == ["charging_pv_svc/set_aps_power"]
        assert env.poller.devices[MI80]["preset_inverter_limit"] == "800"
