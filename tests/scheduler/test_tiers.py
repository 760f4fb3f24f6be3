"""Details and energy tiers, the confirming poll after writes, stagger and fixed cadence."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from custom_components.anker_solix.solixapi.poll import PollPlan, PollScheduler

from .fakes import START, FakeClock, FakeSite, gaps, run, untimed_site


def test_first_poll_defers_energy_to_the_next_poll() -> None:
    """The first poll fetches details without energy; the next poll, 45 s later, energy."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    assert scheduler.plan() == PollPlan(details=True, energy=False)
    assert scheduler.done(PollPlan(details=True, energy=False), {}) == 45
    clock.now += 45
    assert scheduler.plan() == PollPlan(details=False, energy=True)


@pytest.mark.parametrize(
    ("cadence", "models", "offset", "energy_after"),
    [(60, ("A17C0",), 0, 58), (60, ("A17C0",), 7, 65), (300, ("A17C1",), 0, 45)],
)
def test_first_energy_rides_on_a_regular_poll_or_comes_within_a_minute(
    cadence: int, models: tuple[str, ...], offset: int, energy_after: float
) -> None:
    """A regular poll soon after the start-up delay serves energy, else an extra poll at 45 s.

    The 60 s site's next stamp is 43 s after the first poll: its regular poll 15 s (plus the
    stagger) later carries the first energy tier. The 300 s site gets an extra poll.
    """
    clock = FakeClock()
    polls = run(PollScheduler(clock, offset=offset), clock, {"s1": FakeSite(cadence, models)}, 600)
    assert polls[0].plan == PollPlan(details=True, energy=False)
    assert polls[1].plan == PollPlan(details=False, energy=True)
    assert polls[1].start - polls[0].start == energy_after
    assert sum(poll.plan.energy for poll in polls) == 1


def test_failed_energy_start_is_retried_on_the_next_poll() -> None:
    """Until an energy poll succeeded, every poll runs energy (also with details)."""
    clock = FakeClock()
    scheduler = PollScheduler(clock, details_interval=30)
    scheduler.done(scheduler.plan(), {})
    clock.now += 45
    assert scheduler.plan().energy is True  # this poll fails: no done()
    clock.now += 600
    assert scheduler.plan() == PollPlan(details=True, energy=True)


def test_details_and_energy_cadence() -> None:
    """Details at most every 600 s, energy every 900 s, never both in one poll after the first."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    polls = run(scheduler, clock, {"s1": FakeSite(60)}, 6 * 3600)
    details = [poll.start for poll in polls if poll.plan.details]
    energy = [poll.start for poll in polls if poll.plan.energy]
    assert all(600 <= gap <= 660 for gap in gaps_of(details))
    assert all(900 <= gap <= 960 for gap in gaps_of(energy))
    assert len(details) == 36
    assert len(energy) == 24
    both = [poll for poll in polls[1:] if poll.plan.details and poll.plan.energy]
    assert both == []


def gaps_of(times: list[float]) -> list[float]:
    """Differences of successive times."""
    return [later - earlier for earlier, later in pairwise(times)]


def test_update_options_applies_new_intervals() -> None:
    """Longer intervals after an options change make the tiers rarer."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    run(scheduler, clock, {"s1": FakeSite(60)}, 600)
    scheduler.update_options(max_interval=300, details_interval=1800, energy_interval=3600)
    polls = run(scheduler, clock, {"s1": FakeSite(60)}, 4 * 3600)
    assert all(gap >= 1800 for gap in gaps_of([p.start for p in polls if p.plan.details]))
    assert all(gap >= 3600 for gap in gaps_of([p.start for p in polls if p.plan.energy]))


@pytest.mark.parametrize("writes", [(1000.0,), (1000.0, 1004.0, 1011.0)])
def test_writes_add_exactly_one_confirming_poll(writes: tuple[float, ...]) -> None:
    """One or several quick writes on a 300 s site: one extra poll (with details), no burst."""
    site = {"s1": FakeSite(300, ("A17C1",))}
    quiet_clock = FakeClock()
    quiet = run(PollScheduler(quiet_clock), quiet_clock, site, 3600)
    clock = FakeClock()
    polls = run(PollScheduler(clock), clock, site, 3600, writes=writes)
    assert len(polls) == len(quiet) + 1
    extra = [poll for poll in polls if poll.start not in {q.start for q in quiet}]
    assert len(extra) == 1
    assert extra[0].plan.details is True
    assert START + writes[-1] + 30 <= extra[0].start <= START + writes[-1] + 31
    assert min(gaps(polls)) >= 30


