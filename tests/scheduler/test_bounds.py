"""Every wait the scheduler returns is positive and bounded, whatever the clock did.

Home Assistant reads a zero update interval as "no polling": a scheduler that answered 0 s after
a poll that took longer than planned froze every entity. These runs make the clock jump past
every due time (long polls, clock jumps forward and back, many tiers due at once, odd interval
options) and check each returned wait against ``min_wait`` … ``max_wait``.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.poll import PollPlan, PollScheduler

from .fakes import FakeClock, FakeSite, untimed_site

DAY = 86400.0


def assert_bounded(scheduler: PollScheduler, wait: float) -> None:
    """The wait lies within the scheduler's documented bounds, which are sane themselves."""
    assert 0 < scheduler.min_wait <= scheduler.max_wait < math.inf
    assert scheduler.min_wait <= wait <= scheduler.max_wait, wait
    next_poll_in = scheduler.stats["next_poll_in"]
    assert next_poll_in is not None
    assert next_poll_in >= 0


def test_poll_longer_than_planned_waits_the_minimum_then_runs_every_due_tier() -> None:
    """A poll that took 40 minutes (HTTP 429 retries) is followed by a short positive wait.

    The next poll then runs the details and, on the poll after, the energy tier: all of them
    became due during the long poll.
    """
    clock = FakeClock()
    site = FakeSite(60)
    scheduler = PollScheduler(clock)
    scheduler.done(scheduler.plan(), {"s1": site.cache(clock.now)})
    clock.now += 45
    plan = scheduler.plan()
    assert plan.energy
    clock.now += 2400  # the poll itself took 40 minutes
    wait = scheduler.done(plan, {"s1": site.cache(clock.now)})
    assert_bounded(scheduler, wait)
    assert wait == scheduler.min_wait
    clock.now += wait
    assert scheduler.plan() == PollPlan(details=True, energy=False)
    wait = scheduler.done(PollPlan(details=True, energy=False), {"s1": site.cache(clock.now)})
    assert_bounded(scheduler, wait)
    clock.now += wait
    assert scheduler.plan().energy


@pytest.mark.parametrize("jump", [-7 * DAY, -3600.0, -1.0, 0.0, 1.0, 301.0, 3 * DAY, 400 * DAY])
def test_clock_jump_during_a_poll(jump: float) -> None:
    """A clock that jumps forward or back while a poll runs still gives a bounded wait."""
    clock = FakeClock()
    sites: dict[str, FakeSite | dict[str, Any]] = {
        "s1": FakeSite(60),
        "s2": FakeSite(300, ("A17C1",)),
        "hes": untimed_site("hes"),
    }
    scheduler = PollScheduler(clock, offset=11)
    for _ in range(5):
        plan = scheduler.plan()
        clock.now += jump
        caches = {
            sid: site.cache(clock.now) if isinstance(site, FakeSite) else site
            for sid, site in sites.items()
        }
        wait = scheduler.done(plan, caches)
        assert_bounded(scheduler, wait)
        clock.now += wait


@pytest.mark.parametrize(
    ("min_interval", "max_interval", "details_interval", "energy_interval"),
    [
        (0, 0, 0, 0),
        (-30, -300, -600, -900),
        (0, 300, 0, 0),
        (30, 10, 5, 1),
        (math.nan, math.nan, math.nan, math.nan),
        (30, math.inf, math.inf, math.inf),
        (1e-9, 1e-9, 1e-9, 1e-9),
    ],
)
def test_zero_negative_or_odd_intervals(
    min_interval: float, max_interval: float, details_interval: float, energy_interval: float
) -> None:
    """Zero, negative, NaN or infinite interval options never give a zero or endless wait."""
    clock = FakeClock()
    scheduler = PollScheduler(
        clock,
        min_interval=min_interval,
        max_interval=max_interval,
        details_interval=details_interval,
        energy_interval=energy_interval,
    )
    site = FakeSite(60)
    for _ in range(20):
        wait = scheduler.done(scheduler.plan(), {"s1": site.cache(clock.now)})
        assert_bounded(scheduler, wait)
        clock.now += wait
    assert_bounded(scheduler, scheduler.note_write())


def test_options_changed_to_zero_keep_waits_positive() -> None:
    """Options applied live (``update_options``) are bounded the same way."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    scheduler.update_options(max_interval=0, details_interval=-1, energy_interval=math.nan)
    for _ in range(10):
        wait = scheduler.done(scheduler.plan(), {})
        assert_bounded(scheduler, wait)
        clock.now += wait


def test_write_after_an_overdue_poll_is_bounded() -> None:
    """A write while the regular poll is long overdue asks for a positive wait."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    scheduler.done(scheduler.plan(), {})
    clock.now += 5 * DAY  # the host slept
    assert_bounded(scheduler, scheduler.note_write())


def test_seeded_random_runs_never_leave_the_bounds() -> None:
    """1000 polls with random durations, clock jumps, writes and failed polls (seeded)."""
    rng = random.Random(20261207)
    clock = FakeClock()
    sites: dict[str, FakeSite | dict[str, Any]] = {
        "s1": FakeSite(60, phase=3),
        "s2": FakeSite(300, ("A17C1",)),
        "p": untimed_site("hes"),
    }
    scheduler = PollScheduler(clock, offset=23)
    waits: list[float] = []
    for _ in range(1000):
        plan = scheduler.plan()
        clock.now += rng.choice([0.0, 0.5, 5.0, 40.0, 700.0, 3600.0, -120.0])
        if rng.random() < 0.1:  # the poll failed: no done(), the coordinator retries later
            clock.now += 60
            continue
        caches = {
            sid: site.cache(clock.now) if isinstance(site, FakeSite) else site
            for sid, site in sites.items()
        }
        wait = scheduler.done(plan, caches)
        assert_bounded(scheduler, wait)
        if rng.random() < 0.1:
            clock.now += rng.uniform(0, wait)
            wait = scheduler.note_write()
            assert_bounded(scheduler, wait)
        waits.append(wait)
        clock.now += wait
    assert min(waits) == scheduler.min_wait  # the overdue case did occur
    assert max(waits) <= scheduler.max_wait
