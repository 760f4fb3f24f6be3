"""scene_at_tick and site_cadence_seconds on synthetic scenes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from solixsim import dynamics_battery
from solixsim.dynamics import scene_at_tick, site_cadence_seconds
from tests.sim_dynamics.scenes import (
    PLUG_SN_A,
    SB1_SN_A,
    SB2_SN,
    cascaded_scene,
    sb1_dual_scene,
    sb3_scene,
)

STAMP = "2025-06-04 12:05:00"
TICKS = range(1, 400, 7)


def _num(value: Any) -> float:
    """A string power value as a number."""
    assert isinstance(value, str), value
    return float(value)


def _devices(scene: dict[str, Any]) -> list[dict[str, Any]]:
    """The solarbank entries of a scene."""
    devices: list[dict[str, Any]] = scene["solarbank_info"]["solarbank_list"]
    return devices


@pytest.mark.parametrize("build", [sb3_scene, sb1_dual_scene, cascaded_scene])
def test_tick_zero_is_the_file_except_updated_time(build: Any) -> None:
    """At tick 0 every value equals the input; only updated_time is replaced."""
    scene = build()
    original = copy.deepcopy(scene)
    result = scene_at_tick(scene, 0, "seed", STAMP)
    assert scene == original
    expected = copy.deepcopy(original)
    expected["solarbank_info"]["updated_time"] = STAMP
    assert result == expected


def test_same_tick_and_seed_give_the_same_values_other_seeds_differ() -> None:
    """Values depend only on seed and tick."""
    scene = sb3_scene()
    first = [scene_at_tick(scene, tick, "alpha", STAMP) for tick in TICKS]
    dynamics_battery._walks.clear()
    again = [scene_at_tick(scene, tick, "alpha", STAMP) for tick in reversed(TICKS)]
    assert first == list(reversed(again))
    other = [scene_at_tick(scene, tick, "beta", STAMP) for tick in TICKS]
    assert first != other
    pv_values = {_devices(s)[0]["photovoltaic_power"] for s in first}
    assert len(pv_values) > 10


def test_pv_follows_a_bounded_factor_and_zero_stays_zero() -> None:
    """PV stays within 0.6..1.3 of the file value; a night scene keeps 0 W PV."""
    for tick in TICKS:
        pv = _num(_devices(scene_at_tick(sb3_scene(), tick, "s", STAMP))[0]["photovoltaic_power"])
        assert 0.6 * 620 - 1 <= pv <= 1.3 * 620 + 1
        night = scene_at_tick(sb1_dual_scene(), tick, "s", STAMP)
        assert {d["photovoltaic_power"] for d in _devices(night)} == {"0"}


def test_device_energy_balance_and_site_totals_are_consistent() -> None:
    """pv + grid = out + charge - discharge per device; totals are the device sums."""
    for tick in TICKS:
        scene = scene_at_tick(sb3_scene(), tick, "bal", STAMP)
        info = scene["solarbank_info"]
        device = _devices(scene)[0]
        pv, out = _num(device["photovoltaic_power"]), _num(device["output_power"])
        charge, discharge = _num(device["bat_charge_power"]), _num(device["bat_discharge_power"])
        grid = _num(info["grid_to_battery_power"])
        assert pv + grid == out + charge - discharge
        assert _num(info["total_photovoltaic_power"]) == pv
        assert _num(info["total_output_power"]) == out
        assert _num(info["total_charging_power"]) == charge
        assert _num(info["battery_discharge_power"]) == discharge
        assert _num(info["total_battery_power"]) == pytest.approx(
            _num(device["battery_power"]) / 100, abs=0.005
        )
        channels = sum(_num(info[f"solar_power_{i}"]) for i in range(1, 5))
        assert channels == pv
        pv_power = device["pv_power"]
        assert sum(_num(pv_power[f"pv{i}"]) for i in range(1, 5)) == _num(pv_power["total"]) == pv
        if _num(device["battery_power"]) >= 100:
            assert charge == 0


def test_home_plugs_and_grid_follow_consistently() -> None:
    """home = other loads + plugs; import - export changes with demand minus supply."""
    file_scene = sb3_scene()
    for tick in TICKS:
        scene = scene_at_tick(file_scene, tick, "home", STAMP)
        plugs = scene["smart_plug_info"]
        plug_sum = sum(_num(p["current_power"]) for p in plugs["smartplug_list"])
        assert _num(plugs["total_power"]) == plug_sum
        home = _num(scene["home_load_power"])
        assert home == _num(scene["other_loads_power"]) + plug_sum
        grid = scene["grid_info"]
        net = _num(grid["grid_to_home_power"]) - _num(grid["photovoltaic_to_grid_power"])
        output = _num(scene["solarbank_info"]["total_output_power"])
        # File: 450 home = 300 output + 150 import.
        assert net == home - output
        assert min(_num(grid["grid_to_home_power"]), _num(grid["photovoltaic_to_grid_power"])) == 0


def test_values_stay_strings_in_the_input_format() -> None:
    """Moved values keep type and decimals ("300.00", "0.40", "80")."""
    scene = scene_at_tick(sb3_scene(), 37, "fmt", STAMP)
    info = scene["solarbank_info"]
    assert info["total_output_power"].count(".") == 1
    assert len(info["total_output_power"].split(".")[1]) == 2
    assert len(info["total_battery_power"].split(".")[1]) == 2
    assert info["total_battery_power"].startswith("0.") or info["total_battery_power"] == "1.00"
    for key in ("total_photovoltaic_power", "total_charging_power", "solar_power_1"):
        assert isinstance(info[key], str)
        assert "." not in info[key]
    device = _devices(scene)[0]
    assert device["battery_power"].isdigit()
    plug = scene["smart_plug_info"]["smartplug_list"][0]
    assert plug["device_sn"] == PLUG_SN_A
    assert plug["current_power"].isdigit()


def test_soc_drifts_by_the_net_battery_energy_within_bounds() -> None:
    """The SB1 pair discharges 120/130 W: SOC falls by the energy per 60 s tick, never below 5."""
    scene = sb1_dual_scene()
    assert site_cadence_seconds(scene) == 60
    first = _devices(scene_at_tick(scene, 100, "soc", STAMP))
    # 120 W over 100 minutes from 1600 Wh is 12.5 % → 60 % becomes 47.5 %.
    assert _num(first[0]["battery_power"]) in (47, 48)
    assert _num(first[1]["battery_power"]) in (50, 51)
    late = scene_at_tick(scene, 1500, "soc", STAMP)
    for device in _devices(late):
        assert _num(device["battery_power"]) == 5
        assert device["output_power"] == "0"
    assert late["solarbank_info"]["total_output_power"] == "0.00"
    assert late["solarbank_info"]["total_battery_power"] == "0.05"


def test_soc_walk_matches_the_flows_tick_by_tick() -> None:
    """SOC(k) - SOC(k-1) equals the net battery power of tick k over the cadence."""
    scene = sb3_scene()
    device = _devices(scene)[0]
    factor = dynamics_battery.SmoothFactor("walk", "pv", 0.6, 1.3, 6)
    inputs = dynamics_battery.BatteryInputs(
        pv=620, output=300, grid=0, soc=40.0, capacity_wh=2 * 2688, cadence=300, pv_factor=factor
    )
    assert device["device_sn"]
    for tick in range(1, 60):
        state = dynamics_battery.device_state(inputs, tick)
        before = dynamics_battery.soc_at(inputs, tick - 1)
        interval = dynamics_battery.flows_at(inputs, tick, before)
        expected = before + interval.net * 300 / 3600 / (2 * 2688) * 100
        assert state.soc == pytest.approx(min(100.0, expected))
        if state.soc < 100.0:
            assert state.flows == interval
        else:
            assert state.flows.charge == 0
    assert dynamics_battery.soc_at(inputs, -20) <= 40.0


def test_offline_devices_and_stale_sites_do_not_move() -> None:
    """status "0" freezes a device; is_display_data false freezes the whole solarbank info."""
    scene = cascaded_scene()
    _devices(scene)[1]["status"] = "0"
    moved = scene_at_tick(scene, 50, "off", STAMP)
    assert _devices(moved)[1] == _devices(scene)[1]
    assert _devices(moved)[0] != _devices(scene)[0]
    stale = sb3_scene()
    stale["solarbank_info"]["is_display_data"] = False
    frozen = scene_at_tick(stale, 50, "off", STAMP)
    expected = copy.deepcopy(stale["solarbank_info"])
    expected["updated_time"] = STAMP
    assert frozen["solarbank_info"] == expected


def test_cascaded_totals_cover_the_solarbank_2_only() -> None:
    """In SB2 + SB1 sites the totals are the SB2 values (the SB1 feeds the SB2)."""
    for tick in TICKS:
        scene = scene_at_tick(cascaded_scene(), tick, "cas", STAMP)
        info = scene["solarbank_info"]
        sb2 = next(d for d in _devices(scene) if d["device_sn"] == SB2_SN)
        sb1 = next(d for d in _devices(scene) if d["device_sn"] == SB1_SN_A)
        assert info["total_photovoltaic_power"] == sb2["photovoltaic_power"]
        assert _num(info["total_output_power"]) == _num(sb2["output_power"])
        assert info["total_battery_power"] == f"{_num(sb2['battery_power']) / 100:.2f}"
        # The SB1 has no discharge field: its charge is the positive part of pv - output.
        surplus = _num(sb1["photovoltaic_power"]) - _num(sb1["output_power"])
        assert _num(sb1["bat_charge_power"]) == max(surplus, 0)
        micro = _num(info["micro_inverter_power"])
        assert micro == pytest.approx(100 * _num(sb2["photovoltaic_power"]) / 400, abs=0.51)


def test_site_cadence() -> None:
    """60 s for SB1-only or solarbank-less sites, 300 s as soon as an SB2+ is present."""
    assert site_cadence_seconds(sb1_dual_scene()) == 60
    assert site_cadence_seconds(sb3_scene()) == 300
    assert site_cadence_seconds(cascaded_scene()) == 300
    assert site_cadence_seconds({"solarbank_info": None, "home_load_power": "0"}) == 60
    assert site_cadence_seconds({}) == 60


def test_scene_without_solarbank_info_survives_any_tick() -> None:
    """Power panel style scenes (no solarbank info) come back unchanged but for the home side."""
    scene: dict[str, Any] = {"solarbank_info": None, "home_load_power": None, "site_id": "x"}
    assert scene_at_tick(scene, 12, "x", STAMP) == scene
