"""Server-side per-account, per-endpoint sliding-window rate limit (protocol §3.6)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from solixsim.reply import SimReply

WINDOW_SECONDS = 60.0
RATE_LIMIT_BODY = '{"error_msg":"Request too soon. Your actions have been recorded."}'


@dataclass
class RateLimiter:
    """Allows at most ``limit`` requests per endpoint and account in a 60 s window (0 = off)."""

    limit: int = 12
    window: float = WINDOW_SECONDS
    _hits: dict[tuple[str, str], deque[float]] = field(default_factory=dict)

    def check(self, account: str, path: str, now: float) -> SimReply | None:
        """Count an accepted request, or return the HTTP 429 reply when over the limit."""
        if self.limit <= 0:
            return None
        hits = self._hits.setdefault((account, path), deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return SimReply(status=429, text=RATE_LIMIT_BODY)
        hits.append(now)
        return None
