"""Power Panel / X1 intraday statistics (5-minute points) that advance with the clock (§7.5, §7.6).

A scenario exports today's ``<prefix>_<source>_today_<site>`` answers as the cloud had them at
the export moment: the slots up to then carry values, later ones ``"0.00"`` (and charge level
``"0"``). The simulator serves today's answer of the current site-local day like this:

* a slot is published ``PUBLISH_DELAY`` seconds after it ended (the cloud's ~3 minutes); later
  slots are served empty, as the cloud does;
* slots the export has values for keep them (on every day: the exported morning repeats);
* later published slots are synthesized: solar and the battery follow the typical shapes of
  :mod:`solixsim.energy.shapes` scaled to the exported part of the day, the charge level moves
  with the battery power (capacity ``CAPACITY_KWH``) between the exported minimum and 100 %, the
  battery rests when it reaches either, and the grid closes the balance
  ``solar + discharge + import = home + charge + export`` (a source that exports no points, such
  as a Power Panel's grid, stays without points).

Nothing is random: the same scenario and clock give the same answers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from solixsim.daylight import daylight_hours
from solixsim.dynamics_values import parse_number
from solixsim.energy.flows import CHARGE, DISCHARGE, HOME
from solixsim.energy.shapes import shape_of

SLOT_SECONDS: Final = 300
SLOTS: Final = 288
PUBLISH_DELAY: Final = 180
"""Seconds after a slot's end until the cloud serves it."""
SLOT_HOURS: Final = SLOT_SECONDS / 3600
SOURCES: Final = ("hes", "solar", "home", "grid")
CAPACITY_KWH: Final = {"charging_energy": 3.84, "hes_energy": 15.0}
"""Battery capacity per family (Power Panel: one F3800, §8.9; X1: three 5 kWh packs)."""
FULL: Final = 100.0

Sampler = Callable[[float], float]


