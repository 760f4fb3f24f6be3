"""Runtime data of a config entry and the coordinator that polls the Anker cloud."""

from __future__ import annotations

import asyncio
import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, TypedDict

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
    DEFAULT_DETAILS_INTERVAL,
    DEFAULT_ENERGY_INTERVAL,
    DEFAULT_UPDATE_INTERVAL,
    DOMAIN,
    LOGGER,
    OPT_DETAILS_INTERVAL,
    OPT_ENERGY_INTERVAL,
    OPT_UPDATE_INTERVAL,
)
from .repairs import ISSUE_LOGIN_LOCKED, LOGIN_LOCK_HOURS, create_issue, delete_issue
from .solixapi import (
    PollPlan,
    PollScheduler,
    SolixApi,
    SolixAuthError,
    SolixError,
    SolixLoginLockedError,
    SolixPoller,
    SolixRateLimitError,
    SolixSession,
)

if TYPE_CHECKING:
    from .mqtt_link import MqttLink

STAGGER_SPAN: Final = 30
"""Entries are spread over this many seconds by a stable hash of their entry id."""
MANUAL_REFRESH_SPACING: Final = 60.0
"""Seconds a manual refresh (button) waits at least after the previous one."""
RATE_LIMIT_BACKOFF: Final = 120.0
"""Seconds to wait at least after the cloud answered HTTP 429."""
MAX_BACKOFF: Final = 900.0
"""Longest wait (s) the rate-limit back-off grows to (never beyond the update interval option,
or ``RATE_LIMIT_BACKOFF`` when that option is shorter)."""
ERROR_RETRY: Final = 60.0
"""After a failed poll (other than HTTP 429) the next one comes no sooner than this (s)."""


class SolixData(TypedDict, total=False):
    """The coordinator's data: the poller's caches (``poller.snapshot()``) with the fresher live
    values laid over them. Each poll fills all three keys; the site and device records are the
    cloud's open dicts (protocol §5). Not total: readers guard against data not there yet."""

    account: dict[str, Any]
    """The account cache (nickname, country, request counters, ``vehicles`` by vehicle id)."""
    sites: dict[str, dict[str, Any]]
    """Site records by site id."""
    devices: dict[str, dict[str, Any]]
    """Device records by serial number."""


def solix_data(snapshot: Mapping[str, Any]) -> SolixData:
    """The typed coordinator data of a snapshot (a missing or malformed cache reads as empty)."""

    def records(value: object) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        return dict(value) if isinstance(value, Mapping) else {}

    return SolixData(
        account=records(snapshot.get("account")),
        sites=records(snapshot.get("sites")),
        devices=records(snapshot.get("devices")),
    )


@dataclass(kw_only=True)
class SolixRuntimeData:
    """What a loaded entry keeps: the client objects and the coordinator."""

    session: SolixSession
    api: SolixApi
    poller: SolixPoller
    coordinator: SolixCoordinator
    applied_data: dict[str, Any] = field(default_factory=dict)
    """The entry data the runtime was built from (a change needs a reload)."""
    applied_exclude: tuple[str, ...] = ()
    """The exclusions the platforms were set up with (a change needs a reload)."""
    excluded_entities: set[tuple[str, str]] = field(default_factory=set)
    """``(platform, unique id)`` of the entities the exclusions drop (filled by the platforms,
    used by the registry cleanup after a reload for changed exclusions)."""


type SolixConfigEntry = ConfigEntry[SolixRuntimeData]


def stagger_offset(entry_id: str) -> int:
    """Seconds (0 … STAGGER_SPAN-1) by which this entry's polls are shifted, stable per entry."""
    return zlib.crc32(entry_id.encode()) % STAGGER_SPAN


def scheduler_intervals(options: dict[str, Any]) -> dict[str, float]:
    """The scheduler's interval arguments from the entry options."""
    return {
        "max_interval": float(options.get(OPT_UPDATE_INTERVAL, DEFAULT_UPDATE_INTERVAL)),
        "details_interval": float(options.get(OPT_DETAILS_INTERVAL, DEFAULT_DETAILS_INTERVAL)),
        "energy_interval": float(options.get(OPT_ENERGY_INTERVAL, DEFAULT_ENERGY_INTERVAL)),
    }


