"""Scenario copies, simulators and in-process energy queries for the energy model tests."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from solixsim import CloudSimulator, SimClock
from solixsim.routes import ROUTES, RequestContext
from tests.conftest import SCENARIOS

ANALYSIS = "power_service/v1/site/energy_analysis"
SB3 = "sb3_shelly_dynamic"
SB3_SITE = "85b17b79-49e1-6e8a-aee1-51c7baea4f5d"
METER = "sb2_pro_meter_smartmeter"
METER_SITE = "82276cdb-87be-c519-d412-0cec11fa7d0a"
TYPES = ("solar_production", "solar_production_pv1", "solarbank", "home_usage", "grid")
POINTS_PER_KWH = 3000


def scenario_copy(tmp: Path, name: str, **meta: Any) -> Path:
    """A copy of ``scenarios/<name>`` with ``meta`` merged into its ``scenario.json``."""
    folder = tmp / name
    shutil.copytree(SCENARIOS / name, folder)
    path = folder / "scenario.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **meta}), encoding="utf-8")
    return folder


def simulator(folder: Path) -> CloudSimulator:
    """The scenario's simulator on a manual clock at its base time (tick 0), its energy
    simulated from the exported today on (older days are history)."""
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(0))
    sim.clock.set(sim.times.base(""))
    sim.energy.begin()
    return sim


def site_of(sim: CloudSimulator) -> str:
    """The (first) site of a scenario."""
    return next(name[6:] for name in sim.store.names() if name.startswith("scene_"))


def _context(
    sim: CloudSimulator, device_type: str, start: date, end: date | None, *, day: bool, model: bool
) -> RequestContext:
    body = {
        "site_id": site_of(sim),
        "device_sn": "",
        "type": "day" if day else "week",
        "start_time": start.isoformat(),
        "end_time": "" if end is None else end.isoformat(),
        "device_type": device_type,
    }
    return RequestContext(
        store=sim.store,
        body=body,
        now=sim.clock.now(),
        offset_minutes=sim.store.meta.utc_offset_minutes,
        times=sim.times,
        eu_server=False,
        energy=sim.energy if model else None,
    )


def ask(
    sim: CloudSimulator,
    device_type: str,
    start: date,
    end: date | None = None,
    *,
    day: bool = False,
) -> dict[str, Any]:
    """The simulator's ``energy_analysis`` answer (``data``), asked in-process."""
    reply = ROUTES[ANALYSIS].handler(_context(sim, device_type, start, end, day=day, model=True))
    assert reply.code == 0, reply
    data: dict[str, Any] = reply.data
    return data


def replay_answer(
    sim: CloudSimulator,
    device_type: str,
    start: date,
    end: date | None = None,
    *,
    day: bool = False,
) -> dict[str, Any]:
    """The answer without the energy model (the library's replay of the exported files)."""
    reply = ROUTES[ANALYSIS].handler(_context(sim, device_type, start, end, day=day, model=False))
    data: dict[str, Any] = reply.data
    return data


def daily(answer: dict[str, Any]) -> list[float]:
    """The daily values of a week answer."""
    return [float(entry["value"]) for entry in answer["power"]]


def curve_kwh(answer: dict[str, Any], field: str = "power") -> float:
    """The energy of a day answer's curve (sum of the 20-minute points / 3000)."""
    return sum(float(entry["value"]) for entry in answer[field]) / POINTS_PER_KWH
