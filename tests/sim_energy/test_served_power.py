"""The energy answers are the served power integrated over the clock (the scripts/develop
defects: counters that never moved, "solar to grid today" at 0.00 while the meter exported)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from solixsim.routes import ROUTES, RequestContext
from tests.sim_energy.helpers import SB3, ask, curve_kwh, daily, scenario_copy, simulator, site_of

SCENE = "power_service/v1/site/get_scen_info"
STEP = 300


def _meter(sim, site: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(import, solar export) W of the smart meter in the scene the simulator serves now.

    The export counts up to the served solar power: the energy statistics know solar to grid
    only, not a battery feeding the grid at night (a preset output above the house demand).
    """
    ctx = RequestContext(
        store=sim.store,
        body={"site_id": site},
        now=sim.clock.now(),
        offset_minutes=sim.store.meta.utc_offset_minutes,
        times=sim.times,
        eu_server=False,
    )
    scene = ROUTES[SCENE].handler(ctx).data
    grid = scene["grid_info"]
    solar = float(scene["solarbank_info"]["total_photovoltaic_power"])
    return float(grid["grid_to_home_power"]), min(float(grid["photovoltaic_to_grid_power"]), solar)


def test_a_day_is_the_meter_and_scene_power_summed_over_the_clock(tmp_path: Path) -> None:
    sim = simulator(scenario_copy(tmp_path, SB3))
    site = site_of(sim)
    # a June day: solar follows the sun, the battery fills and the meter exports
    day = sim.times.file_today(site) + timedelta(days=90)
    start, end = sim.energy.day_bounds(day)
    # walk the day in 5-minute steps through the served scene, as a meter reader would
    base = sim.times.base(site)
    first = base + ((start - base) // STEP) * STEP
    imported = exported = 0.0
    cursor = first
    while cursor < end:
        sim.clock.set(cursor)
        grid_in, grid_out = _meter(sim, site)
        overlap = min(end, cursor + STEP) - max(start, cursor)
        imported += grid_in * overlap / 3.6e6
        exported += grid_out * overlap / 3.6e6
        cursor += STEP
    sim.clock.set(end + STEP)
    assert exported > 0.1  # the scene shows export that day
    values = sim.energy.day(site, day)
    assert abs(values["grid_export"] - exported) < 1e-6
    assert abs(values["grid_import"] - imported) < 1e-6
    solar = ask(sim, "solar_production", day)
    assert float(solar["solar_to_grid_total"]) == round(exported, 2)
    grid = ask(sim, "grid", day)
    assert (daily(grid), float(grid["charge_trend"][0]["value"])) == (
        [-round(exported, 2)],
        round(imported, 2),
    )


def test_todays_solar_to_grid_follows_the_meter(tmp_path: Path) -> None:
    sim = simulator(scenario_copy(tmp_path, SB3))
    site = site_of(sim)
    today = sim.times.file_today(site)
    before = float(ask(sim, "solar_production", today)["solar_to_grid_total"])
    # from a June day's midnight, run until the meter shows solar export, then three more steps
    sim.clock.set(sim.energy.day_bounds(today + timedelta(days=90))[0])
    for _ in range(288):
        sim.clock.advance(STEP)
        if _meter(sim, site)[1] > 50:
            break
    else:
        pytest.fail("the scene never exported solar power that day")
    day = sim.times.today()
    counter = float(ask(sim, "solar_production", day)["solar_to_grid_total"])
    sim.clock.advance(3 * STEP)
    after = float(ask(sim, "solar_production", day)["solar_to_grid_total"])
    assert after > counter >= (before if day == today else 0.0)
    assert after > 0.0


def test_daily_value_curve_and_midnight_counter_agree(tmp_path: Path) -> None:
    sim = simulator(scenario_copy(tmp_path, SB3))
    site = site_of(sim)
    day = sim.times.file_today(site) + timedelta(days=1)
    _start, end = sim.energy.day_bounds(day)
    sim.clock.set(end - 1)  # the last counter of the day (published up to the last step)
    late = {kind: daily(ask(sim, kind, day))[0] for kind in ("solar_production", "home_usage")}
    sim.clock.set(end + STEP)  # the step over midnight is published
    finals = {}
    for kind, counter in late.items():
        finals[kind] = daily(ask(sim, kind, day))[0]
        curve = curve_kwh(ask(sim, kind, day, day=True))
        assert abs(curve - finals[kind]) < 0.005, kind
        assert 0.0 <= finals[kind] - counter < 0.2, kind  # the minutes before midnight at most
    sim.clock.set(end + 5 * 86400)  # a finished day never changes
    assert {kind: daily(ask(sim, kind, day))[0] for kind in finals} == finals


def _statistics(sim, site: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    ctx = RequestContext(
        store=sim.store,
        body={"site_id": site},
        now=sim.clock.now(),
        offset_minutes=sim.store.meta.utc_offset_minutes,
        times=sim.times,
        eu_server=False,
        energy=sim.energy,
    )
    items = ROUTES[SCENE].handler(ctx).data["statistics"]
    return {item["type"]: float(item["total"]) for item in items}


def test_lifetime_statistics_grow_by_the_reported_solar_energy(tmp_path: Path) -> None:
    sim = simulator(scenario_copy(tmp_path, SB3))
    site = site_of(sim)
    exported = _statistics(sim, site)
    today = sim.times.file_today(site)
    at_export = sim.energy.day(site, today)["solar_production"]
    sim.clock.advance(3 * 86400 + 600)
    later = _statistics(sim, site)
    solar = sum(
        sim.energy.day(site, today + timedelta(days=offset))["solar_production"]
        for offset in range(4)
    )
    assert abs(later["1"] - exported["1"] - (solar - at_export)) < 0.011
    # CO2 and savings keep their ratio to the energy
    assert abs(later["2"] / later["1"] - exported["2"] / exported["1"]) < 1e-3
    assert abs(later["3"] / later["1"] - exported["3"] / exported["1"]) < 1e-3
