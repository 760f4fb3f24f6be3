"""Reconnect delays: doubling from a base up to a cap, with jitter (no reconnect storm)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delay before reconnect attempt number `failures` (0-based): base·2ⁿ capped, minus jitter.

    The jitter takes up to `jitter` (a fraction) off each delay, so many clients that lost the
    broker at the same moment do not come back at the same moment.
    """

    base: float = 5.0
    cap: float = 600.0
    jitter: float = 0.3
    rand: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, failures: int) -> float:
        """Seconds to wait after `failures` failed attempts in a row."""
        raw = min(self.cap, self.base * 2.0 ** min(failures, 30))
        return float(raw * (1.0 - self.jitter * self.rand()))
