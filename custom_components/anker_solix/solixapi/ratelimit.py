"""Proactive request pacing (§3.6).

Two rules, both measured with the injected clock and waited out with the injected sleep:

* at most `endpoint_limit` requests of the same endpoint within any `window` (62 s) — the next one
  waits until the oldest leaves the window (`endpoint_limit` 0 disables this rule);
* at least `request_delay` seconds between any two requests.

Callers are served strictly in arrival order (one asyncio.Lock held while waiting), so concurrent
requests never overtake each other and never overrun a limit together.
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
        self._lock = asyncio.Lock()
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
        async with self._lock:
            started = self._clock()
            while (wait := self._wait_time(endpoint, self._clock())) > 0:
                await self._sleep(max(wait, MIN_SLEEP))
            now = self._clock()
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

    def in_window(self, endpoint: str) -> int:
        """Return how many requests of `endpoint` lie within the window ending now."""
        return len(self._prune(endpoint, self._clock()))

    def _wait_time(self, endpoint: str, now: float) -> float:
        """Seconds the next request of `endpoint` must still wait (≤ 0: may go now)."""
        wait = 0.0
        if self._last_sent is not None:
            wait = self._last_sent + self.request_delay - now
        if self.endpoint_limit > 0:
            sent = self._prune(endpoint, now)
            if len(sent) >= self.endpoint_limit:
                oldest_relevant = sent[len(sent) - self.endpoint_limit]
                wait = max(wait, oldest_relevant + self._window - now)
        return wait

    def _prune(self, endpoint: str, now: float) -> deque[float]:
        """Drop requests of `endpoint` that left the window; return the remaining ones."""
        sent = self._sent.setdefault(endpoint, deque())
        while sent and now - sent[0] >= self._window:
            sent.popleft()
        return sent
