"""A poll that only looks whether live data stopped sends no cloud request (wake-only poll).

While a system's devices send live data (MQTT), the scheduler wakes when the last message would
be 3 minutes old. In an account with a second system without live data, such a wake used to
read that system's scene although it was not due (every poll read at least one system).
"""

from __future__ import annotations

from typing import Any

from custom_components.anker_solix.solixapi.poll import PollScheduler

from .fakes import FakeClock, FakeSite

HOUR = 3600.0


def _run(
    scheduler: PollScheduler, clock: FakeClock, sites: dict[str, FakeSite], seconds: float
) -> tuple[dict[str, list[float]], int]:
    """Poll for ``seconds``; the devices of system ``live`` send a message every 60 s.

    Returns the read times per system and the number of polls that read no system.
    """
    reads: dict[str, list[float]] = {sid: [] for sid in sites}
    caches: dict[str, dict[str, Any]] = {}
    empty = 0
    end = clock.now + seconds
    while clock.now < end:
        scheduler.note_live("live", clock.now - clock.now % 60)
        plan = scheduler.plan()
        read = [sid for sid in sites if sid not in plan.skip or sid not in caches]
        for sid in read:
            caches[sid] = sites[sid].cache(clock.now)
            reads[sid].append(clock.now)
        empty += int(not read)
        clock.now += scheduler.done(plan, caches)
    return reads, empty


def test_wakes_for_live_data_read_no_other_system() -> None:
    """A live Solarbank 2 and one without live data (both 300 s cadence): the live one is read
    every 15 min, the other 12 times an hour as without live data, and the wakes that look at
    the live data (every 2-3 min) send no request."""
    sites = {
        "live": FakeSite(300, ("A17C1",)),
        "cloud": FakeSite(300, ("A17C1",), phase=140.0),
    }
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    _run(scheduler, clock, sites, HOUR)  # learn both cadences
    reads, empty = _run(scheduler, clock, sites, 2 * HOUR)
    assert len(reads["live"]) <= 2 * 4 + 1
    assert 2 * 12 - 1 <= len(reads["cloud"]) <= 2 * 12 + 1  # only when its data is new
    assert empty >= 2 * 10  # the wakes: no cloud request
    assert scheduler.stats["wake_only_polls"] >= empty


def test_a_wake_reads_the_system_whose_live_data_stopped() -> None:
    """The wake after the last message reads the system at once (not a scene interval later)."""
    site = FakeSite(300, ("A17C1",))
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    _run(scheduler, clock, {"live": site}, HOUR)
    last_message = clock.now - clock.now % 60
    cache = site.cache(clock.now)
    while True:
        plan = scheduler.plan()
        if "live" not in plan.skip:
            break
        assert clock.now - last_message <= 180 + 30
        clock.now += scheduler.done(plan, {"live": cache})
    assert clock.now - last_message <= 180 + 30
