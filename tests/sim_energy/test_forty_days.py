"""40 days on the simulator clock across a clock change, with a late correction of yesterday."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.sim_energy.helpers import SB3, TYPES, ask, curve_kwh, daily, scenario_copy, simulator

DAYS = 40
DST_DAY = date(2025, 3, 30)  # Europe/Berlin springs forward (a day of 23 hours)


def test_forty_days_with_a_clock_change_and_a_correction(tmp_path: Path) -> None:
    sim = simulator(scenario_copy(tmp_path, SB3, time_zone="Europe/Berlin"))
    site = next(name[6:] for name in sim.store.names() if name.startswith("scene_"))
    first = sim.times.file_today(site) + timedelta(days=1)
    assert first < DST_DAY < first + timedelta(days=DAYS)
    seen: dict[tuple[str, date], float] = {}
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        start, end = sim.energy.day_bounds(day)
        assert end - start == (82800 if day == DST_DAY else 86400)
        sim.clock.set(end + 600)  # the day is complete and published
        assert sim.energy.kind(site, day) == "integrated"
        values = sim.energy.day(site, day)
        balance = (
            values["solar_production"]
            + values["battery_discharge"]
            + values["grid_import"]
            - values["home_usage"]
            - values["battery_charge"]
            - values["grid_export"]
        )
        assert abs(balance) < 1e-6, day
        for device_type in TYPES:
            value = daily(ask(sim, device_type, day))[0]
            seen[(device_type, day)] = value
            if sim.energy.day_template(device_type, site) is None:
                continue  # no intraday curve exported for this type
            curve = ask(sim, device_type, day, day=True)
            assert len(curve["power"]) == 73
            assert abs(curve_kwh(curve) - value) < 0.006, (device_type, day)
        if day == DST_DAY:
            solar = ask(sim, "solar_production", day, day=True)
            skipped = {entry["time"]: entry["value"] for entry in solar["power"]}
            assert {skipped[label] for label in ("02:00", "02:20", "02:40")} == {"0"}
    # one range query gives the same days
    last = first + timedelta(days=DAYS - 1)
    for device_type in TYPES:
        week = ask(sim, device_type, first, last)
        assert week["power"][0]["time"] == first.isoformat()
        expected = [seen[(device_type, first + timedelta(days=i))] for i in range(DAYS)]
        assert daily(week) == expected, device_type
    # a late cloud correction of yesterday changes that day only, consistently
    yesterday = sim.energy.correct_yesterday(1.04)
    assert yesterday == last
    before = yesterday - timedelta(days=1)
    corrected = ask(sim, "solar_production", yesterday)
    assert abs(daily(corrected)[0] - seen[("solar_production", yesterday)] * 1.04) < 0.006
    curve = ask(sim, "solar_production", yesterday, day=True)
    assert abs(curve_kwh(curve) - daily(corrected)[0]) < 0.006
    assert daily(ask(sim, "solar_production", before)) == [seen[("solar_production", before)]]
    sim.energy.clear_corrections()
    assert daily(ask(sim, "solar_production", yesterday)) == [seen[("solar_production", yesterday)]]
