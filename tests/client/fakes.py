"""Fake clocks for unit tests: `FakeClock` (each sleep advances it) and `VirtualClock` (events)."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Awaitable
from typing import Any

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


class VirtualClock:
    """Event-driven fake time for concurrent tasks.

    `sleep` parks the caller until its wake-up time; `run` lets the tasks progress and, only when
    all of them are blocked, moves the time to the earliest wake-up and wakes that sleeper.
    """

    IDLE_SPINS = 50
    """Event-loop turns that let lock hand-overs settle before the time may move."""

    def __init__(self, start: float = START_TS) -> None:
        """Start at `start` with no sleepers."""
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = 0

    def __call__(self) -> float:
        """Return the current virtual time."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Block until the virtual time reached now + `seconds`."""
        wake_up: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), self._order, wake_up))
        self._order += 1
        await wake_up

    async def run(self, *calls: Awaitable[Any]) -> list[Any]:
        """Run `calls` concurrently (started in the given order) and return their results."""
        tasks = [asyncio.ensure_future(call) for call in calls]
        while not all(task.done() for task in tasks):
            for _ in range(self.IDLE_SPINS):
                await asyncio.sleep(0)
            if all(task.done() for task in tasks):
                break
            if not self._sleepers:
                raise RuntimeError("tasks blocked without a sleeper: deadlock")
            wake_time, _, wake_up = heapq.heappop(self._sleepers)
            self.now = max(self.now, wake_time)
            wake_up.set_result(None)
        return [task.result() for task in tasks]


def max_in_window(timestamps: list[float], window: float) -> int:
    """Return the most timestamps inside any half-open window [t, t + window)."""
    ordered = sorted(timestamps)
    return max(
        (sum(1 for other in ordered if start <= other < start + window) for start in ordered),
        default=0,
    )
