"""A manual clock for unit tests: `sleep` advances it instantly and records every wait."""

from __future__ import annotations

import asyncio

START_TS = 1_750_000_000.0


class FakeClock:
    """Callable clock (`clock()` → now) with an async `sleep` that moves it forward."""

    def __init__(self, start: float = START_TS) -> None:
        """Stand still at `start` until slept or advanced."""
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        """Return the current fake time."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        """Record the wait, advance the clock and yield to the event loop once."""
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


def max_in_window(timestamps: list[float], window: float) -> int:
    """Return the most timestamps inside any half-open window [t, t + window)."""
    ordered = sorted(timestamps)
    return max(
        (sum(1 for other in ordered if start <= other < start + window) for start in ordered),
        default=0,
    )
