"""The solar inputs' daily values add up to the solar production, to the cent, every day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.sim_energy.helpers import ask, daily, scenario_copy, simulator

MULTI = "sb3_multisystem_dock"
INPUTS = [f"solar_production_pv{index}" for index in range(1, 5)]


def test_inputs_add_up_to_the_system_over_synthesized_exported_and_simulated_days(
    tmp_path: Path,
) -> None:
    sim = simulator(scenario_copy(tmp_path, MULTI, history_days=90))
    start = sim.times.today()
    sim.clock.set(sim.clock.now() + 3 * 86400 + 5 * 3600)  # three simulated days, today running
    today = sim.times.today()
    first = start - timedelta(days=90)
    system = daily(ask(sim, "solar_production", first, today))
    inputs = [daily(ask(sim, kind, first, today)) for kind in INPUTS]
    assert len(system) == (today - first).days + 1
    for index, total in enumerate(system):
        parts = [values[index] for values in inputs]
        assert round(sum(parts), 2) == total, (first + timedelta(days=index), parts, total)
    assert min(system) > 0
    assert all(max(values) > 0 for values in inputs)  # every input produced
