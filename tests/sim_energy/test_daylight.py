"""Solar follows the site's daylight on any clock (the scripts/develop defect: on the real clock
today's solar was spread evenly over every hour, night included, ~9 kWh while past days had
0.5–1.5 kWh on a daylight curve)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from solixsim import CloudSimulator, SimClock
from solixsim.daylight import daylight_hours
from solixsim.routes import ROUTES, RequestContext
from tests.sim_energy.helpers import ask, scenario_copy, simulator, site_of

SCENE = "power_service/v1/site/get_scen_info"
PLUGS = "sb2_plus_plugs"
STEP = 300


def _solar(sim: CloudSimulator, site: str) -> float:
    """Solar power (W) of the scene the simulator serves now."""
    ctx = RequestContext(
        store=sim.store,
        body={"site_id": site},
        now=sim.clock.now(),
        offset_minutes=sim.store.meta.utc_offset_minutes,
        times=sim.times,
        eu_server=False,
    )
    return float(ROUTES[SCENE].handler(ctx).data["solarbank_info"]["total_photovoltaic_power"])


def _run_day(sim: CloudSimulator, site: str, day: date) -> tuple[list[float], float, float]:
    """Solar (W) every 5 minutes from local midnight to 23:55, its integral (kWh, held for each
    step) and the simulator's solar counter of ``day`` at 23:55."""
    start, _end = sim.energy.day_bounds(day)
    powers = []
    for step in range(288):
        sim.clock.set(start + step * STEP)
        powers.append(_solar(sim, site))
    counter = float(ask(sim, "solar_production", day)["solar_total"])
    return powers, sum(powers) * STEP / 3.6e6, counter


def _night_and_noon(day: date, powers: list[float]) -> None:
    """0 W before sunrise and after sunset, more than 0 W around solar noon."""
    rise, set_ = daylight_hours(day)
    # a sample shows the scene tick begun up to one step before it
    night = [p for i, p in enumerate(powers) if not rise <= i * STEP / 3600 <= set_ + STEP / 3600]
    noon = [p for i, p in enumerate(powers) if 12.5 <= i * STEP / 3600 <= 13.5]
    assert len(night) > 12 * 6
    assert max(night) == 0.0
    assert min(noon) > 0.0
    assert sum(powers[: int(rise * 12)]) == 0.0  # nothing from midnight to sunrise


@pytest.mark.parametrize("days", [1, 200, 400])
def test_manual_clock_day_far_from_base(tmp_path: Path, days: int) -> None:
    sim = simulator(scenario_copy(tmp_path, PLUGS))
    site = site_of(sim)
    day = sim.times.file_today(site) + timedelta(days=days)
    powers, integral, counter = _run_day(sim, site, day)
    _night_and_noon(day, powers)
    assert sim.energy.day(site, day)["kind"] == "integrated"
    assert integral > 0.1
    assert abs(counter - integral) <= 0.01


def test_real_clock_like_start_today(tmp_path: Path) -> None:
    """As scripts/develop starts it: a running clock at today's wall time, energy from today."""
    folder = scenario_copy(tmp_path, PLUGS)
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.real())
    site = site_of(sim)
    today = sim.times.today()
    sim.energy.begin(today)
    # the day as it will have been served: the real clock moved to each 5-minute step
    powers, integral, counter = _run_day(sim, site, today)
    _night_and_noon(today, powers)
    assert abs(counter - integral) <= 0.01
    # the synthesized past days hold the same order of solar energy as the served day
    yesterday = sim.energy.day(site, today - timedelta(days=1))
    assert yesterday["kind"] == "synthesized"
    assert integral < 4 * max(yesterday["solar_production"], 0.25)


def test_noon_scale_follows_the_season(tmp_path: Path) -> None:
    """June noon gives more solar than December noon (one sun model with the past days)."""
    sim = simulator(scenario_copy(tmp_path, PLUGS))
    site = site_of(sim)
    base = datetime.fromtimestamp(sim.times.base(site), tz=sim.times.zone)
    noons = []
    for month in (6, 12):
        noon = base.replace(month=month, day=21, hour=13, minute=0, second=0)
        sim.clock.set(noon.timestamp())
        noons.append(_solar(sim, site))
    assert noons[0] > noons[1] > 0
