"""Request and byte accounting per endpoint and per hour (feeds the account cache, §3.6)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .const import RATE_LIMIT_WINDOW

HOUR = 3600
HOURS_KEPT = 48
"""Hour buckets older than this many hours are dropped."""


@dataclass
class TrafficCount:
    """Requests, bytes and errors of one endpoint or one hour."""

    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    errors: int = 0

    def add(self, bytes_sent: int, bytes_received: int, error: bool) -> None:
        """Count one HTTP exchange."""
        self.requests += 1
        self.bytes_sent += bytes_sent
        self.bytes_received += bytes_received
        self.errors += int(error)


class RequestStats:
    """Counts every HTTP exchange (login, replays and failures included)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        """Create empty statistics that take "now" from `clock`."""
        self._clock = clock
        self.endpoints: dict[str, TrafficCount] = {}
        self.hours: dict[int, TrafficCount] = {}
        self.total = TrafficCount()
        self._recent: deque[float] = deque()

    def record(
        self, endpoint: str, bytes_sent: int, bytes_received: int, *, error: bool = False
    ) -> None:
        """Count one exchange with `endpoint` at the current clock time."""
        now = self._clock()
        hour = int(now // HOUR * HOUR)
        for count in (
            self.endpoints.setdefault(endpoint, TrafficCount()),
            self.hours.setdefault(hour, TrafficCount()),
            self.total,
        ):
            count.add(bytes_sent, bytes_received, error)
        self._recent.append(now)
        self._prune(now)

    def requests_last_minute(self) -> int:
        """Requests within the last 62 s (the window of the endpoint limit)."""
        return self._count_since(self._clock() - RATE_LIMIT_WINDOW)

    def requests_last_hour(self) -> int:
        """Requests within the last 3600 s."""
        return self._count_since(self._clock() - HOUR)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable summary (hour keys are the hour start timestamps)."""
        return {
            "total": asdict(self.total),
            "requests_last_minute": self.requests_last_minute(),
            "requests_last_hour": self.requests_last_hour(),
            "endpoints": {path: asdict(count) for path, count in sorted(self.endpoints.items())},
            "hours": {str(hour): asdict(count) for hour, count in sorted(self.hours.items())},
        }

    def _count_since(self, start: float) -> int:
        """Count the recorded requests after `start`."""
        self._prune(self._clock())
        return sum(1 for ts in self._recent if ts > start)

    def _prune(self, now: float) -> None:
        """Forget request times older than an hour and hour buckets older than HOURS_KEPT."""
        while self._recent and self._recent[0] <= now - HOUR:
            self._recent.popleft()
        oldest_hour = now - HOURS_KEPT * HOUR
        for hour in [hour for hour in self.hours if hour < oldest_hour]:
            del self.hours[hour]
