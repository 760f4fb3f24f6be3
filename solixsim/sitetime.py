"""Site clocks: the base time of each site, the tick at a clock time, local dates."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from custom_components.anker_solix.solixapi import scene_updated_time
from solixsim.clock import SimClock
from solixsim.scenario import ScenarioMeta, ScenarioStore

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# Before this the cloud marks "no data" (e.g. "1970-01-01 00:00:00").
_EARLIEST_VALID_YEAR = 2000


class SiteTimes:
    """Maps clock time to site-local time, scene ticks and the exported "today"."""

    def __init__(self, store: ScenarioStore, clock: SimClock) -> None:
        """Derive the default base time for sites without a valid scene ``updated_time``.

        The default is ``base_time`` of ``scenario.json``, else the earliest valid scene time
        of the scenario, else the clock's start.
        """
        self._tz = site_zone(store.meta)
        self._clock = clock
        self._store = store
        scene_bases = [
            ts
            for name in store.names()
            if name.startswith("scene_")
            and (ts := self.parse_local(scene_updated_time(store.data(name)))) is not None
        ]
        configured = self.parse_local(store.meta.base_time or "")
        fallback = min(scene_bases) if scene_bases else clock.start_ts
        self._default_base = fallback if configured is None else configured

    @property
    def zone(self) -> tzinfo:
        """The site clock's zone (``time_zone`` of ``scenario.json``, else the fixed offset)."""
        return self._tz

    def parse_local(self, text: str) -> float | None:
        """Unix seconds of a local ``YYYY-MM-DD HH:MM:SS`` string, None if not a valid time."""
        try:
            local = datetime.strptime(text, TIME_FORMAT).replace(tzinfo=self._tz)
        except ValueError:
            return None
        return local.timestamp() if local.year >= _EARLIEST_VALID_YEAR else None

    def format_local(self, ts: float) -> str:
        """A Unix time as local ``YYYY-MM-DD HH:MM:SS``."""
        return datetime.fromtimestamp(ts, tz=self._tz).strftime(TIME_FORMAT)

    def local_date(self, ts: float) -> date:
        """The site-local calendar date of a Unix time."""
        return datetime.fromtimestamp(ts, tz=self._tz).date()

    def base(self, site_id: str) -> float:
        """The clock time at which the site shows exactly the scenario file's values."""
        parsed = self.parse_local(scene_updated_time(self._store.data(f"scene_{site_id}")))
        return self._default_base if parsed is None else parsed

    def tick(self, site_id: str, cadence: int) -> int:
        """Tick index ``floor((now - base) / cadence)`` of a site."""
        return math.floor((self._clock.now() - self.base(site_id)) / cadence)

    def file_today(self, site_id: str | None) -> date:
        """The local date of the site's base time (the exported "today")."""
        base = self._default_base if site_id is None else self.base(site_id)
        return self.local_date(base)

    def today(self) -> date:
        """The local date of the simulator clock."""
        return self.local_date(self._clock.now())


def site_zone(meta: ScenarioMeta) -> tzinfo:
    """The zone of a scenario's site clock: its IANA ``time_zone``, else its fixed UTC offset."""
    if meta.time_zone:
        return ZoneInfo(meta.time_zone)
    return timezone(timedelta(minutes=meta.utc_offset_minutes))


def parse_time_value(value: str | float, utc_offset_minutes: int) -> float:
    """Unix seconds from a number or an ISO 8601 text (naive texts are site-local time)."""
    if isinstance(value, (int, float)):
        return float(value)
    text = value.strip()
    try:
        return float(text)
    except ValueError:
        pass
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone(timedelta(minutes=utc_offset_minutes)))
    return parsed.timestamp()
