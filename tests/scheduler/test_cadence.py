"""Live polls follow each site's learned cloud cadence (fake clock, synthetic site caches)."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi.poll import PollScheduler

from .fakes import FakeClock, FakeSite, Poll, gaps, run, without_energy_start


def delays(polls: list[Poll]) -> list[float]:
    """Seconds from each new stamp (after the first poll) to the poll that fetched it."""
    return [poll.start - ts for poll in polls[1:] for ts in poll.new_stamps.values()]


def share_new(polls: list[Poll]) -> float:
    """Share of polls that fetched at least one new stamp."""
    return sum(1 for poll in polls if poll.new_stamps) / len(polls)


@pytest.mark.parametrize(("cadence", "models"), [(60, ("A17C0",)), (300, ("A17C1",))])
def test_polls_once_per_cloud_update_shortly_after_its_stamp(
    cadence: int, models: tuple[str, ...]
) -> None:
    """Every live poll after the first brings new data, 15 s after the stamp, one per update.

    A 300 s site gets one extra poll 45 s after the first for the deferred energy tier.
    """
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    every = run(scheduler, clock, {"s1": FakeSite(cadence, models)}, 6 * 3600)
    polls = without_energy_start(every)
    assert len(every) - len(polls) == (1 if cadence == 300 else 0)
    assert gaps(polls)[1:] == [cadence] * (len(polls) - 2)
    assert all(poll.new_stamps for poll in polls)
    assert delays(polls) == [15.0] * (len(polls) - 1)
    site = scheduler.stats["sites"]["s1"]
    assert site["cadence"] == cadence
    assert site["learned"] is True
    assert scheduler.stats["polls"] == len(every)
    assert scheduler.stats["polls_with_new_data"] == len(polls)


def test_learns_a_longer_cadence_than_expected() -> None:
    """An SB1-looking site that updates every 300 s is learned after a few probing polls."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    polls = run(scheduler, clock, {"s1": FakeSite(300, ("A17C0",))}, 4 * 3600)
    assert scheduler.stats["sites"]["s1"]["cadence"] == 300
    probing = [poll for poll in polls if not poll.new_stamps]
    assert 1 <= len(probing) <= 6
    assert max(poll.start for poll in probing) < polls[0].start + 600
    assert gaps(polls)[-20:] == [300.0] * 20


def test_a_cloud_that_shows_data_late_is_learned() -> None:
    """Data visible 25 s after its stamp: the lag is learned, few retries, still fresh."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    polls = run(scheduler, clock, {"s1": FakeSite(60, lag=25)}, 4 * 3600)
    later = polls[len(polls) // 4 :]
    assert share_new(later) > 0.9
    assert max(delays(later)) <= 60
    assert scheduler.stats["sites"]["s1"]["lag"] > 0


def test_sites_of_different_phase_share_polls() -> None:
    """Two 60 s sites 8 s apart are served by one poll a minute, each within 30 s.

    The start-up energy poll (45 s) comes before both next stamps are due; from the poll
    after it on, one poll a minute serves both sites.
    """
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    sites = {"a": FakeSite(60, phase=17), "b": FakeSite(60, phase=9)}
    polls = run(scheduler, clock, sites, 3 * 3600)
    assert polls[1].start - polls[0].start == 45
    assert polls[1].plan.energy is True
    assert gaps(polls)[3:] == [60.0] * (len(polls) - 4)
    assert max(delays(polls)) <= 30


def test_never_closer_than_min_interval() -> None:
    """Mixed cadences, late data and writes: no two polls closer than 30 s."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    sites = {
        "a": FakeSite(60, phase=5, lag=12),
        "b": FakeSite(300, ("A17C1",), phase=41),
        "c": FakeSite(60, phase=31),
    }
    writes = tuple(float(w) for w in range(100, 7200, 433))
    polls = run(scheduler, clock, sites, 3 * 3600, writes=writes)
    assert min(gaps(polls)) >= 30
    assert share_new(polls) > 0.85


def test_a_site_that_stopped_updating_backs_off_to_max_interval() -> None:
    """Frozen stamps: retries back off, then the poll gap is the user's longest interval."""
    clock = FakeClock()
    scheduler = PollScheduler(clock, max_interval=240)
    site = FakeSite(60, frozen_at=clock.now + 600)
    polls = run(scheduler, clock, {"s1": site}, 3 * 3600)
    spacing = gaps(polls)
    assert max(spacing) == 240
    assert spacing[-10:] == [240.0] * 10
    assert min(spacing) >= 30


def test_max_interval_caps_a_slow_site() -> None:
    """A 300 s site with a 120 s update interval is polled every 120 s at the latest."""
    clock = FakeClock()
    scheduler = PollScheduler(clock, max_interval=120)
    polls = run(scheduler, clock, {"s1": FakeSite(300, ("A17C1",))}, 2 * 3600)
    assert max(gaps(polls)) <= 120
    assert min(gaps(polls)) >= 30
