"""The exported days keep the scenario's values; today moves with the clock in 5-minute steps."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.sim_energy.helpers import (
    METER,
    SB3,
    TYPES,
    ask,
    daily,
    replay_answer,
    scenario_copy,
    simulator,
    site_of,
)


@pytest.mark.parametrize("name", [SB3, METER])
def test_exported_days_answer_as_the_files_for_five_minutes(tmp_path: Path, name: str) -> None:
    sim = simulator(scenario_copy(tmp_path, name))
    today = sim.times.file_today(site_of(sim))
    yesterday = today - timedelta(days=1)
    sim.clock.advance(299)  # still the first 5-minute step after the export moment
    for device_type in TYPES:
        for start, end in ((today, today), (yesterday, yesterday), (yesterday, today)):
            expected = replay_answer(sim, device_type, start, end)
            assert ask(sim, device_type, start, end) == expected, (device_type, start, end)
        assert ask(sim, device_type, today, day=True) == replay_answer(
            sim, device_type, today, day=True
        )


def test_today_moves_in_steps_and_keeps_the_balance(tmp_path: Path) -> None:
    sim = simulator(scenario_copy(tmp_path, SB3))
    site = site_of(sim)
    today = sim.times.file_today(site)
    at_export = sim.energy.day(site, today)
    sim.clock.advance(4 * 3600 + 10)
    later = sim.energy.day(site, today)
    assert later["solar_production"] > at_export["solar_production"] + 0.5
    assert later["home_usage"] > at_export["home_usage"]
    balance = (
        later["solar_production"]
        + later["battery_discharge"]
        + later["grid_import"]
        - later["home_usage"]
        - later["battery_charge"]
        - later["grid_export"]
    )
    moved = {key: later[key] - at_export[key] for key in ("solar_production", "home_usage")}
    assert abs(balance - _file_balance(at_export)) < 1e-6, moved
    answer = ask(sim, "solar_production", today)
    assert daily(answer) == [round(later["solar_production"], 2)]
    # the same within one 5-minute step
    sim.clock.advance(250)
    assert ask(sim, "solar_production", today) == answer


def _file_balance(day: dict[str, float]) -> float:
    """The balance error of the exported values (the files are not exactly balanced)."""
    return (
        day["solar_production"]
        + day["battery_discharge"]
        + day["grid_import"]
        - day["home_usage"]
        - day["battery_charge"]
        - day["grid_export"]
    )
