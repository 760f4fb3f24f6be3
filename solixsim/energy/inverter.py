"""A standalone inverter's energy history (``statisticsPv``, §4.7/§7.4).

The exported ``device_pv_statistics`` days keep the file's values (the replay's answer); every
other past day back to ``history_days`` before the first energy request is synthesized like a
Solarbank's history (:func:`solixsim.energy.history.synthesize`) from the latest complete
exported day, so the same serial and day always give the same energy. Today and the future keep
the replay's answer.
"""

from __future__ import annotations

from datetime import date, timedelta

from custom_components.anker_solix.solixapi import number_of
from solixsim.energy.flows import SOLAR
from solixsim.energy.history import synthesize
from solixsim.energy.model import EnergyModel


def _exported(model: EnergyModel, serial: str) -> dict[date, float]:
    """The exported days of the serial's week file (consecutive days ending the file's today)."""
    data = model.store.data(f"device_pv_statistics_{serial}")
    entries = data.get("energy") if isinstance(data, dict) else None
    entries = [entry for entry in entries or [] if isinstance(entry, dict)]
    last = model.times.file_today("")
    first = last - timedelta(days=len(entries) - 1)
    return {
        first + timedelta(days=index): number_of(entry.get("energy")) or 0.0
        for index, entry in enumerate(entries)
    }


def inverter_day(model: EnergyModel, serial: str, day: date) -> float | None:
    """The solar energy (kWh, unrounded) the cloud holds for a past day; None: the replay's."""
    exported = _exported(model, serial)
    if day in exported or day >= model.times.today() or day < model.first_day():
        return None
    complete = sorted(known for known in exported if known < model.times.file_today(""))
    if not complete:
        return None
    reference_day = complete[-1]
    record = synthesize(serial, day, {SOLAR: exported[reference_day]}, reference_day)
    return record.get(SOLAR, 0.0)


def served_day(model: EnergyModel, serial: str, day: date) -> float:
    """The day's energy as ``statisticsPv`` answers it (two decimals)."""
    value = inverter_day(model, serial, day)
    if value is None:
        value = _exported(model, serial).get(day, 0.0)
    return round(value, 2)
