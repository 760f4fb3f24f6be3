"""Shared state of one poller: caches, bookkeeping, clock helpers and tolerant endpoint calls."""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from ..common.errors import SolixAuthError, SolixError, SolixRateLimitError
from ..common.jsonutil import LOGGER, IssueLog, JsonDict, log_label
from ..derive.ownership import site_is_owned
from ..derive.time import format_time, naive_time

if TYPE_CHECKING:
    from ..cloud.api import SolixApi

T = TypeVar("T")

BACKOFF_START = 60.0
"""First wait (s) before an endpoint that answered HTTP 429 is asked again (without Retry-After)."""
TIER_INTERVALS: dict[str, float] = {"sites": 300.0, "details": 600.0, "energy": 900.0}
"""Longest 429 back-off (s) per poll tier: the tier's default interval."""


@dataclass
class EndpointBackoff:
    """The HTTP 429 back-off of one endpoint path."""

    refusals: int = 0
    """Consecutive 429 answers (each doubles the wait)."""
    until: float = 0.0
    """Clock time before which the endpoint is not asked."""


@dataclass
class StepCounts:
    """Outcome counts of the endpoint calls of one poll step (to tell a total outage)."""

    answered: int = 0
    failed: int = 0


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
    # (owner, label) → error class name of the endpoint calls failing since their last answer
    failing: dict[tuple[str, str], str] = field(default_factory=dict)
    # the newest failure of any endpoint call: (message, session clock time), for "last error"
    last_failure: tuple[str, float] | None = None
    # endpoint path → its HTTP 429 back-off; label → endpoint path (learned from errors)
    backoffs: dict[str, EndpointBackoff] = field(default_factory=dict)
    label_paths: dict[str, str] = field(default_factory=dict)
    # the poll step running ("sites", "details", "energy") and its call outcome counts
    tier: str = "sites"
    # sites whose devices send live data (MQTT) now: no 5-minute averages are read for them
    live_sites: frozenset[str] = frozenset()
    step: StepCounts = field(default_factory=StepCounts)

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

    async def optional(
        self,
        owner: str,
        label: str,
        call: Coroutine[Any, Any, T],
        *,
        cadence: float | None = None,
        endpoint: str | None = None,
    ) -> T | None:
        """Await an optional endpoint call; any cloud error except an auth error gives None.

        One rule for every endpoint: request, server, payload, rate-limit and connection errors
        (timeouts included) affect only what this endpoint feeds (the caller keeps the last
        values or marks them stale). The first failure of an episode logs a warning, the first
        answer after it an info line. After HTTP 429 the endpoint is not asked again before its
        back-off ends (the call is then skipped and gives None): ``Retry-After`` if the cloud
        sends it, else from ``BACKOFF_START`` (or the endpoint's own ``cadence``, for endpoints
        asked less often than their tier runs) doubling up to the tier's interval (or the
        cadence). ``endpoint`` names the path for labels with variable parts (else it is learned
        from the first error of the label). Authentication errors propagate: the coordinator
        starts the reauth flow.
        """
        result, _ = await self.attempt(owner, label, call, cadence=cadence, endpoint=endpoint)
        return result

    async def attempt(
        self,
        owner: str,
        label: str,
        call: Coroutine[Any, Any, T],
        *,
        cadence: float | None = None,
        endpoint: str | None = None,
    ) -> tuple[T | None, SolixError | None]:
        """Like :meth:`optional`, but also return the error (None on success or skip)."""
        key = (owner, label)
        path = endpoint or self.label_paths.get(label)
        backoff = self.backoffs.get(path) if path else None
        if backoff is not None and self.now() < backoff.until:
            call.close()
            LOGGER.debug("Skipping %s for %s during its HTTP 429 back-off", label, log_label(owner))
            return None, None
        try:
            result = await call
        except SolixAuthError:
            raise
        except SolixError as err:
            self.step.failed += 1
            self._note_failure(key, err, cadence or 0.0)
            return None, err
        self.step.answered += 1
        if path is not None:
            self.backoffs.pop(path, None)
        if self.failing.pop(key, None) is not None:
            LOGGER.info("Anker cloud endpoint %s answers again for %s", label, log_label(owner))
        return result, None

    def _note_failure(self, key: tuple[str, str], err: SolixError, cadence: float) -> None:
        """Log the first failure of an episode; start or extend an HTTP 429 back-off."""
        owner, label = key
        self.last_failure = (str(err), self.now())
        if err.endpoint:
            self.label_paths[label] = err.endpoint
        if isinstance(err, SolixRateLimitError) and err.endpoint:
            backoff = self.backoffs.setdefault(err.endpoint, EndpointBackoff())
            backoff.refusals += 1
            cap = max(cadence, TIER_INTERVALS.get(self.tier, TIER_INTERVALS["sites"]))
            start = max(cadence, BACKOFF_START)
            if err.retry_after is not None:
                wait = err.retry_after
            else:
                wait = min(cap, start * 2 ** (backoff.refusals - 1))
            backoff.until = self.now() + wait
        if key in self.failing:
            LOGGER.debug("Endpoint %s for %s still fails: %s", label, log_label(owner), err)
            return
        self.failing[key] = type(err).__name__
        LOGGER.warning(
            "Anker cloud endpoint %s failed for %s (%s: %s); its values are kept or marked "
            "stale until it answers again",
            label,
            log_label(owner),
            type(err).__name__,
            err,
        )

    def guard(self, owner: str, step: str, error: Exception) -> None:
        """Report an unexpected derivation error once (the poll continues).

        Authentication errors are no derivation errors: they propagate to the coordinator.
        """
        if isinstance(error, SolixAuthError):
            raise error
        self.issues.report(owner, step, "derivation failed", type(error).__name__)

    def device(self, serial: str) -> JsonDict:
        """The cache entry of a device, created on first use."""
        return self.devices.setdefault(serial, {"device_sn": serial})
