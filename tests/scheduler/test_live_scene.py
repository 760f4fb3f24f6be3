"""Live data (MQTT) slows the scene polls of a system down to what it does not cover."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from custom_components.anker_solix.solixapi.poll import PollScheduler

from .fakes import FakeClock, FakeSite

HOUR = 3600.0


def _scene_reads(
    scheduler: PollScheduler, clock: FakeClock, site: FakeSite, seconds: float, live: bool
) -> list[float]:
    """Poll one system for ``seconds``; with ``live`` its devices send a message every 60 s."""
    cache: dict[str, Any] | None = None
    reads: list[float] = []
    end = clock.now + seconds
    while clock.now < end:
        if live:  # the latest message (the caller tells the scheduler as they arrive)
            scheduler.note_live("s", clock.now - clock.now % 60)
        plan = scheduler.plan()
        if "s" not in plan.skip or cache is None:
            cache = site.cache(clock.now)
            reads.append(clock.now)
        clock.now += scheduler.done(plan, {"s": cache})
    return reads


def test_a_live_system_is_read_every_15_minutes_and_back_on_cadence_when_live_stops() -> None:
    """A Solarbank 2 (300 s cadence): 12 scene reads an hour without live data; with it, the
    scene is read every 15 minutes (details and energy polls leave it out); once the live data stops
    the cloud cadence is back within one poll."""
    site = FakeSite(300, ("A17C1",))
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    _scene_reads(scheduler, clock, site, HOUR, live=False)  # learn the cadence
    without = _scene_reads(scheduler, clock, site, HOUR, live=False)
    assert 12 <= len(without) <= 13
    with_live = _scene_reads(scheduler, clock, site, 2 * HOUR, live=True)
    gaps = [b - a for a, b in pairwise(with_live)]
    assert len(with_live) <= 2 * 4 + 1  # 4 an hour (details/energy polls leave it out)
    assert max(gaps) <= 900 + 30
    stopped = _scene_reads(scheduler, clock, site, HOUR, live=False)
    assert len(stopped) >= 11