def published_slots(local_seconds: float) -> int:
    """How many of today's slots are served at ``local_seconds`` after local midnight."""
    return max(0, min(SLOTS, int((local_seconds - PUBLISH_DELAY) // SLOT_SECONDS)))


def _values(point: Mapping[str, Any]) -> list[float]:
    infos = point.get("powerInfos")
    if not isinstance(infos, list):
        return []
    return [parse_number(info.get("value")) or 0.0 for info in infos if isinstance(info, dict)]


def _exported_count(hes: Mapping[str, Any]) -> int:
    """Slots the export has values for: up to the last charge level that is not ``"0"``."""
    levels = hes.get("chargeLevel")
    count = 0
    for index, level in enumerate(levels if isinstance(levels, list) else []):
        if isinstance(level, dict) and str(level.get("value")) not in ("0", "", "None"):
            count = index + 1
    return count


def _hour(index: int) -> float:
    return (index + 0.5) * SLOT_HOURS


def _fit(values: list[float], shape: Sampler, count: int) -> float:
    """The factor that makes ``shape`` carry the energy of ``values`` over the first slots."""
    weight = sum(shape(_hour(index)) for index in range(count))
    return sum(values[:count]) / weight if weight > 0 else 0.0


@dataclass
class DaySeries:
    """Signed kW per slot of a day: battery (+ discharge), solar, home, grid (+ import), SOC."""

    battery: list[float]
    solar: list[float]
    home: list[float]
    grid: list[float]
    level: list[float]


class StatisticsDay:
    """Today's four statistics answers of one site, extended past the export moment."""

    def __init__(self, prefix: str, files: Mapping[str, Mapping[str, Any]]) -> None:
        """``files``: the exported ``data`` of each source (``hes`` required)."""
        self.prefix = prefix
        self.files = files
        self.exported = _exported_count(files["hes"])

    def _column(self, source: str, column: int) -> list[float]:
        points = self.files.get(source, {}).get("power")
        rows = [_values(point) for point in points if isinstance(point, dict)] if points else []
        return [row[column] if len(row) > column else 0.0 for row in rows] + [0.0] * SLOTS

    def _battery(self) -> list[float]:
        """Exported battery power, signed (negative = charging) as the X1 reports it."""
        if self.prefix == "charging_energy":
            charge, discharge = self._column("hes", 0), self._column("hes", 1)
            return [abs(d) - abs(c) for c, d in zip(charge, discharge, strict=False)][:SLOTS]
        return self._column("hes", 0)[:SLOTS]

    def series(self, day: date) -> DaySeries:
        """Every slot of ``day``: exported where the export has it, synthesized after."""
        daylight = daylight_hours(day)

        def sampler(quantity: str) -> Sampler:
            shape = shape_of(quantity)
            return lambda hour: shape(hour, daylight)

        count = self.exported
        exported_battery = self._battery()
        solar = self._column("solar", 0)[:SLOTS]
        home = self._column("home", 0)[:SLOTS]
        sun, night, house = sampler(CHARGE), sampler(DISCHARGE), sampler(HOME)
        solar_k = _fit(solar, sun, count)
        home_k = _fit(home, house, count)
        charge_k = _fit([max(0.0, -p) for p in exported_battery], sun, count)
        discharge_k = _fit([max(0.0, p) for p in exported_battery], night, count)
        levels = self.files["hes"].get("chargeLevel") or []
        exported_levels = [
            parse_number(level.get("value")) or 0.0
            for level in levels[:count]
            if isinstance(level, dict)
        ]
        floor = min(exported_levels) if exported_levels else 10.0
        level = exported_levels[-1] if exported_levels else 50.0
        capacity = CAPACITY_KWH.get(self.prefix, 5.0)
        out = DaySeries([], [], [], [], [])
        for index in range(SLOTS):
            hour = _hour(index)
            if index < count:
                battery, sun_kw, home_kw = exported_battery[index], solar[index], home[index]
                level = exported_levels[index] if index < len(exported_levels) else level
            else:
                sun_kw, home_kw = solar_k * sun(hour), home_k * house(hour)
                battery = discharge_k * night(hour) - charge_k * sun(hour)
                step = -battery * SLOT_HOURS / capacity * 100
                if not floor <= level + step <= FULL:
                    battery, step = 0.0, 0.0
                level += step
            out.battery.append(round(battery, 2))
            out.solar.append(round(sun_kw, 2))
            out.home.append(round(home_kw, 2))
            out.grid.append(round(home_kw - battery - sun_kw, 2))
            out.level.append(round(level))
        return out

    def answer(self, source: str, day: date, served: int) -> dict[str, Any] | None:
        """The ``data`` of ``source`` for ``day`` with ``served`` slots published."""
        data = self.files.get(source)
        if data is None or not isinstance(data.get("power"), list):
            return None
        result = copy.deepcopy(dict(data))
        series = self.series(day)
        rows = self._rows(source, series)
        for index, point in enumerate(result["power"][:SLOTS]):
            infos = point.get("powerInfos") if isinstance(point, dict) else None
            if not isinstance(infos, list):
                continue
            values = rows[index] if index < served else [0.0] * len(infos)
            for info, value in zip(infos, values, strict=False):
                if isinstance(info, dict):
                    info["value"] = f"{value:.2f}"
        levels = result.get("chargeLevel")
        if isinstance(levels, list):
            for index, level in enumerate(levels[:SLOTS]):
                if isinstance(level, dict):
                    level["value"] = str(series.level[index]) if index < served else "0"
        return result

    def _rows(self, source: str, series: DaySeries) -> list[list[float]]:
        """Per slot the ``powerInfos`` values of ``source`` in the family's sign convention."""
        if source == "hes" and self.prefix == "charging_energy":
            return [[min(0.0, p), max(0.0, p)] for p in series.battery]
        column = {
            "hes": series.battery,
            "solar": series.solar,
            "home": series.home,
            "grid": series.grid,
        }[source]
        return [[value] for value in column]
