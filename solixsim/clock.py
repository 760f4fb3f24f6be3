"""The simulator's clock: real time (optionally shifted) or a manual, virtual clock."""

from __future__ import annotations

import asyncio
import time


class SimClock:
    """A clock that the simulator and, through injection, the client can share.

    A real clock follows ``time.time()`` (plus a fixed offset when it was started at another
    moment); a manual clock only moves through :meth:`set`, :meth:`advance` and :meth:`sleep`,
    so a test can run days of polling without waiting.
    """

    def __init__(self, *, manual: bool, start_ts: float | None = None) -> None:
        """Create a clock; prefer the :meth:`real` and :meth:`manual` constructors."""
        self._manual = manual
        now = time.time()
        start = now if start_ts is None else float(start_ts)
        self._manual_now = start
        self._offset = start - now
        self.start_ts = start

    @classmethod
    def real(cls, start_ts: float | None = None) -> SimClock:
        """A running clock; with ``start_ts`` it starts at that moment and runs in real time."""
        return cls(manual=False, start_ts=start_ts)

    @classmethod
    def manual(cls, start_ts: float) -> SimClock:
        """A virtual clock standing at ``start_ts`` until it is moved."""
        return cls(manual=True, start_ts=start_ts)

    @property
    def is_manual(self) -> bool:
        """True for a virtual clock that only moves when told to."""
        return self._manual

    def now(self) -> float:
        """Current clock time as Unix seconds."""
        if self._manual:
            return self._manual_now
        return time.time() + self._offset

    def set(self, ts: float) -> None:
        """Jump to ``ts`` (Unix seconds)."""
        if self._manual:
            self._manual_now = float(ts)
        else:
            self._offset = float(ts) - time.time()

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or backward for negative values) by ``seconds``."""
        self.set(self.now() + seconds)

    async def sleep(self, seconds: float) -> None:
        """Sleep: a manual clock advances instantly, a real clock waits."""
        if self._manual:
            self.advance(max(0.0, seconds))
            await asyncio.sleep(0)
        else:
            await asyncio.sleep(seconds)