def test_write_on_a_fast_site_uses_the_next_regular_poll() -> None:
    """On a 60 s site the regular poll shortly after the write confirms it (no extra poll)."""
    site = {"s1": FakeSite(60)}
    quiet_clock = FakeClock()
    quiet = run(PollScheduler(quiet_clock), quiet_clock, site, 1800)
    clock = FakeClock()
    polls = run(PollScheduler(clock), clock, site, 1800, writes=(1000.0,))
    assert [poll.start for poll in polls] == [poll.start for poll in quiet]
    confirming = next(poll for poll in polls if poll.start >= START + 1030)
    assert confirming.plan.details is True


def test_note_write_returns_the_wait_for_the_confirming_poll() -> None:
    """The confirming poll is at least 30 s after the write and after the previous poll."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    delay = scheduler.done(scheduler.plan(), {"s1": FakeSite(300, ("A17C1",)).cache(clock.now)})
    assert delay == 45  # the start-up energy poll
    clock.now += delay
    delay = scheduler.done(scheduler.plan(), {"s1": FakeSite(300, ("A17C1",)).cache(clock.now)})
    assert delay > 60
    clock.now += 10
    assert scheduler.note_write() == 30
    clock.now += 30
    assert scheduler.plan().details is True


def test_stagger_offset_shifts_polls_of_a_shared_site() -> None:
    """Two accounts on the same site poll offset seconds apart, without drifting."""
    site = {"s1": FakeSite(60)}
    first_clock, second_clock = FakeClock(), FakeClock()
    first = run(PollScheduler(first_clock), first_clock, site, 3600)
    second = run(PollScheduler(second_clock, offset=7), second_clock, site, 3600)
    pairs = list(zip(first[1:], second[1:], strict=False))
    assert pairs
    assert all(b.start - a.start == 7 for a, b in pairs)


def test_stagger_offset_keeps_live_polls_fresh() -> None:
    """A large offset (29 s) moves live polls by its remainder (14 s): within 30 s of a stamp."""
    clock = FakeClock()
    site = FakeSite(60)
    polls = run(PollScheduler(clock, offset=29), clock, {"s1": site}, 3600)
    assert [poll.start - site.stamp_ts(poll.start) for poll in polls[1:]] == [29.0] * (
        len(polls) - 1
    )


def test_stagger_offset_shifts_fixed_cadence_without_drift() -> None:
    """Fixed-cadence accounts: the offset brings the first repeat earlier; then gaps of 300 s.

    The start-up energy poll comes 45 s plus the stagger (11 s) after the first poll.
    """
    site = {"hes": untimed_site("hes")}
    clock = FakeClock()
    polls = run(PollScheduler(clock, offset=11), clock, site, 3600)
    assert gaps(polls) == [56.0, 289.0] + [300.0] * (len(polls) - 3)


@pytest.mark.parametrize("kind", ["hes", "power_panel", "virtual"])
def test_sites_without_stamps_use_the_fixed_cadence(kind: str) -> None:
    """HES, power panel and standalone inverter sites are polled every 300 s."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    polls = run(scheduler, clock, {"x": untimed_site(kind)}, 3600)
    assert gaps(polls) == [45.0] + [300.0] * (len(polls) - 2)
    assert scheduler.stats["untimed_sites"] == 1
    assert scheduler.stats["sites"] == {}


def test_invalid_stamp_counts_as_untimed_and_max_interval_caps_it() -> None:
    """A 1970 stamp is no usable stamp; a shorter update interval caps the type's cadence."""
    site = FakeSite(300, ("A17C1",)).cache(START)
    site["solarbank_info"]["updated_time"] = "1970-01-01 00:00:00"
    clock = FakeClock()
    polls = run(PollScheduler(clock, max_interval=120), clock, {"s1": site}, 1800)
    assert gaps(polls) == [45.0] + [120.0] * (len(polls) - 2)


def test_stats_are_json_serialisable() -> None:
    """Polls, polls with new data and the per-site cadence survive a JSON round trip."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    run(scheduler, clock, {"s1": FakeSite(60), "hes": untimed_site("hes")}, 900)
    stats = json.loads(json.dumps(scheduler.stats))
    assert stats["polls"] == 15
    assert stats["polls_with_new_data"] == 15
    assert stats["untimed"]["hes"]["cadence"] == 300
    assert stats["sites"]["s1"]["cadence"] == 60