class SolixCoordinator(DataUpdateCoordinator[SolixData]):
    """Polls sites every time, details and energy when the scheduler says they are due.

    `data` is `SolixData`: `{"account": …, "sites": {site_id: …}, "devices": {sn: …}}`.
    """

    config_entry: SolixConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: SolixConfigEntry,
        session: SolixSession,
        poller: SolixPoller,
    ) -> None:
        """Create the coordinator and its scheduler (on the session's clock)."""
        intervals = scheduler_intervals(dict(entry.options))
        self.scheduler = PollScheduler(
            session.clock, offset=stagger_offset(entry.entry_id), **intervals
        )
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=timedelta(seconds=intervals["max_interval"]),
        )
        self.session = session
        self.poller = poller
        self.last_error: str | None = None
        self.last_error_time: datetime | None = None
        self._shown_failure: tuple[str, float] | None = None
        self._manual_refresh_lock = asyncio.Lock()
        self._last_manual_refresh: float | None = None
        self.cloud_polling = True
        """False while the account's "Cloud polling" switch is off: no request is sent."""
        self.mqtt: MqttLink | None = None
        """The live-data link (mqtt_link.py); its fresher values are laid over every snapshot."""

    @property
    def update_interval(self) -> timedelta | None:
        """Time from the end of this poll to the next one; None only while polling is off."""
        return self._update_interval

    @update_interval.setter
    def update_interval(self, value: timedelta | None) -> None:
        """Set the time to the next poll, always positive and bounded.

        Home Assistant reads a zero interval as "no polling", so every interval is at least
        the scheduler's ``min_wait`` and at most the update interval option (the rate-limit
        back-off may reach ``RATE_LIMIT_BACKOFF`` when that option is shorter). None (cloud
        polling switched off) passes.
        """
        if value is not None:
            value = timedelta(seconds=self._bounded_wait(value.total_seconds()))
        # mypy sees the overridden property as an overloaded function.
        DataUpdateCoordinator.update_interval.fset(self, value)  # type: ignore[attr-defined]

    def _bounded_wait(self, seconds: float) -> float:
        """``seconds`` within ``min_wait`` … the longest interval (NaN: the longest)."""
        longest = max(self.scheduler.max_wait, RATE_LIMIT_BACKOFF)
        if math.isnan(seconds):
            return longest
        return min(longest, max(self.scheduler.min_wait, seconds))

    async def _async_setup(self) -> None:
        """Log in (a stored token is reused) before the first poll."""
        try:
            await self.session.ensure_login()
        except SolixError as err:
            raise self._translate(err, setup=True) from err
        delete_issue(self.hass, ISSUE_LOGIN_LOCKED, self.config_entry.entry_id)

    async def _async_update_data(self) -> SolixData:
        """Run the tiers the scheduler plans and set the time of the next poll.

        While cloud polling is off nothing is sent: the current data stays and no further
        refresh is scheduled until polling is switched on again.
        """
        if not self.cloud_polling:
            self.update_interval = None
            return self.data
        self._note_live()
        plan: PollPlan = self.scheduler.plan()
        try:
            await self.poller.update_sites(plan.skip, live=plan.live)
            if plan.details:
                await self.poller.update_device_details()
                await self.poller.update_site_details()
            if plan.energy:
                await self.poller.update_energy()
        except SolixError as err:
            raise self._translate(err, setup=False) from err
        self._note_local_failure()
        wait = self.scheduler.done(plan, self.poller.sites)
        self.update_interval = timedelta(seconds=wait) if self.cloud_polling else None
        delete_issue(self.hass, ISSUE_LOGIN_LOCKED, self.config_entry.entry_id)
        return self.snapshot()

    def _note_live(self) -> None:
        """Tell the scheduler which systems' devices send live data (their last MQTT message):
        their scene is then read less often (``PollScheduler.note_live``)."""
        if self.mqtt is None:
            return
        for sn, device in self.poller.devices.items():
            at = self.mqtt.last_message(sn)
            site_id = device.get("site_id")
            if at is not None and isinstance(site_id, str) and site_id:
                self.scheduler.note_live(site_id, at)

    def snapshot(self) -> SolixData:
        """The poller's caches with the fresher live values laid over them (mqtt_link.py)."""
        data = self.poller.snapshot()
        return solix_data(self.mqtt.overlay(data) if self.mqtt is not None else data)

    def manual_refresh_wait(self) -> float:
        """Seconds until a manual refresh is allowed again (0: now; inf: one is running)."""
        if self._manual_refresh_lock.locked():
            return float("inf")
        if self._last_manual_refresh is None:
            return 0.0
        return max(0.0, self._last_manual_refresh + MANUAL_REFRESH_SPACING - self.session.clock())

    async def async_manual_refresh(self, *, vehicles_only: bool = False) -> None:
        """Re-read the site list, every site and every detail group now (or only the vehicles).

        The caller checks `manual_refresh_wait()` first; errors propagate as `SolixError`.
        """
        async with self._manual_refresh_lock:
            self._last_manual_refresh = self.session.clock()
            if vehicles_only:
                await self.poller.update_vehicles()
            else:
                await self.poller.update_sites(read_list=True)
                await self.poller.update_device_details(full=True)
                await self.poller.update_site_details(full=True)
            self._note_local_failure()
        self.async_set_updated_data(self.snapshot())

    @property
    def polling_paused(self) -> bool:
        """Whether cloud polling is off (the data is kept, but no longer current)."""
        return not self.cloud_polling

    @callback
    def async_pause_polling(self) -> None:
        """Stop every request of the account; entities keep the data, marked as paused."""
        if not self.cloud_polling:
            return
        self.cloud_polling = False
        self.update_interval = None
        self.async_update_listeners()

    async def async_resume_polling(self) -> None:
        """Poll once right away, then follow the scheduler again."""
        if self.cloud_polling:
            return
        self.cloud_polling = True
        intervals = scheduler_intervals(dict(self.config_entry.options))
        self.update_interval = timedelta(seconds=intervals["max_interval"])
        await self.async_refresh()

    def apply_intervals(self, options: dict[str, Any]) -> None:
        """Use changed interval options from the next poll on."""
        self.scheduler.update_options(**scheduler_intervals(options))

    def _note_local_failure(self) -> None:
        """Show a failed endpoint call of a successful poll as the account's last error.

        Such a failure affects only that endpoint's values, so the poll succeeds; the account's
        last-error sensors still tell the user what the cloud refused and when.
        """
        failure = self.poller.last_failure
        if failure is None or failure == self._shown_failure:
            return
        self._shown_failure = failure
        self.last_error = failure[0]
        self.last_error_time = dt_util.utcnow()

    def _translate(self, err: SolixError, *, setup: bool) -> Exception:
        """Remember the error and map it to the Home Assistant exception to raise."""
        self.last_error = str(err)
        self.last_error_time = dt_util.utcnow()
        if isinstance(err, SolixLoginLockedError):
            hours = {"hours": str(LOGIN_LOCK_HOURS)}
            create_issue(self.hass, ISSUE_LOGIN_LOCKED, self.config_entry.entry_id, hours)
            if setup:
                return ConfigEntryError(
                    translation_domain=DOMAIN,
                    translation_key="login_locked",
                    translation_placeholders=hours,
                )
            return UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="login_locked",
                translation_placeholders=hours,
            )
        if isinstance(err, SolixAuthError):
            return ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="auth_failed")
        current = self.update_interval.total_seconds() if self.update_interval else 0.0
        if isinstance(err, SolixRateLimitError):
            backoff = self._bounded_wait(min(MAX_BACKOFF, max(RATE_LIMIT_BACKOFF, 2 * current)))
            if self.cloud_polling:
                self.update_interval = timedelta(seconds=backoff)
            return UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="rate_limited",
                translation_placeholders={"seconds": str(int(backoff))},
            )
        if self.cloud_polling and not setup:
            self.update_interval = timedelta(seconds=max(ERROR_RETRY, current))
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="cloud_error",
            translation_placeholders={"error": str(err)},
        )
