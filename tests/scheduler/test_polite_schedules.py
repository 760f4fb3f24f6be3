"""Per-system live schedules and systems without a data time (polite polling, part 2)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.poll import PollScheduler

from .fakes import SITE_OFFSET, START, FakeClock, FakeSite

HOUR = 3600.0


def _drive(
    scheduler: PollScheduler, clock: FakeClock, sites: dict[str, Any], seconds: float
) -> list[tuple[float, set[str]]]:
    """Poll like the coordinator; a site left out (``plan.skip``) keeps its last cache.

    ``sites`` maps a site id to a callable ``now -> cache``. Returns (start, sites read) per poll.
    """
    caches: dict[str, dict[str, Any]] = {}
    polls: list[tuple[float, set[str]]] = []
    end = clock.now + seconds
    while clock.now < end:
        plan = scheduler.plan()
        read = {sid for sid in sites if sid not in plan.skip or sid not in caches}
        for sid in read:
            caches[sid] = sites[sid](clock.now)
        polls.append((clock.now, read))
        clock.now += scheduler.done(plan, dict(caches))
    return polls


def test_two_systems_91_s_apart_are_read_by_their_own_polls() -> None:
    """Two 300 s systems whose stamps are 91 s apart: each scene read brings new data.

    Before, both shared every poll, so half of the scene reads returned old data.
    """
    first = FakeSite(300, ("A17C1",), phase=17)
    second = FakeSite(300, ("A17C1",), phase=17 - 91)
    clock = FakeClock()
    sites = {"a": first.cache, "b": second.cache}
    polls = _drive(PollScheduler(clock), clock, sites, 2 * HOUR)
    last: dict[str, float] = {}
    reads = new = 0
    for start, read in polls:
        for sid in read:
            stamp = (first if sid == "a" else second).stamp_ts(start)
            if start - START > 600:  # after learning
                reads += 1
                new += int(last.get(sid) != stamp)
                assert 0 < start - stamp <= 35
            last[sid] = stamp
    assert reads > 0
    assert new == reads
    later = [read for start, read in polls if start - START > 600]
    assert all(len(read) == 1 for read in later)
    assert {"a"} in later
    assert {"b"} in later


def _untimed_cache(models: tuple[str, ...], cadence: float) -> Any:
    """A scene without a data time: the poller wrote the poll time in; values change on cadence."""

    def cache(now: float) -> dict[str, Any]:
        local = datetime.fromtimestamp(now + SITE_OFFSET, UTC).strftime("%Y-%m-%d %H:%M:%S")
        return {
            "site_type": "solarbank",
            "data_time_valid": False,
            "energy_offset_tz": SITE_OFFSET,
            "solarbank_info": {
                "updated_time": local,
                "total_battery_power": str(int((now - START) // cadence)),
                "solarbank_list": [{"device_pn": pn} for pn in models],
            },
        }

    return cache


@pytest.mark.parametrize(
    ("models", "cadence"), [(("A17C1",), 300.0), (("A17C3",), 300.0), (("A17C0",), 60.0)]
)
def test_site_without_data_time_is_read_on_its_type_cadence(
    models: tuple[str, ...], cadence: float
) -> None:
    """No learning from our own poll times: the type's cadence every hour, new data by content.

    Before, the written poll time looked like a fresh stamp: 35, 19, 14 polls in the first
    three hours of a 300 s system, each counted as new data.
    """
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    polls = _drive(scheduler, clock, {"s": _untimed_cache(models, cadence)}, 3 * HOUR)
    reads = [start for start, read in polls if read]
    per_hour = [sum(1 for t in reads if h * HOUR <= t - START < (h + 1) * HOUR) for h in range(3)]
    # the start-up energy poll (45 s, no system due) reads the 300 s system once more
    assert per_hour == [HOUR / cadence + (cadence > 60)] + [HOUR / cadence] * 2
    stats = scheduler.stats
    assert stats["sites"] == {}
    assert stats["untimed"]["s"]["cadence"] == cadence
    assert stats["untimed"]["s"]["polls"] == len(reads)
    # one read per content change after the first (the start-up read saw the same values)
    assert stats["untimed"]["s"]["polls_with_new_data"] == 3 * HOUR / cadence - 1


def test_site_without_data_time_and_unchanged_content_has_no_new_data() -> None:
    """A frozen timestamp-less scene counts no new data, though its written time moves."""
    clock = FakeClock()
    scheduler = PollScheduler(clock)
    frozen = _untimed_cache(("A17C1",), 10 * HOUR)
    _drive(scheduler, clock, {"s": frozen}, HOUR)
    stats = scheduler.stats
    assert stats["polls_with_new_data"] == 0
    assert stats["untimed"]["s"]["polls"] == 13  # 12 + the start-up energy poll
