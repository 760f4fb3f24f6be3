"""The sun of the simulated site: the one daylight model of live power and synthesized days.

Sunrise and sunset follow the season (8 h of daylight in December, 16 h in June, centred on
13:00 local time); between them the clear-sky shape is ``sin(π·x)^1.5`` of the fraction ``x``
of the daylight passed. A day's clear-sky energy follows :func:`season` (1.0 at the June
solstice), so the irradiance of a moment is ``season / (daylight length · SHAPE_MEAN) · shape``
and its integral over any day is that day's ``season``. The live scene scales its file PV by
the irradiance of the tick over that of the base time (:class:`Daylight`), so PV is zero at
night on any clock and the past days' curves (:mod:`solixsim.energy.shapes`) have the same sun.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache

__all__ = ["Daylight", "daylight_hours", "irradiance", "season", "sun"]

_SOLSTICE_DAY = 172
_YEAR_DAYS = 365.25
SHAPE_MEAN = 0.55642  # mean of sin(π·x)^1.5 over x in [0, 1]
MAX_RATIO = 4.0
"""Largest live PV scale against the base time (a base time near sunrise or sunset)."""


def _angle(day: date) -> float:
    return 2 * math.pi * (day.timetuple().tm_yday - _SOLSTICE_DAY) / _YEAR_DAYS


def season(day: date) -> float:
    """Relative clear-sky solar energy of a day: 1.0 at the June solstice, 0.2 in December."""
    return 0.6 + 0.4 * math.cos(_angle(day))


def daylight_hours(day: date) -> tuple[float, float]:
    """Local sunrise and sunset hour of a day (8 h of daylight in winter, 16 h in summer)."""
    half = 6.0 + 2.0 * math.cos(_angle(day))
    return 13.0 - half, 13.0 + half


def sun(hour: float, daylight: tuple[float, float]) -> float:
    """Clear-sky shape at a local hour: 0 outside daylight, 1 at solar noon."""
    rise, set_ = daylight
    if not rise < hour < set_:
        return 0.0
    return float(math.sin(math.pi * (hour - rise) / (set_ - rise)) ** 1.5)


def _peak(day: date) -> float:
    """Irradiance at solar noon of a day (the day's integral over its hours is ``season``)."""
    rise, set_ = daylight_hours(day)
    return season(day) / ((set_ - rise) * SHAPE_MEAN)


@lru_cache(maxsize=8192)
def irradiance(ts: float, zone: tzinfo) -> float:
    """Relative clear-sky irradiance at a clock time in the site's zone (0 at night)."""
    local = datetime.fromtimestamp(ts, tz=zone)
    hour = local.hour + local.minute / 60 + local.second / 3600
    day = local.date()
    return _peak(day) * sun(hour, daylight_hours(day))


@dataclass(frozen=True)
class Daylight:
    """The sun of a site's scene ticks: tick ``k`` starts at ``base_ts + k · cadence``."""

    base_ts: float
    zone: tzinfo
    cadence: int = 300

    def ratio(self, tick: int) -> float:
        """Irradiance at the tick over that at the base time (1.0 at tick 0, 0 at night).

        A base time in twilight counts as at least a quarter of its noon, so the ratio stays
        at most :data:`MAX_RATIO` times the change of the noon irradiance.
        """
        if tick == 0:
            return 1.0
        base_day = datetime.fromtimestamp(self.base_ts, tz=self.zone).date()
        reference = max(irradiance(self.base_ts, self.zone), _peak(base_day) / MAX_RATIO)
        return irradiance(self.base_ts + tick * self.cadence, self.zone) / reference
