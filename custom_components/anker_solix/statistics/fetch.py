"""Read a system's daily energy of past days from the cloud, politely (§7.1).

The queries come from the library's backfill planner (``solixapi`` ``plan_backfill`` /
``run_backfill``): one range query per device type for the values ``power[]`` (and the grid's
``charge_trend``) carry per day, one query per day only where the value is an interval total
(battery charge, smart plugs, the grid flows of a system without smart meter). Recent days also
get their intraday curves (``type "day"``: 20-minute average powers) for the hourly shape.

This module only decides which device types a system needs and turns the planner's values into
the statistics' series (grid import and export of a system without smart meter come from its
flows). Before each request the library waits until more slots of the endpoint are free than
live polling needs (``RESERVED_SLOTS``), so live polling never waits behind the history import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from custom_components.anker_solix.solixapi import (
    BackfillResult,
    Endpoint,
    SolixApi,
    SolixRequestError,
    SolixSession,
    day_runs,
    parse_number,
    plan_backfill,
    run_backfill,
)

from .series import PLUG_PREFIX, SERIES_BY_KEY, Profile
from .shape import Curve

RANGE_DAYS = 7
"""Days imported (and stored as progress) at a time; the range queries span all pending days."""
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
    return day_runs(days, RANGE_DAYS)


def _curve(data: dict[str, Any]) -> Curve:
    points: list[tuple[str, float]] = []
    for point in data.get("power") or ():
        if isinstance(point, dict):
            value = parse_number(point.get("value"))
            if value is not None:
                points.append((str(point.get("time")), value))
    return points


def _series_values(raw: dict[str, float], metered: bool) -> dict[str, float]:
    """A day's planner values as statistic series (plugs kept, helper flows dropped).

    Without a smart meter, export = solar-to-grid and import = grid-to-home + grid-to-battery.
    """
    values = {
        key: value
        for key, value in raw.items()
        if key in SERIES_BY_KEY or key.startswith(PLUG_PREFIX)
    }
    if metered:
        return values
    if "grid_export" not in values and "solar_to_grid" in raw:
        values["grid_export"] = raw["solar_to_grid"]
    parts = [raw.get("grid_to_home"), raw.get("grid_to_battery")]
    if any(part is not None for part in parts):
        values["grid_import"] = sum(part or 0.0 for part in parts)
    return values


class HistoryReader:
    """Reads daily values (and curves) of one system through the shared session."""

    def __init__(
        self,
        session: SolixSession,
        api: SolixApi,
        site_id: str,
        plugs: bool,
        channels: Iterable[str] = (),
    ) -> None:
        """Prepare a reader; ``plugs``: the system has smart plugs (per-day home usage);
        ``channels``: extra range device types (the Solarbank's solar channels)."""
        self._session = session
        self._api = api
        self._site_id = site_id
        self._plugs = plugs
        self._channels = tuple(channels)
        self._ranged: dict[date, dict[str, float]] = {}
        self.metered = False
        self.requests = 0

    def _count(self, result: BackfillResult) -> None:
        self.requests += result.range_requests + result.day_requests

    async def read_ranges(self, days: list[date]) -> None:
        """The range queries for ``days`` (any number of days): values kept for :meth:`read`.

        Grid import and export come from the ``grid`` range where the system has a smart
        meter (the range carries an import); the per-day queries of :meth:`read` depend on it.
        """
        if not days:
            return
        types = ["solarbank", "grid", *self._channels]
        if not self._plugs:
            types.append("home_usage")
        plan = plan_backfill(days, types, per_day=())
        result = await run_backfill(
            self._session, self._api, self._site_id, plan, reserved=RESERVED_SLOTS
        )
        self._count(result)
        for day in days:
            self._ranged[day] = result.days.get(day, {})
        self.metered = self.metered or any(
            "grid_import" in values for values in result.days.values()
        )

    async def read(self, days: list[date]) -> dict[date, DayData]:
        """Daily values of ``days``: the range values (read now unless read before) and the
        per-day totals (solar production, battery charge, plugs, grid flows without meter).

        Raises the library's ``SolixError`` when the cloud does not answer: nothing of the
        days is returned then (they are asked again later).
        """
        await self.read_ranges([day for day in days if day not in self._ranged])
        per_day = ["solar_production"]
        if self._plugs or not self.metered:
            per_day.append("home_usage")
        if not self.metered:
            per_day.append("solarbank")
        plan = plan_backfill(days, (), per_day=per_day)
        # the range answers carried data: a per-day type refused now is refused for good
        ranged = any(self._ranged.get(day) for day in days)
        result = await run_backfill(
            self._session,
            self._api,
            self._site_id,
            plan,
            reserved=RESERVED_SLOTS,
            require_data=not ranged,
        )
        self._count(result)
        data: dict[date, DayData] = {}
        for day in days:
            raw = {**self._ranged.pop(day, {}), **result.days.get(day, {})}
            data[day] = DayData(values=_series_values(raw, self.metered))
        return data

    async def read_curves(self, day: date) -> dict[Profile, Curve]:
        """The day's intraday curves (solar power, home usage) for the hourly shape."""
        curves: dict[Profile, Curve] = {}
        for profile, device_type in CURVE_TYPES.items():
            curve = _curve(await self._ask_day(day, device_type))
            if curve:
                curves[profile] = curve
        return curves

    async def _ask_day(self, day: date, device_type: str) -> dict[str, Any]:
        """One intraday query; a refused query type (request error) reads as no data."""
        await self._session.wait_for_slots(Endpoint.ENERGY_ANALYSIS, RESERVED_SLOTS + 1)
        self.requests += 1
        try:
            answer = await self._api.energy_analysis(
                self._site_id, "", "day", f"{day}", f"{day}", device_type
            )
        except SolixRequestError:
            return {}
        return answer if isinstance(answer, dict) else {}
