"""A fake clock and a synthetic cloud whose site stamps advance on a cadence."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from custom_components.anker_solix.solixapi.poll import PollPlan, PollScheduler

START = 1_750_000_000.0
SITE_OFFSET = 7200  # the sites' clocks run at UTC+2


@dataclass
class FakeClock:
    """A clock that only moves when told to."""

    now: float = START

    def __call__(self) -> float:
        """Current time."""
        return self.now


@dataclass
class FakeSite:
    """A site whose ``updated_time`` advances every ``cadence`` s, visible ``lag`` s later."""

    cadence: float
    models: tuple[str, ...] = ("A17C0",)
    phase: float = 17.0
    lag: float = 0.0
    frozen_at: float | None = None

    def stamp_ts(self, now: float) -> float:
        """Unix time of the newest stamp visible at ``now``."""
        visible = now - self.lag if self.frozen_at is None else min(now, self.frozen_at)
        base = START - self.phase
        return base + math.floor((visible - base) / self.cadence) * self.cadence

    def cache(self, now: float) -> dict[str, Any]:
        """The poller's site cache entry as seen at ``now``."""
        local = datetime.fromtimestamp(self.stamp_ts(now) + SITE_OFFSET, UTC)
        return {
            "site_type": "solarbank",
            "energy_offset_tz": SITE_OFFSET,
            "solarbank_info": {
                "updated_time": local.strftime("%Y-%m-%d %H:%M:%S"),
                "solarbank_list": [{"device_pn": pn} for pn in self.models],
            },
        }


def untimed_site(kind: str) -> dict[str, Any]:
    """A cache entry without scene stamps (HES, power panel, virtual inverter site)."""
    return {"site_type": kind, "power_site_type": 9 if kind == "hes" else 0}


@dataclass
class Poll:
    """One poll of a run."""

    start: float
    plan: PollPlan
    new_stamps: dict[str, float] = field(default_factory=dict)


def run(
    scheduler: PollScheduler,
    clock: FakeClock,
    sites: dict[str, FakeSite | dict[str, Any]],
    seconds: float,
    *,
    writes: tuple[float, ...] = (),
) -> list[Poll]:
    """Poll as the coordinator does until ``seconds`` have passed; writes at the given times.

    A write at time ``w`` happens during the wait that contains ``w``; the wait is cut to the
    delay that ``note_write`` returns.
    """
    end = clock.now + seconds
    pending = sorted(START + w for w in writes)
    polls: list[Poll] = []
    seen: dict[str, float] = {}
    while clock.now < end:
        poll = Poll(clock.now, scheduler.plan())
        caches = {
            sid: site.cache(clock.now) if isinstance(site, FakeSite) else site
            for sid, site in sites.items()
        }
        for sid, site in sites.items():
            if isinstance(site, FakeSite) and seen.get(sid) != site.stamp_ts(clock.now):
                seen[sid] = poll.new_stamps[sid] = site.stamp_ts(clock.now)
        polls.append(poll)
        wake = clock.now + scheduler.done(poll.plan, caches)
        while pending and pending[0] < wake:
            clock.now = max(clock.now, pending.pop(0))
            wake = clock.now + scheduler.note_write()
        clock.now = wake
    return polls


def gaps(polls: list[Poll]) -> list[float]:
    """Seconds between successive poll starts."""
    return [later.start - earlier.start for earlier, later in pairwise(polls)]


def without_energy_start(polls: list[Poll]) -> list[Poll]:
    """The polls without the extra start-up poll that only came for the first energy tier.

    The second poll runs the first energy tier; when no regular poll was due that soon it is an
    extra poll (no new stamp) that the live cadence does not count.
    """
    if len(polls) > 1 and polls[1].plan.energy and not polls[1].new_stamps:
        return [polls[0], *polls[2:]]
    return polls
