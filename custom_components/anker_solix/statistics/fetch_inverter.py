"""Read a standalone inverter's daily solar energy of past days (``statisticsPv``, §4.7/§7.4).

The inverter's system (``virtual-<serial>``) has only solar production. One ``week`` query
returns one ``energy[]`` entry per day from ``start`` (index = day offset); it is asked for at
most ``RANGE_DAYS`` days at a time (the range the app asks), leaving slots of the endpoint's
window to live polling like the Solarbank reader. An answer without the ``energy`` list (or a
refused query) raises ``SolixPayloadError``: the import pauses instead of taking days for empty.
No intraday curves: the hours follow the daylight profile.
"""

from __future__ import annotations

from datetime import date, timedelta

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
VIRTUAL_PREFIX = "virtual-"


class InverterReader:
    """Reads the daily solar energy of one standalone inverter through the shared session."""

    def __init__(self, session: SolixSession, api: SolixApi, site_id: str) -> None:
        """A reader of the inverter behind the virtual system ``site_id``."""
        self._session = session
        self._api = api
        self._serial = site_id.removeprefix(VIRTUAL_PREFIX)
        self._ranged: dict[date, float] = {}
        self.requests = 0

    async def read_ranges(self, days: list[date]) -> None:
        """The week queries covering ``days``: values kept for :meth:`read`."""
        for run in day_runs(days, RANGE_DAYS):
            await self._session.wait_for_slots(Endpoint.PV_STATISTICS_PV, RESERVED_SLOTS + 1)
            self.requests += 1
            try:
                answer = await self._api.get_pv_statistics(
                    self._serial, "week", f"{run[0]}", f"{run[-1]}"
                )
            except SolixRequestError:
                answer = {}
            entries = answer.get("energy") if isinstance(answer, dict) else None
            if not isinstance(entries, list):
                # refused (the generic 10000 of a cloud incident) or no energy list: the
                # endpoint is failing, not a week without solar (resumed later, not imported)
                raise SolixPayloadError(
                    f"no energy data for {len(run)} days", endpoint=Endpoint.PV_STATISTICS_PV
                )
            for index, entry in enumerate(entries):
                day = run[0] + timedelta(days=index)
                value = parse_number(entry.get("energy")) if isinstance(entry, dict) else None
                if day <= run[-1] and value is not None:
                    self._ranged[day] = abs(value)

    async def read(self, days: list[date]) -> dict[date, DayData]:
        """Solar production of ``days`` (read now unless read before)."""
        await self.read_ranges([day for day in days if day not in self._ranged])
        data: dict[date, DayData] = {}
        for day in days:
            value = self._ranged.pop(day, None)
            data[day] = DayData(values={} if value is None else {"solar_production": value})
        return data

    async def read_curves(self, _day: date) -> dict[Profile, Curve]:
        """No curves (the endpoint's 5-minute curve is not read): the daylight profile."""
        return {}
