"""Shared state of one poller: caches, bookkeeping, clock helpers and tolerant endpoint calls."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from ..common.errors import SolixAuthError, SolixConnectionError, SolixError
from ..common.jsonutil import LOGGER, IssueLog, JsonDict, log_label
from ..derive.ownership import site_is_owned
from ..derive.time import format_time, naive_time

if TYPE_CHECKING:
    from ..cloud.api import SolixApi

T = TypeVar("T")


@dataclass
class PollContext:
    """Everything the cache builders share."""

    api: SolixApi
    issues: IssueLog = field(default_factory=IssueLog)
    account: JsonDict = field(default_factory=dict)
    sites: dict[str, JsonDict] = field(default_factory=dict)
    devices: dict[str, JsonDict] = field(default_factory=dict)
    # site id → param type → decoded schedule / parameter object
    params: dict[str, dict[str, JsonDict]] = field(default_factory=dict)
    # serials seen in the last bind-device list (owned devices incl. standalone ones)
    bind_serials: set[str] = field(default_factory=set)
    # free-form "last done" markers, e.g. ("providers", "A17C5") → "2025-09-20"
    marks: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def now(self) -> float:
        """Current Unix time from the session clock."""
        return float(self.api.session.clock())

    def account_offset(self) -> int:
        """UTC offset used for account-level times (the session's configured or host offset)."""
        return self.api.session.utc_offset_seconds

    def site_offset(self, site_id: str) -> int:
        """UTC offset of a site's clock: learned ``energy_offset_tz``, else the account offset."""
        site = self.sites.get(site_id) or {}
        learned = site.get("energy_offset_tz")
        if isinstance(learned, int) and not isinstance(learned, bool):
            return learned
        return self.account_offset()

    def site_now(self, site_id: str) -> datetime:
        """Naive local datetime of the site now."""
        return naive_time(self.now(), self.site_offset(site_id))

    def energy_now(self, site_id: str) -> datetime:
        """Naive datetime deciding "today" for energy queries (offset seconds − 5 min)."""
        site = self.sites.get(site_id) or {}
        offset = site.get("energy_offset_seconds")
        if not isinstance(offset, int) or isinstance(offset, bool):
            offset = self.account_offset()
        return naive_time(self.now(), offset - 300)

    def time_text(self, ts: float | None = None) -> str:
        """Account-local ``YYYY-MM-DD HH:MM:SS`` of ``ts`` (default now)."""
        moment = self.now() if ts is None else ts
        return format_time(moment, self.account_offset())

    def is_member_site(self, site_id: str) -> bool:
        """Whether the account is only a member of the site."""
        return not site_is_owned(self.sites.get(site_id))

    async def optional(self, owner: str, label: str, call: Awaitable[T]) -> T | None:
        """Await an optional endpoint call; request/server errors are logged once and give None.

        Authentication and connection errors propagate (the coordinator handles them).
        """
        try:
            return await call
        except (SolixAuthError, SolixConnectionError):
            raise
        except SolixError as err:
            self.issues.report(owner, label, "request failed", type(err).__name__)
            LOGGER.debug("Optional call %s for %s failed: %s", label, log_label(owner), err)
            return None

    def guard(self, owner: str, step: str, error: Exception) -> None:
        """Report an unexpected derivation error once (the poll continues)."""
        self.issues.report(owner, step, "derivation failed", type(error).__name__)

    def device(self, serial: str) -> JsonDict:
        """The cache entry of a device, created on first use."""
        return self.devices.setdefault(serial, {"device_sn": serial})
