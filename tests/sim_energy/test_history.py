"""Past days before the first energy request: synthesized, reproducible, balanced, bounded."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.sim_energy.helpers import METER, SB3, ask, curve_kwh, daily, scenario_copy, simulator


def test_history_is_reproducible_balanced_and_bounded(tmp_path: Path) -> None:
    folder = scenario_copy(tmp_path, METER, history_days=60)
    sim, again = simulator(folder), simulator(folder)
    site = next(name[6:] for name in sim.store.names() if name.startswith("scene_"))
    today = sim.times.today()
    first = today - timedelta(days=60)
    assert sim.energy.first_day() == first
    earlier = first - timedelta(days=10)
    week = ask(sim, "solar_production", earlier, today)
    assert [entry["time"] for entry in week["power"]][:2] == [
        earlier.isoformat(),
        (earlier + timedelta(days=1)).isoformat(),
    ]
    values = daily(week)
    assert values[:10] == [0.0] * 10  # before the history
    assert all(value > 0 for value in values[10:])
    assert ask(again, "solar_production", earlier, today) == week  # same site, same days
    total = float(week["solar_total"])
    assert abs(total - sum(values)) < 0.01 * len(values)
    for offset in (1, 20, 58):
        day = first + timedelta(days=offset)
        record = sim.energy.day(site, day)
        assert record["kind"] == "synthesized"
        balance = (
            record["solar_production"]
            + record["battery_discharge"]
            + record["grid_import"]
            - record["home_usage"]
            - record["battery_charge"]
            - record["grid_export"]
        )
        assert abs(balance) < 1e-9
        for device_type in ("solar_production", "home_usage", "grid", "solarbank"):
            curve = ask(sim, device_type, day, day=True)
            assert abs(curve_kwh(curve) - daily(ask(sim, device_type, day))[0]) < 0.006


def test_a_year_in_one_range_query_and_the_seasons(tmp_path: Path) -> None:
    sim = simulator(scenario_copy(tmp_path, SB3))
    today = sim.times.today()
    start = today - timedelta(days=364)
    week = ask(sim, "solar_production", start, today)
    assert len(week["power"]) == 365
    by_day = {entry["time"]: float(entry["value"]) for entry in week["power"]}
    summer = [value for day, value in by_day.items() if day[5:7] in ("06", "07")]
    winter = [value for day, value in by_day.items() if day[5:7] in ("12", "01")]
    assert sum(summer) / len(summer) > 2 * sum(winter) / len(winter)
    grid = ask(sim, "grid", start, today)
    assert len(grid["charge_trend"]) == 365
    assert all(float(entry["value"]) <= 0 for entry in grid["power"])
