"""The scene's Solarbank output follows written presets from the next data tick (§6.7, §6.8)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import pytest

from solixsim.clock import SimClock
from solixsim.routes.base import RequestContext
from solixsim.routes.sites import scene_info
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes
from solixsim.writes import WRITE_HANDLERS
from tests.sim_dynamics.scenes import SB1_SN_A, SB1_SN_B
from tests.sim_dynamics.store_files import CASCADE_SITE, SB1_SCHEDULE, SB1_SITE, SB3_SITE

ENDPOINT = "power_service/v1/site/set_site_device_param"
SB1_TICK = 60
SB2_TICK = 300


@dataclass
class Cloud:
    """A store with the simulator's clock and site times, read and written like the cloud."""

    store: ScenarioStore
    clock: SimClock
    times: SiteTimes

    def at(self, site_id: str, seconds: float) -> None:
        """Set the clock ``seconds`` after the site's base time (tick 0)."""
        self.clock.set(self.times.base(site_id) + seconds)

    def write(self, site_id: str, param_type: str, data: dict[str, Any]) -> None:
        """Write a site parameter now; the cloud must accept it."""
        body = {"site_id": site_id, "param_type": param_type, "cmd": 17}
        body["param_data"] = json.dumps(data)
        reply = WRITE_HANDLERS[ENDPOINT](self.store, body, self.clock.now())
        assert (reply.status, reply.code) == (200, 0)

    def scene(self, site_id: str) -> dict[str, Any]:
        """The scene info ``data`` of a site at the current clock."""
        ctx = RequestContext(
            store=self.store,
            body={"site_id": site_id},
            now=self.clock.now(),
            offset_minutes=self.store.meta.utc_offset_minutes,
            times=self.times,
            eu_server=True,
        )
        data: dict[str, Any] = scene_info(ctx).data
        return data


def _cloud(store: ScenarioStore) -> Cloud:
    """A store with its own manual clock."""
    clock = SimClock.manual(0)
    return Cloud(store=store, clock=clock, times=SiteTimes(store, clock))


@pytest.fixture
def cloud(store: ScenarioStore) -> Cloud:
    """The synthetic scenario with a manual clock."""
    return _cloud(store)


@pytest.fixture
def untouched(store: ScenarioStore) -> Cloud:
    """The same scenario freshly loaded, never written to."""
    return _cloud(ScenarioStore.load(store.path))


def _devices(scene: dict[str, Any]) -> list[dict[str, Any]]:
    """The Solarbank entries of a scene."""
    devices: list[dict[str, Any]] = scene["solarbank_info"]["solarbank_list"]
    return devices


def _outputs(scene: dict[str, Any]) -> list[int]:
    """Output power of every Solarbank."""
    return [int(device["output_power"]) for device in _devices(scene)]


def _sb1_schedule(power: int, **slot: Any) -> dict[str, Any]:
    """The two-slot SB1 schedule with ``power`` from 08:00 (the slot of the 20:00 base time)."""
    schedule = copy.deepcopy(SB1_SCHEDULE)
    schedule["ranges"][1]["appliance_loads"][0]["power"] = power
    schedule["ranges"][1].update(slot)
    return schedule


def _manual_plan(power: int) -> dict[str, Any]:
    """SB2+ manual mode with one all-week preset."""
    plan = [
        {
            "index": 0,
            "week": [0, 1, 2, 3, 4, 5, 6],
            "ranges": [{"start_time": "00:00", "end_time": "24:00", "power": power}],
        }
    ]
    return {"mode_type": 3, "custom_rate_plan": plan, "blend_plan": []}


