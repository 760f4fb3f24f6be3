"""The scene's lifetime ``statistics`` (§4.1.2) grow with the energy the model reports.

Type 1 is the lifetime solar energy (kWh), type 2 the CO2 saved and type 3 the money saved;
each grows by the solar energy published since the export moment, CO2 and money in the ratio
the exported scene has them to the energy.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from solixsim.dynamics_values import format_like, parse_number
from solixsim.energy.flows import SOLAR
from solixsim.energy.model import EnergyModel

ENERGY_TYPE = "1"
_SCALED_TYPES = ("2", "3")
_MAX_CACHED = 1024


# Solar energy of the finished days since the export, by site, clock date and corrections.
_FINISHED: dict[tuple[str, date, tuple[Any, ...]], float] = {}


def _finished_days(model: EnergyModel, site_id: str, first: date, today: date) -> float:
    """Solar energy (kWh) since the export moment on ``first`` until ``today`` began
    (memoised per clock date)."""
    key = (site_id, today, (model.start_day, *sorted(model.corrections.items())))
    cached = _FINISHED.get(key)
    if cached is None:
        cached = model.record(site_id, first).get(SOLAR, 0.0)
        cached -= model.exported_record(site_id, first).get(SOLAR, 0.0)
        day = first + timedelta(days=1)
        while day < today:
            cached += model.record(site_id, day).get(SOLAR, 0.0)
            day += timedelta(days=1)
        if len(_FINISHED) > _MAX_CACHED:
            _FINISHED.clear()
        _FINISHED[key] = cached
    return cached


def solar_since_export(model: EnergyModel, site_id: str) -> float:
    """Solar energy (kWh) the model reports from the export moment to now."""
    file_today = model.times.file_today(site_id)
    today = model.times.today()
    if today < file_today:
        return 0.0
    if today > file_today:
        total = _finished_days(model, site_id, file_today, today)
        total += model.record(site_id, today).get(SOLAR, 0.0)
    else:
        total = model.record(site_id, file_today).get(SOLAR, 0.0)
        total -= model.exported_record(site_id, file_today).get(SOLAR, 0.0)
    return max(total, 0.0)


def move_statistics(scene: dict[str, Any], model: EnergyModel, site_id: str) -> None:
    """Add the solar energy since the export to the scene's lifetime statistics, in place."""
    entries = [item for item in scene.get("statistics") or [] if isinstance(item, dict)]
    energy = next((item for item in entries if str(item.get("type")) == ENERGY_TYPE), None)
    exported = parse_number(energy.get("total")) if energy is not None else None
    if energy is None or exported is None:
        return
    added = solar_since_export(model, site_id)
    if added <= 0:
        return
    energy["total"] = format_like(energy["total"], exported + added)
    for item in entries:
        value = parse_number(item.get("total"))
        if str(item.get("type")) in _SCALED_TYPES and value is not None and exported > 0:
            item["total"] = format_like(item["total"], value * (exported + added) / exported)
