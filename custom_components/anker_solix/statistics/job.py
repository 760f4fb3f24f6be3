"""The history import of one config entry: backfill, hourly refresh of recent days, progress.

At first setup the job imports the days the cloud holds (option ``history_days``, oldest
first); the ``import_history`` action queues another range. Every hour (checked after each
poll) it re-reads today and the two days before and re-imports a day whose values the cloud
changed. State lives in :mod:`.progress`, so an interrupted import resumes after a restart
without asking imported days again. A cloud failure pauses the import until the next hour.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from custom_components.anker_solix.const import (
    DEFAULT_HISTORY_DAYS,
    DOMAIN,
    LOGGER,
    OPT_HISTORY_DAYS,
)
from custom_components.anker_solix.coordinator import SolixConfigEntry
from custom_components.anker_solix.solixapi import MqttBackoff, SolixError, energy_channels

from .fetch import DayData, HistoryReader, chunks
from .fetch_inverter import InverterReader
from .fetch_statistics import KINDS as STATISTICS_KINDS
from .fetch_statistics import StatisticsReader
from .importer import StatisticTarget, async_write_hours
from .progress import DONE, PAUSED, RUNNING, Backfill, Progress, ProgressStore
from .series import (
    CHANNEL_SERIES,
    PLUG_PREFIX,
    PLUG_SERIES,
    Profile,
    live_values,
    series_of,
    statistic_id,
)
from .shape import Curve, curve_weights, profile_weights, spread_day

RECENT_DAYS = 2
RETRY = MqttBackoff(base=900.0, cap=6 * 3600.0, jitter=0.0)
"""Seconds before a paused import asks the cloud again: 15 min, doubling per failed attempt up
to 6 h (the library's reconnect back-off, without jitter)."""
"""Days before today that are re-read every hour (the cloud may still correct them)."""
REFRESH_SECONDS = 3600
NOTIFICATION = "anker_solix_history_{entry_id}"
VIRTUAL = "virtual"
"""A standalone inverter's system: its history comes from ``statisticsPv``."""


def fingerprint(data: DayData) -> str:
    """A day's values as a stable text (a change means the cloud corrected the day)."""
    return ";".join(f"{key}={value:.3f}" for key, value in sorted(data.values.items()))


class HistoryJob:
    """Imports and refreshes the long-term statistics of one entry's systems."""

    def __init__(self, hass: HomeAssistant, entry: SolixConfigEntry) -> None:
        """A job for a loaded entry (``entry.runtime_data`` is set)."""
        self.hass = hass
        self.entry = entry
        self._store = ProgressStore(hass, entry.entry_id)
        self.progress = Progress()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._last_refresh: float | None = None
        self._names: dict[str, str] = {}
        self._again = False
        self._today_curves: dict[str, tuple[date, dict[Profile, Curve]]] = {}
        self._today_prints: dict[str, str] = {}
        self._retry_at: float | None = None
        self._failures = 0
        self._publishing = False

    # Time and systems

    @property
    def zone(self) -> tzinfo:
        """Home Assistant's time zone: the zone of the Energy dashboard's days."""
        return dt_util.get_default_time_zone()

    def now(self) -> datetime:
        """Now on the session's clock (the simulator's clock in tests)."""
        return datetime.fromtimestamp(self.entry.runtime_data.session.clock(), self.zone)

    def sites(self) -> dict[str, Mapping[str, Any]]:
        """The entry's systems (balcony systems, standalone inverters, X1, Power Panels)."""
        data = self.entry.runtime_data.coordinator.data or {}
        return {
            str(site_id): site
            for site_id, site in (data.get("sites") or {}).items()
            if isinstance(site, Mapping)
        }

    def _devices(self, site_id: str, kind: str) -> list[dict[str, Any]]:
        """The system's devices of one type (``solarbank``, ``smartplug``)."""
        devices = (self.entry.runtime_data.coordinator.data or {}).get("devices") or {}
        return [
            dict(d)
            for d in devices.values()
            if isinstance(d, Mapping) and d.get("site_id") == site_id and d.get("type") == kind
        ]

    def _has_plugs(self, site_id: str) -> bool:
        return bool(self._devices(site_id, "smartplug"))

    # Lifecycle

    async def async_start(self) -> None:
        """Load the progress, plan the first-setup backfill once and start working."""
        self.progress = await self._store.async_load()
        self._names = await async_get_translations(
            self.hass, self.hass.config.language, "selector", [DOMAIN]
        )
        if not self.progress.started:
            self.progress.started = True
            days = int(self.entry.options.get(OPT_HISTORY_DAYS, DEFAULT_HISTORY_DAYS))
            today = self.now().date()
            if days > 0:
                self.progress.backfill = Backfill(
                    start=f"{today - timedelta(days=days)}", end=f"{today - timedelta(days=1)}"
                )
            await self._store.async_save(self.progress)
        self._publish()
        self.async_schedule()

    @callback
    def _publish(self) -> None:
        """Let the entities read the progress now (the history import sensors)."""
        self._publishing = True
        try:
            self.entry.runtime_data.coordinator.async_update_listeners()
        finally:
            self._publishing = False

    @callback
    def async_schedule(self) -> None:
        """Run the pending work in the background unless it runs already."""
        if self._task is None or self._task.done():
            self._task = self.entry.async_create_background_task(
                self.hass, self.async_run(), f"{DOMAIN} history {self.entry.entry_id}"
            )
        else:
            self._again = True  # the running task runs once more (a range queued meanwhile)

    @callback
    def async_poll_done(self) -> None:
        """After a poll: today's statistics follow it; the hourly refresh runs when due."""
        if not self._publishing:
            self.async_schedule()

    def _clock(self) -> float:
        """Now on the session's clock (seconds)."""
        return self.entry.runtime_data.session.clock()

    def _refresh_due(self) -> bool:
        clock = self.entry.runtime_data.session.clock()
        return self._last_refresh is None or clock - self._last_refresh >= REFRESH_SECONDS

    async def async_stop(self) -> None:
        """Cancel a running import (entry unload); the progress is stored already."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def async_run(self) -> None:
        """The backfill (if any is pending), then the refresh of the recent days."""
        async with self._lock:
            if self._retry_at is not None and self._clock() < self._retry_at:
                return  # the cloud failed the last run: wait for the back-off
            try:
                self._again = True
                while self._again:
                    self._again = False
                    await self._async_backfill()
                    if self._refresh_due():
                        await self.async_refresh_recent()
                    await self._async_write_today()
                self._retry_at, self._failures = None, 0
            except SolixError as err:
                # polls resume the import, but not before the back-off (no storm of queries
                # while the energy endpoint fails; live polling goes on meanwhile)
                self._retry_at = self._clock() + RETRY.delay(self._failures)
                self._failures += 1
                log = LOGGER.warning if self._failures == 1 else LOGGER.debug
                log("History import paused, the cloud did not answer: %s", err)
                if self.progress.backfill and self.progress.backfill.state == RUNNING:
                    self.progress.backfill.state = PAUSED
                    await self._store.async_save(self.progress)
                    await self._async_notify("history_import_paused")

    # Backfill

    async def async_request(self, first: date, last: date, reimport: bool) -> None:
        """Queue the import of a date range (the action) and start it."""
        if reimport:
            for days in self.progress.days.values():
                for offset in range((last - first).days + 1):
                    days.pop(f"{first + timedelta(days=offset)}", None)
        self.progress.backfill = Backfill(start=f"{first}", end=f"{last}")
        self._retry_at = None  # the user asked: now, not after the back-off
        await self._store.async_save(self.progress)
        self.async_schedule()

    @property
    def busy(self) -> bool:
        """Whether a requested range is still being imported."""
        backfill = self.progress.backfill
        return backfill is not None and backfill.state != DONE

    async def _async_backfill(self) -> None:
        backfill = self.progress.backfill
        if backfill is None or backfill.state == DONE:
            return
        backfill.state = RUNNING
        today = self.now().date()
        last = min(backfill.last, today - timedelta(days=1))
        wanted = [
            backfill.first + timedelta(days=offset)
            for offset in range(max(0, (last - backfill.first).days + 1))
        ]
        pending = {
            site_id: [day for day in wanted if f"{day}" not in self.progress.imported(site_id)]
            for site_id in self.sites()
        }
        backfill.days_total = len(wanted) * len(pending)
        backfill.days_done = backfill.days_total - sum(len(days) for days in pending.values())
        await self._async_notify("history_import_progress")
        recent = today - timedelta(days=RECENT_DAYS)
        for site_id, days in pending.items():
            reader = self._reader(site_id)
            await reader.read_ranges(days)
            for run in chunks(days):
                data = await reader.read(run)
                for day in run:
                    if day >= recent:
                        data[day].curves = await reader.read_curves(day)
                await self._async_write(site_id, data, today)
                backfill.days_done += len(run)
                backfill.requests += reader.requests
                reader.requests = 0
                await self._store.async_save(self.progress)
                await self._async_notify("history_import_progress")
        backfill.state = DONE
        await self._store.async_save(self.progress)
        await self._async_notify("history_import_done")

    def _reader(self, site_id: str) -> HistoryReader | InverterReader | StatisticsReader:
        runtime = self.entry.runtime_data
        site_type = self.sites().get(site_id, {}).get("site_type")
        if site_type == VIRTUAL:
            return InverterReader(runtime.session, runtime.api, site_id)
        if site_type in STATISTICS_KINDS:
            return StatisticsReader(runtime.session, runtime.api, site_id, str(site_type))
        channels = energy_channels(self._devices(site_id, "solarbank"))
        return HistoryReader(
            runtime.session, runtime.api, site_id, self._has_plugs(site_id), channels
        )

    # Recent days

    async def async_refresh_recent(self) -> None:
        """Re-read the days before today and import what the cloud changed; today's curves."""
        self._last_refresh = self.entry.runtime_data.session.clock()
        today = self.now().date()
        days = [today - timedelta(days=offset) for offset in range(RECENT_DAYS, 0, -1)]
        for site_id in self.sites():
            reader = self._reader(site_id)
            data = await reader.read(days)
            imported = self.progress.imported(site_id)
            changed = {
                day: values
                for day, values in data.items()
                if imported.get(f"{day}") != fingerprint(values)
            }
            for day, values in changed.items():
                values.curves = await reader.read_curves(day)
            await self._async_write(site_id, changed, today)
            self._today_curves[site_id] = (today, await reader.read_curves(today))
            self._today_prints.pop(site_id, None)
        await self._store.async_save(self.progress)

    async def _async_write_today(self) -> None:
        """Today's statistics from the live daily values of the last poll (when they changed).

        The same values the live daily sensors show, shaped by today's curves of the last
        hourly refresh; no cloud request.
        """
        today = self.now().date()
        for site_id, site in self.sites().items():
            live = (site.get("energy_details") or {}).get("today") or {}
            if live.get("date") != f"{today}":
                continue
            curve_day, curves = self._today_curves.get(site_id, (None, {}))
            shaped = curves if curve_day == today else {}
            values = DayData(values=live_values(live), curves=shaped)
            print_ = f"{today}|{bool(shaped)}|{fingerprint(values)}"
            if self._today_prints.get(site_id) != print_:
                await self._async_write(site_id, {today: values}, today)
                self._today_prints[site_id] = print_

    # Writing

    async def _async_write(self, site_id: str, data: dict[date, DayData], today: date) -> None:
        """Spread each day's values over its hours and write every series of the system."""
        if not data:
            return
        until = self.now()
        hours: dict[str, dict[datetime, float]] = {}
        for day, values in sorted(data.items()):
            for key, total in values.values.items():
                series = series_of(key)
                weights = curve_weights(values.curves.get(series.profile))
                spread = spread_day(
                    day,
                    self.zone,
                    total,
                    weights or profile_weights(series.profile),
                    until if day >= today else None,
                )
                hours.setdefault(key, {}).update(spread)
        for key, series_hours in hours.items():
            await async_write_hours(self.hass, self._target(site_id, key), series_hours)
        imported = self.progress.imported(site_id)
        for day, values in data.items():
            if day < today:
                imported[f"{day}"] = fingerprint(values)

    def _target(self, site_id: str, key: str) -> StatisticTarget:
        """The statistic id and translated name of a system's (or plug's) series."""
        data = self.entry.runtime_data.coordinator.data or {}
        series = series_of(key)
        label = self._names.get(
            f"component.{DOMAIN}.selector.statistic_series.options.{series.key}", series.key
        )
        if series is PLUG_SERIES:
            serial = key.removeprefix(PLUG_PREFIX)
            device = (data.get("devices") or {}).get(serial) or {}
            owner = str(device.get("alias") or device.get("name") or serial)
            return StatisticTarget(statistic_id(serial, series.key), f"{owner} {label}")
        site = (data.get("sites") or {}).get(site_id) or {}
        owner = str((site.get("site_info") or {}).get("site_name") or site_id)
        banks = self._devices(site_id, "solarbank")
        if series in CHANNEL_SERIES and len(banks) == 1:
            owner = str(banks[0].get("alias") or banks[0].get("name") or owner)
        return StatisticTarget(statistic_id(site_id, series.key), f"{owner} {label}")

    # User feedback

    async def _async_notify(self, key: str) -> None:
        """Show the import's progress (or its end) as one persistent notification and on the
        account's history import sensors."""
        self._publish()
        backfill = self.progress.backfill
        texts = await async_get_translations(
            self.hass, self.hass.config.language, "exceptions", [DOMAIN]
        )
        message = texts.get(f"component.{DOMAIN}.exceptions.{key}.message", key)
        placeholders = {
            "done": str(backfill.days_done if backfill else 0),
            "total": str(backfill.days_total if backfill else 0),
            "start": backfill.start if backfill else "",
            "end": backfill.end if backfill else "",
        }
        for name, value in placeholders.items():
            message = message.replace(f"{{{name}}}", value)
        persistent_notification.async_create(
            self.hass,
            message,
            title=texts.get(f"component.{DOMAIN}.exceptions.history_import_title.message"),
            notification_id=NOTIFICATION.format(entry_id=self.entry.entry_id),
        )


HISTORY_JOBS: HassKey[dict[str, HistoryJob]] = HassKey("anker_solix_history")
"""The running history jobs by config entry id."""
