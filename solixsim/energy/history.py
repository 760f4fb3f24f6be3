"""Days before the simulation: synthesized from a reference day, seeded by site and date.

Solar follows the season (peak at the June solstice; :mod:`solixsim.daylight`, the sun the live
scene follows too) and a daily weather factor, the home a seasonal demand and daily noise; the
battery charges the reference share of the solar energy and gives back at most 92 % of it; the
grid covers the rest (:func:`flows.split`). The same site and day always give the same values,
and the balance holds exactly.
"""

from __future__ import annotations

from datetime import date

from solixsim.daylight import season
from solixsim.dynamics_noise import unit_hash
from solixsim.energy.flows import (
    CHANNELS,
    CHARGE,
    DISCHARGE,
    GRID_TO_BATTERY,
    HOME,
    MICRO,
    PLUG_PREFIX,
    SOLAR,
    Record,
    split,
)

WEATHER_RANGE = (0.35, 1.25)
HOME_NOISE_RANGE = (0.85, 1.15)
ROUND_TRIP = 0.92


def _between(seed: str, low: float, high: float, *parts: object) -> float:
    return low + (high - low) * unit_hash(seed, *parts)


def _share(reference: Record, key: str, whole: str) -> float:
    total = reference.get(whole, 0.0)
    return reference.get(key, 0.0) / total if total > 0 else 0.0


def synthesize(seed: str, day: date, reference: Record, reference_day: date) -> Record:
    """The record of a past ``day`` shaped like ``reference`` (a complete exported day)."""
    weather = _between(seed, *WEATHER_RANGE, "weather", day.isoformat())
    solar = reference.get(SOLAR, 0.0) * season(day) / season(reference_day) * weather
    winter = 1.0 + 0.25 * (1.0 - season(day))
    winter_reference = 1.0 + 0.25 * (1.0 - season(reference_day))
    home_noise = _between(seed, *HOME_NOISE_RANGE, "home", day.isoformat())
    home = reference.get(HOME, 0.0) * winter / winter_reference * home_noise
    grid_battery = reference.get(GRID_TO_BATTERY, 0.0) * home_noise
    charge = solar * _share(reference, CHARGE, SOLAR) + grid_battery
    discharge = min(home * _share(reference, DISCHARGE, HOME), ROUND_TRIP * charge)
    record = split(solar, charge, discharge, grid_battery, home)
    for key in (*CHANNELS, MICRO):
        record[key] = solar * _share(reference, key, SOLAR)
    for key in reference:
        if key.startswith(PLUG_PREFIX):
            record[key] = home * _share(reference, key, HOME)
    return record
