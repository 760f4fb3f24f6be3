"""Intraday curves (20-minute average power) of days known only by their daily energy.

Each quantity has a typical shape over the local day (solar between sunrise and sunset, home
with a morning and an evening peak, the battery discharging outside the sun hours); a curve is
its shape normalised so that the points sum to the day's energy (point = kWh × 3000 / weight).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date

from solixsim.daylight import daylight_hours, sun
from solixsim.energy.flows import (
    BATTERY_TO_HOME,
    CHARGE,
    DISCHARGE,
    GRID_TO_BATTERY,
    GRID_TO_HOME,
    HOME,
    SOLAR_TO_BATTERY,
    SOLAR_TO_GRID,
    SOLAR_TO_HOME,
)

POINTS_PER_KWH = 3000.0  # a 20-minute point (W) holding 1 kWh: 1000 Wh / (1/3 h)

Shape = Callable[[float, tuple[float, float]], float]


def _home(hour: float, _daylight: tuple[float, float]) -> float:
    morning = math.exp(-(((hour - 7.5) / 1.2) ** 2))
    evening = math.exp(-(((hour - 19.5) / 2.0) ** 2))
    return 0.5 + 0.6 * morning + 1.0 * evening


def _night(hour: float, daylight: tuple[float, float]) -> float:
    return _home(hour, daylight) * (1.0 - min(1.0, 3.0 * sun(hour, daylight)))


SUN_QUANTITIES = frozenset(
    {CHARGE, SOLAR_TO_BATTERY, SOLAR_TO_GRID, SOLAR_TO_HOME, GRID_TO_BATTERY}
)
NIGHT_QUANTITIES = frozenset({DISCHARGE, BATTERY_TO_HOME, GRID_TO_HOME})


def shape_of(quantity: str) -> Shape:
    """The shape of a quantity (solar-like, night-like, else the home's)."""
    if quantity in NIGHT_QUANTITIES:
        return _night
    if quantity == HOME or quantity.startswith("plug:"):
        return _home
    return sun


def curve(quantity: str, energy: float, day: date, hours: Sequence[float]) -> list[float]:
    """Points (W) at the slot mid hours ``hours`` summing to ``energy`` kWh × 3000."""
    daylight = daylight_hours(day)
    shape = shape_of(quantity)
    weights = [shape(hour, daylight) for hour in hours]
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(hours), float(len(hours))
    return [energy * POINTS_PER_KWH * weight / total for weight in weights]
