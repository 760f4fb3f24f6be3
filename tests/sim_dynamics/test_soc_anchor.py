"""The SOC walk is anchored once a day: far ticks cost at most two days of steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from solixsim import dynamics_battery
from solixsim.dynamics_noise import SmoothFactor


def battery(
    cadence: int, seed: str = "anchor", soc: float = 40.0
) -> dynamics_battery.BatteryInputs:
    """A Solarbank that charges by day and discharges by night (PV factor 0.2 … 1.6)."""
    return dynamics_battery.BatteryInputs(
        pv=500,
        output=300,
        grid=0,
        soc=soc,
        capacity_wh=1600,
        cadence=cadence,
        pv_factor=SmoothFactor(seed, "pv", 0.2, 1.6, 12),
    )


@pytest.fixture
def flow_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Ticks of every ``flows_at`` call (one per walked step and per reported tick)."""
    calls: list[int] = []
    original = dynamics_battery.flows_at

    def counting(inputs: dynamics_battery.BatteryInputs, tick: int, soc: float) -> Any:
        calls.append(tick)
        return original(inputs, tick, soc)

    monkeypatch.setattr(dynamics_battery, "flows_at", counting)
    dynamics_battery._walks.clear()
    yield calls
    dynamics_battery._walks.clear()


@pytest.mark.parametrize("cadence", [60, 300])
@pytest.mark.parametrize("tick", [1_000_000, -1_000_000, 123_457])
def test_far_tick_walks_at_most_two_days(flow_calls: list[int], cadence: int, tick: int) -> None:
    """A tick far from the export time needs no walk from tick 0."""
    inputs = battery(cadence)
    soc = dynamics_battery.soc_at(inputs, tick)
    assert dynamics_battery.SOC_MIN <= soc <= dynamics_battery.SOC_MAX
    assert 0 < len(flow_calls) <= 2 * dynamics_battery.ticks_per_day(inputs)


def test_ticks_per_day_follow_the_cadence() -> None:
    """One day of SB1 ticks (60 s) and of newer Solarbank ticks (300 s)."""
    assert dynamics_battery.ticks_per_day(battery(60)) == 1440
    assert dynamics_battery.ticks_per_day(battery(300)) == 288


def test_tick_zero_is_the_file_soc() -> None:
    """Tick 0 reports the file SOC, also when far ticks were asked first."""
    inputs = battery(300, soc=37.5)
    dynamics_battery.soc_at(inputs, 500_000)
    assert dynamics_battery.soc_at(inputs, 0) == 37.5


def test_results_do_not_depend_on_the_cache_or_the_order() -> None:
    """Cold and warm caches and any order of questions give the same SOCs."""
    inputs = battery(60, seed="order")
    ticks = [1_000_000, 5, -3000, 2881, 1440, 1439, 999_999, 0, -1440, 77_777]
    dynamics_battery._walks.clear()
    forward = {tick: dynamics_battery.soc_at(inputs, tick) for tick in ticks}
    dynamics_battery._walks.clear()
    backward = {tick: dynamics_battery.soc_at(inputs, tick) for tick in reversed(ticks)}
    assert forward == backward
    other = dynamics_battery.soc_at(battery(60, seed="other"), 1_000_000)
    assert isinstance(other, float)


@pytest.mark.parametrize("cadence", [60, 300])
def test_walk_follows_the_flows_except_at_later_anchors(cadence: int) -> None:
    """SOC(k) - SOC(k-1) is the net battery energy of tick k, across day 1's anchor too."""
    inputs = battery(cadence, seed="consistency")
    day = dynamics_battery.ticks_per_day(inputs)
    for tick in [*range(1, 40), *range(day - 20, day + 20), *range(5 * day + 1, 5 * day + 30)]:
        before = dynamics_battery.soc_at(inputs, tick - 1)
        net = dynamics_battery.flows_at(inputs, tick, before).net
        expected = before + net * cadence / 3600 / inputs.capacity_wh * 100
        bounded = min(dynamics_battery.SOC_MAX, max(inputs.soc_min, expected))
        assert dynamics_battery.soc_at(inputs, tick) == pytest.approx(bounded), tick


def test_anchor_continues_a_day_that_reached_a_bound() -> None:
    """A battery that ran full during the day before continues exactly at a later anchor."""
    inputs = dynamics_battery.BatteryInputs(
        pv=900,
        output=100,
        grid=0,
        soc=50.0,
        capacity_wh=1600,
        cadence=300,
        pv_factor=SmoothFactor("full", "pv", 0.8, 1.2, 12),
    )
    day = dynamics_battery.ticks_per_day(inputs)
    for anchor in (day, 2 * day, 40 * day):
        assert dynamics_battery.soc_at(inputs, anchor - 1) == dynamics_battery.SOC_MAX
        assert dynamics_battery.soc_at(inputs, anchor) == dynamics_battery.SOC_MAX
