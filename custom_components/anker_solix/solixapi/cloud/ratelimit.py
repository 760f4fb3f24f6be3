"""Proactive request pacing (§3.6).

Two rules, both measured with the injected clock and waited out with the injected sleep:

* at most `endpoint_limit` requests of the same endpoint within any `window` (62 s) — the next one
  waits until the oldest leaves the window (`endpoint_limit` 0 disables this rule);
* at least `request_delay` seconds between any two requests.

Requests of one endpoint are served in arrival order: each endpoint has its own asyncio.Lock, held
while that request waits for a free slot in the endpoint's window, so a waiting endpoint never
blocks the others. A global lock is held only for the spacing wait and the bookkeeping, so the
spacing holds between any two requests. Only the holder of an endpoint's lock records requests of
that endpoint, and time only moves forward: a free slot stays free until it is used.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

from .const import RATE_LIMIT_WINDOW

MIN_SLEEP = 0.001
"""Shortest wait (s): guarantees progress when float rounding leaves a tiny remainder."""


class RateLimiter:
    """Per-endpoint sliding-window limiter plus a global minimum spacing."""

    def __init__(
        self,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        *,
        request_delay: float,
        endpoint_limit: int,
        window: float = RATE_LIMIT_WINDOW,
    ) -> None:
        """Create a limiter that reads time from `clock` and waits with `sleep`."""
        self._clock = clock
        self._sleep = sleep
        self._window = window
        self._spacing_lock = asyncio.Lock()
        self._endpoint_locks: dict[str, asyncio.Lock] = {}
        self._sent: dict[str, deque[float]] = {}
        self._last_sent: float | None = None
        self.configure(request_delay=request_delay, endpoint_limit=endpoint_limit)

    def configure(self, *, request_delay: float, endpoint_limit: int) -> None:
        """Change the spacing and the per-endpoint limit (0 disables the limit)."""
        if request_delay < 0 or endpoint_limit < 0:
            raise ValueError("request_delay and endpoint_limit must not be negative")
        self.request_delay = request_delay
        self.endpoint_limit = endpoint_limit

    async def acquire(self, endpoint: str) -> float:
        """Wait until `endpoint` may be requested, record the request and return the time waited."""
        started = self._clock()
        lock = self._endpoint_locks.setdefault(endpoint, asyncio.Lock())
        async with lock:
            while True:
                while (wait := self._window_wait(endpoint, self._clock())) > 0:
                    await self._sleep(max(wait, MIN_SLEEP))
                async with self._spacing_lock:
                    while (wait := self._spacing_wait(self._clock())) > 0:
                        await self._sleep(max(wait, MIN_SLEEP))
                    now = self._clock()
                    # Re-checked only for a limit lowered by `configure` during the wait.
                    if self._window_wait(endpoint, now) <= 0:
                        self._sent.setdefault(endpoint, deque()).append(now)
                        self._last_sent = now
                        return now - started

    def time_until_slot_frees(self, endpoint: str) -> float:
        """Seconds until the oldest recorded request of `endpoint` leaves the window (0 if none).

        Used after an HTTP 429: the server counted more than we did, so the next attempt waits
        for a slot to free even when our own count is below the limit.
        """
        now = self._clock()
        sent = self._prune(endpoint, now)
        return max(0.0, sent[0] + self._window - now) if sent else 0.0

    def wait_for(self, endpoint: str, count: int = 1) -> float:
        """Seconds until `count` more requests of `endpoint` fit in its window (0: now).

        Non-blocking and records nothing; `count` is capped at the limit (a larger op has to
        wait for its own requests anyway). Spacing and requests queued on the endpoint's lock
        are not included.
        """
        if self.endpoint_limit <= 0 or count <= 0:
            return 0.0
        now = self._clock()
        sent = self._prune(endpoint, now)
        leaving = len(sent) + min(count, self.endpoint_limit) - self.endpoint_limit
        if leaving <= 0:
            return 0.0
        return max(0.0, sent[leaving - 1] + self._window - now)

    def in_window(self, endpoint: str) -> int:
        """Return how many requests of `endpoint` lie within the window ending now."""
        return len(self._prune(endpoint, self._clock()))

    def _spacing_wait(self, now: float) -> float:
        """Seconds until the minimum spacing after the last request has passed (≤ 0: none)."""
        if self._last_sent is None:
            return 0.0
        return self._last_sent + self.request_delay - now

    def _window_wait(self, endpoint: str, now: float) -> float:
        """Seconds until `endpoint` has a free slot in its window (≤ 0: free now)."""
        if self.endpoint_limit <= 0:
            return 0.0
        sent = self._prune(endpoint, now)
        if len(sent) < self.endpoint_limit:
            return 0.0
        oldest_relevant = sent[len(sent) - self.endpoint_limit]
        return oldest_relevant + self._window - now

    def _prune(self, endpoint: str, now: float) -> deque[float]:
        """Drop requests of `endpoint` that left the window; return the remaining ones."""
        sent = self._sent.setdefault(endpoint, deque())
        while sent and now - sent[0] >= self._window:
            sent.popleft()
        return sent
