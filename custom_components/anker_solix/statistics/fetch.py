"""Read a system's daily energy of past days from the cloud, politely (§7.1).

Range queries (``type "week"``, start < end) carry one value per day in ``power[]``: battery
discharge (``solarbank``), grid export and import (``grid``: ``power`` negative = export,
``charge_trend`` = import) and, without smart plugs, home usage. Values the cloud gives only as
interval totals need one query per day: battery charge (``charge_total`` of
``solar_production``, which also carries the day's solar production) and the smart plugs'
energies (``smart_plug_info`` of ``home_usage``). Recent days also get their intraday curves
(``type "day"``: 20-minute average powers) for the hourly shape.

Before each request the reader waits until more slots of the endpoint are free than live
polling needs (``RESERVED_SLOTS``), so live polling never waits behind the history import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from custom_components.anker_solix.solixapi import (
    Endpoint,
    SolixApi,
    SolixRequestError,
    SolixSession,
    parse_number,
)

from .series import Profile, plug_value_key
from .shape import Curve

RANGE_DAYS = 7
"""Days per range query."""
RESERVED_SLOTS = 4
"""Slots of the energy endpoint's window left to live polling."""
CURVE_TYPES = {Profile.SOLAR: "solar_production", Profile.HOME: "home_usage"}


@dataclass
class DayData:
    """What the cloud holds for one day of a system."""

    values: dict[str, float] = field(default_factory=dict)
    """kWh per series key (``plug:<serial>`` for smart plugs)."""
    curves: dict[Profile, Curve] = field(default_factory=dict)


def chunks(days: Iterable[date]) -> list[list[date]]:
    """Consecutive runs of the given days, at most ``RANGE_DAYS`` long."""
    runs: list[list[date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][-1] + timedelta(days=1) == day and len(runs[-1]) < RANGE_DAYS:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _kwh(value: object) -> float | None:
    number = parse_number(value)
    return None if number is None else abs(number)


def _daily(data: dict[str, Any], key: str, days: list[date]) -> dict[date, float]:
    """Daily values of a range answer's list (by ``time`` date, else by position)."""
    found: dict[date, float] = {}
    points = data.get(key)
    for index, point in enumerate(points if isinstance(points, list) else ()):
        if not isinstance(point, dict):
            continue
        value = _kwh(point.get("value"))
        try:
            day = date.fromisoformat(str(point.get("time")))
        except ValueError:
            day = days[index] if index < len(days) else None  # type: ignore[assignment]
        if value is not None and day in days:
            found[day] = value
    return found


def _curve(data: dict[str, Any]) -> Curve:
    points: list[tuple[str, float]] = []
    for point in data.get("power") or ():
        if isinstance(point, dict):
            value = parse_number(point.get("value"))
            if value is not None:
                points.append((str(point.get("time")), value))
    return points


class HistoryReader:
    """Reads daily values (and curves) of one system through the shared session."""

    def __init__(self, session: SolixSession, api: SolixApi, site_id: str, plugs: bool) -> None:
        """Prepare a reader; ``plugs``: the system has smart plugs (per-day home usage)."""
        self._session = session
        self._api = api
        self._site_id = site_id
        self._plugs = plugs
        self.requests = 0

    async def _ask(self, rtype: str, start: date, end: date, device_type: str) -> dict[str, Any]:
        """One energy query; a refused query type (request error) reads as no data."""
        await self._session.wait_for_slots(Endpoint.ENERGY_ANALYSIS, RESERVED_SLOTS + 1)
        self.requests += 1
        try:
            answer = await self._api.energy_analysis(
                self._site_id, "", rtype, f"{start}", f"{end}", device_type
            )
        except SolixRequestError:
            return {}
        return answer if isinstance(answer, dict) else {}

    async def read(self, days: list[date]) -> dict[date, DayData]:
        """Daily values of consecutive ``days`` (one range, at most ``RANGE_DAYS``).

        Grid import and export come from the ``grid`` range where the system has a smart
        meter; without one, import = grid-to-home + grid-to-battery and export = solar-to-grid
        of the per-day totals. Raises the library's ``SolixError`` when the cloud does not
        answer: nothing of the range is returned then (it is asked again later).
        """
        result = {day: DayData() for day in days}
        first, last = days[0], days[-1]
        ranged = [("solarbank", "power", "battery_discharge")]
        ranged += [("grid", "power", "grid_export"), ("grid", "charge_trend", "grid_import")]
        if not self._plugs:
            ranged.append(("home_usage", "power", "home_usage"))
        answers: dict[str, dict[str, Any]] = {}
        for device_type, key, series in ranged:
            if device_type not in answers:
                answers[device_type] = await self._ask("week", first, last, device_type)
            for day, value in _daily(answers[device_type], key, days).items():
                result[day].values[series] = value
        metered = any("grid_import" in data.values for data in result.values())
        for day in days:
            await self._read_day(day, result[day], metered)
        return result

    async def read_curves(self, day: date) -> dict[Profile, Curve]:
        """The day's intraday curves (solar power, home usage) for the hourly shape."""
        curves: dict[Profile, Curve] = {}
        for profile, device_type in CURVE_TYPES.items():
            curve = _curve(await self._ask("day", day, day, device_type))
            if curve:
                curves[profile] = curve
        return curves

    async def _read_day(self, day: date, data: DayData, metered: bool) -> None:
        """The per-day totals: solar production, battery charge, plugs, unmetered grid."""
        solar = await self._ask("week", day, day, "solar_production")
        values = data.values
        _put(values, "solar_production", _daily(solar, "power", [day]).get(day))
        _put(values, "battery_charge", _kwh(solar.get("charge_total")))
        if not metered and "grid_export" not in values:
            _put(values, "grid_export", _kwh(solar.get("solar_to_grid_total")))
        if not (self._plugs or not metered):
            return
        home = await self._ask("week", day, day, "home_usage")
        _put(values, "home_usage", _daily(home, "power", [day]).get(day))
        info = home.get("smart_plug_info")
        for item in (info.get("smartplug_list") if isinstance(info, dict) else None) or ():
            if isinstance(item, dict) and item.get("device_sn"):
                _put(values, plug_value_key(str(item["device_sn"])), _kwh(item.get("total_power")))
        if metered:
            return
        bank = await self._ask("week", day, day, "solarbank")
        parts = [_kwh(home.get("grid_to_home_total")), _kwh(bank.get("grid_to_battery_total"))]
        if any(part is not None for part in parts):
            values["grid_import"] = sum(part or 0.0 for part in parts)


def _put(values: dict[str, float], key: str, value: float | None) -> None:
    if value is not None:
        values[key] = value
