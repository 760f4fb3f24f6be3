"""Read the daily energy of past days of X1 (HES) and Power Panel systems (§7.5).

One ``week`` query per source returns one ``energy[]`` entry per day from ``start`` (index = day
offset, unit ``energyUnit``): ``solar`` production, ``hes`` battery discharge, ``home`` usage and
``grid`` import with the export as ``negValue``. The battery charge of a day exists only in the
aggregates of one-day queries; it is not imported for past days (today's comes from the live
values). Queries cover at most ``RANGE_DAYS`` days and leave slots of the endpoint's window to
live polling like the Solarbank reader. A source refused for good leaves its series out; when
no source of a run answers with its ``energy`` list (refused, or empty answers),
``SolixPayloadError`` is raised: the import pauses instead of taking days for empty. No intraday
curves: the hours follow the profiles.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

from custom_components.anker_solix.solixapi import (
    Endpoint,
    SolixApi,
    SolixPayloadError,
    SolixRequestError,
    SolixSession,
    day_runs,
    parse_number,
)

from .fetch import RESERVED_SLOTS, DayData
from .series import Profile
from .shape import Curve

RANGE_DAYS = 7
UNIT_FACTORS = {"WH": 0.001, "KWH": 1.0, "MWH": 1000.0}
# Source -> ((entry field, series), ...).
SOURCE_SERIES: dict[str, tuple[tuple[str, str], ...]] = {
    "solar": (("value", "solar_production"),),
    "hes": (("value", "battery_discharge"),),
    "home": (("value", "home_usage"),),
    "grid": (("value", "grid_import"), ("negValue", "grid_export")),
}

Query = Callable[[SolixApi, str, str, str, str], Awaitable[Any]]
# Site type -> (endpoint, query of one source and range).
KINDS: dict[str, tuple[str, Query]] = {
    "hes": (
        Endpoint.HES_GET_ENERGY_STATISTICS,
        lambda api, site, source, start, end: api.get_hes_energy(site, source, "week", start, end),
    ),
    "powerpanel": (
        Endpoint.POWER_PANEL_ENERGY_STATISTICS,
        lambda api, site, source, start, end: api.get_power_panel_energy(
            site, source, "week", start, end
        ),
    ),
}


def _factor(unit: object) -> float:
    return UNIT_FACTORS.get(unit.upper(), 1.0) if isinstance(unit, str) else 1.0


class StatisticsReader:
    """Reads the daily energy of one X1 or Power Panel system through the shared session."""

    def __init__(self, session: SolixSession, api: SolixApi, site_id: str, kind: str) -> None:
        """A reader of the system ``site_id`` of site type ``kind`` (``hes``, ``powerpanel``)."""
        self._session = session
        self._api = api
        self._site_id = site_id
        self._endpoint, self._query = KINDS[kind]
        self._ranged: dict[date, dict[str, float]] = {}
        self.requests = 0

    async def _ask(self, source: str, first: date, last: date) -> dict[str, Any]:
        await self._session.wait_for_slots(self._endpoint, RESERVED_SLOTS + 1)
        self.requests += 1
        try:
            answer = await self._query(self._api, self._site_id, source, f"{first}", f"{last}")
        except SolixRequestError:
            return {}
        return answer if isinstance(answer, dict) else {}

    async def read_ranges(self, days: list[date]) -> None:
        """The week queries of every source covering ``days``: values kept for :meth:`read`."""
        for run in day_runs(days, RANGE_DAYS):
            found: dict[date, dict[str, float]] = {day: {} for day in run}
            answered = False
            for source, fields in SOURCE_SERIES.items():
                answer = await self._ask(source, run[0], run[-1])
                factor = _factor(answer.get("energyUnit"))
                entries = answer.get("energy")
                answered = answered or isinstance(entries, list)
                for index, entry in enumerate(entries if isinstance(entries, list) else ()):
                    day = run[0] + timedelta(days=index)
                    if day > run[-1] or not isinstance(entry, dict):
                        continue
                    for key, series in fields:
                        value = parse_number(entry.get(key))
                        if value is not None:
                            found[day][series] = abs(value) * factor
            if not answered:
                # every source refused (the generic 10000 of a cloud incident) or without its
                # energy list: the endpoint is failing; resumed later, no day taken for empty
                raise SolixPayloadError(
                    f"no energy data in {len(SOURCE_SERIES)} answers", endpoint=self._endpoint
                )
            self._ranged.update(found)

    async def read(self, days: list[date]) -> dict[date, DayData]:
        """Daily values of ``days`` (read now unless read before)."""
        await self.read_ranges([day for day in days if day not in self._ranged])
        return {day: DayData(values=self._ranged.pop(day, {})) for day in days}

    async def read_curves(self, _day: date) -> dict[Profile, Curve]:
        """No curves (the 5-minute points are not read): the profiles shape the hours."""
        return {}