def _same_flows(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Both scenes show the same Solarbank and grid values."""
    keys = ("output_power", "battery_power", "photovoltaic_power", "charging_power")
    return [[d.get(k) for k in keys] for d in _devices(first)] == [
        [d.get(k) for k in keys] for d in _devices(second)
    ] and first.get("grid_info") == second.get("grid_info")


def test_sb1_dual_output_follows_the_preset_from_the_next_tick(cloud: Cloud) -> None:
    """A 300 W system preset shows as 150 W per SB1 from the tick after the write, not before."""
    cloud.at(SB1_SITE, 5 * SB1_TICK + 30)
    before = cloud.scene(SB1_SITE)
    cloud.write(SB1_SITE, "4", _sb1_schedule(300))
    assert _same_flows(cloud.scene(SB1_SITE), before)
    cloud.at(SB1_SITE, 6 * SB1_TICK)
    scene = cloud.scene(SB1_SITE)
    assert _outputs(scene) == [150, 150]
    assert scene["solarbank_info"]["total_output_power"] == "300.00"
    assert scene["retain_load"] == "300W"
    cloud.at(SB1_SITE, 3600)
    later = cloud.scene(SB1_SITE)
    assert _outputs(later) == [150, 150]
    assert [int(d["battery_power"]) for d in _devices(later)] < [60, 64]  # no PV: discharging


def test_sb1_advanced_mode_uses_the_device_loads(cloud: Cloud) -> None:
    """``power_setting_mode`` 2 gives every SB1 its own ``device_power_loads`` value."""
    cloud.at(SB1_SITE, 30)
    loads = [{"device_sn": SB1_SN_A, "power": 220}, {"device_sn": SB1_SN_B, "power": 80}]
    cloud.write(SB1_SITE, "4", _sb1_schedule(300, power_setting_mode=2, device_power_loads=loads))
    cloud.at(SB1_SITE, SB1_TICK)
    assert _outputs(cloud.scene(SB1_SITE)) == [220, 80]


def test_sb1_turn_on_false_and_the_single_slot_bug_give_zero_output(cloud: Cloud) -> None:
    """No export (``turn_on`` false) and a one-slot write both make the SB1 output 0 W."""
    cloud.at(SB1_SITE, 30)
    cloud.write(SB1_SITE, "4", _sb1_schedule(300, turn_on=False))
    cloud.at(SB1_SITE, SB1_TICK)
    assert _outputs(cloud.scene(SB1_SITE)) == [0, 0]
    single = _sb1_schedule(300)
    single["ranges"] = [single["ranges"][1] | {"start_time": "00:00"}]
    cloud.at(SB1_SITE, SB1_TICK + 30)
    cloud.write(SB1_SITE, "4", single)
    cloud.write(SB1_SITE, "4", single)  # the bug stays until a schedule with more slots
    cloud.at(SB1_SITE, 2 * SB1_TICK)
    assert _outputs(cloud.scene(SB1_SITE)) == [0, 0]
    cloud.write(SB1_SITE, "4", _sb1_schedule(200))
    cloud.at(SB1_SITE, 3 * SB1_TICK)
    assert _outputs(cloud.scene(SB1_SITE)) == [100, 100]


@pytest.mark.usefixtures("single_slot_bug_off")
def test_single_slot_preset_applies_without_the_bug(cloud: Cloud) -> None:
    """Without the bug emulation a one-slot schedule drives the output like any other."""
    single = _sb1_schedule(260)
    single["ranges"] = [single["ranges"][1] | {"start_time": "00:00"}]
    cloud.at(SB1_SITE, 30)
    cloud.write(SB1_SITE, "4", single)
    cloud.at(SB1_SITE, SB1_TICK)
    assert _outputs(cloud.scene(SB1_SITE)) == [130, 130]


def test_sb1_battery_at_the_cut_off_cannot_discharge(cloud: Cloud) -> None:
    """At night an SB1 at its 10 % cut-off outputs nothing, whatever the preset."""
    envelope = cloud.store.get(f"scene_{SB1_SITE}")
    assert envelope is not None
    for device in _devices(envelope["data"]):
        device["battery_power"] = "10"
    cloud.store.put(f"scene_{SB1_SITE}", envelope)
    cloud.at(SB1_SITE, SB1_TICK)
    assert _outputs(cloud.scene(SB1_SITE)) == [120, 130]  # file demand: down to 5 %
    cloud.write(SB1_SITE, "4", _sb1_schedule(400))
    cloud.at(SB1_SITE, 10 * SB1_TICK)
    scene = cloud.scene(SB1_SITE)
    assert _outputs(scene) == [0, 0]
    assert [d["battery_power"] for d in _devices(scene)] == ["10", "10"]


def test_sb3_manual_preset_moves_output_and_grid(cloud: Cloud, untouched: Cloud) -> None:
    """Manual mode 450 W: output from the next 5-minute tick; the grid import drops by as much."""
    cloud.at(SB3_SITE, 60)
    cloud.write(SB3_SITE, "6", _manual_plan(450))
    cloud.at(SB3_SITE, SB2_TICK - 1)
    assert _outputs(cloud.scene(SB3_SITE)) == [300]
    for tick in (1, 2, 7):
        cloud.at(SB3_SITE, tick * SB2_TICK)
        untouched.at(SB3_SITE, tick * SB2_TICK)
        scene, plain = cloud.scene(SB3_SITE), untouched.scene(SB3_SITE)
        assert _outputs(scene) == [450]
        assert scene["solarbank_info"]["total_output_power"] == "450.00"
        assert scene["solarbank_info"]["to_home_load"] == "450"
        extra = 450 - _outputs(plain)[0]
        grid, plain_grid = scene["grid_info"], plain["grid_info"]
        net = int(grid["grid_to_home_power"]) - int(grid["photovoltaic_to_grid_power"])
        plain_net = int(plain_grid["grid_to_home_power"]) - int(
            plain_grid["photovoltaic_to_grid_power"]
        )
        assert net == plain_net - extra
        assert scene["home_load_power"] == plain["home_load_power"]


def test_sb3_at_the_station_reserve_outputs_only_pv(cloud: Cloud) -> None:
    """An SB3 at its 10 % station reserve covers a 1000 W preset with PV only."""
    envelope = cloud.store.get(f"scene_{SB3_SITE}")
    assert envelope is not None
    _devices(envelope["data"])[0]["battery_power"] = "10"
    cloud.store.put(f"scene_{SB3_SITE}", envelope)
    cloud.at(SB3_SITE, 0)
    cloud.write(SB3_SITE, "6", _manual_plan(1000))
    cloud.at(SB3_SITE, SB2_TICK)
    device = _devices(cloud.scene(SB3_SITE))[0]
    assert device["output_power"] == device["photovoltaic_power"]
    assert int(device["output_power"]) < 1000
    assert device["battery_power"] == "10"


def test_sb3_smart_plug_mode_adds_the_plug_power(cloud: Cloud) -> None:
    """Smart plug mode: the ``blend_plan`` base load plus the plugs' power at the tick."""
    plan = _manual_plan(120)
    data = {"mode_type": 2, "custom_rate_plan": [], "blend_plan": plan["custom_rate_plan"]}
    cloud.at(SB3_SITE, 0)
    cloud.write(SB3_SITE, "6", data)
    cloud.at(SB3_SITE, 4 * SB2_TICK)
    scene = cloud.scene(SB3_SITE)
    plugs = scene["smart_plug_info"]["smartplug_list"]
    assert _outputs(scene) == [120 + sum(int(plug["current_power"]) for plug in plugs)]


def test_cascaded_sb2_follows_manual_mode_and_the_sb1_keeps_its_values(
    cloud: Cloud, untouched: Cloud
) -> None:
    """In a cascaded site the SB2 follows its manual preset; the SB1 behind it is unchanged."""
    cloud.at(CASCADE_SITE, SB2_TICK)
    cloud.write(CASCADE_SITE, "6", _manual_plan(320))
    for tick in (1, 2, 5):
        cloud.at(CASCADE_SITE, tick * SB2_TICK)
        untouched.at(CASCADE_SITE, tick * SB2_TICK)
        scene, plain = cloud.scene(CASCADE_SITE), untouched.scene(CASCADE_SITE)
        if tick == 1:
            assert _same_flows(scene, plain)
        else:
            assert _outputs(scene)[0] == 320
        assert _devices(scene)[1] == _devices(plain)[1]


def test_preset_scenes_are_deterministic_and_tick_zero_stays_the_file(cloud: Cloud) -> None:
    """Same tick, same values (in any read order); tick 0 keeps the file values."""
    file_scene = cloud.store.data(f"scene_{SB1_SITE}")
    cloud.at(SB1_SITE, 0)
    cloud.write(SB1_SITE, "4", _sb1_schedule(300))
    assert _outputs(cloud.scene(SB1_SITE)) == _outputs(file_scene)
    ticks = (1, 40, 1500, 3000)
    first = []
    for tick in ticks:
        cloud.at(SB1_SITE, tick * SB1_TICK)
        first.append(cloud.scene(SB1_SITE))
    for tick, expected in reversed(list(zip(ticks, first, strict=True))):
        cloud.at(SB1_SITE, tick * SB1_TICK)
        assert cloud.scene(SB1_SITE) == expected


def test_a_second_write_walks_on_from_the_reached_soc(cloud: Cloud) -> None:
    """A later preset continues from the SOC the earlier one reached (no jump back)."""
    cloud.at(SB1_SITE, 0)
    cloud.write(SB1_SITE, "4", _sb1_schedule(600))
    cloud.at(SB1_SITE, 120 * SB1_TICK)
    reached = [int(d["battery_power"]) for d in _devices(cloud.scene(SB1_SITE))]
    cloud.write(SB1_SITE, "4", _sb1_schedule(100, turn_on=False))
    cloud.at(SB1_SITE, 121 * SB1_TICK)
    scene = cloud.scene(SB1_SITE)
    assert _outputs(scene) == [0, 0]
    assert [int(d["battery_power"]) for d in _devices(scene)] == reached
