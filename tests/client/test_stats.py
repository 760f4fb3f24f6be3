"""Request accounting per endpoint and per hour, and the sliding request counts."""

from __future__ import annotations

import json

from custom_components.anker_solix.solixapi.cloud import RequestStats

from .fakes import FakeClock

LOGIN = "passport/login"
SITES = "power_service/v1/site/get_site_list"


def test_counts_per_endpoint_and_totals() -> None:
    """Requests, bytes and errors add up per endpoint and in the total."""
    clock = FakeClock(7200.0)
    stats = RequestStats(clock)
    stats.record(LOGIN, 300, 900)
    stats.record(SITES, 2, 500)
    stats.record(SITES, 2, 40, error=True)
    assert stats.endpoints[LOGIN].requests == 1
    assert stats.endpoints[SITES].requests == 2
    assert stats.endpoints[SITES].bytes_sent == 4
    assert stats.endpoints[SITES].bytes_received == 540
    assert stats.endpoints[SITES].errors == 1
    assert (stats.total.requests, stats.total.bytes_sent, stats.total.bytes_received) == (
        3,
        304,
        1440,
    )


def test_hour_buckets_start_at_the_full_hour() -> None:
    """Each exchange lands in the bucket of its clock hour."""
    clock = FakeClock(7200.0 + 3599.0)
    stats = RequestStats(clock)
    stats.record(SITES, 2, 100)
    clock.advance(2.0)
    stats.record(SITES, 2, 100)
    stats.record(SITES, 2, 100)
    assert {hour: count.requests for hour, count in stats.hours.items()} == {7200: 1, 10800: 2}
    assert stats.hours[10800].bytes_received == 200


def test_last_minute_and_last_hour_slide_with_the_clock() -> None:
    """The minute count uses the 62 s window, the hour count 3600 s."""
    clock = FakeClock(1_000_000.0)
    stats = RequestStats(clock)
    for _ in range(3):
        stats.record(SITES, 2, 10)
        clock.advance(30.0)
    # requests at t0, t0+30, t0+60; now t0+90
    assert stats.requests_last_minute() == 2
    assert stats.requests_last_hour() == 3
    clock.advance(3600.0 - 90.0 + 1.0)
    assert stats.requests_last_minute() == 0
    assert stats.requests_last_hour() == 2


def test_old_hour_buckets_are_dropped() -> None:
    """Buckets older than two days disappear."""
    clock = FakeClock(0.0)
    stats = RequestStats(clock)
    stats.record(SITES, 1, 1)
    clock.advance(49 * 3600.0)
    stats.record(SITES, 1, 1)
    assert list(stats.hours) == [49 * 3600]
    assert stats.endpoints[SITES].requests == 2


def test_as_dict_is_json_serialisable() -> None:
    """The summary survives a JSON round trip with all counters."""
    clock = FakeClock(3600.0)
    stats = RequestStats(clock)
    stats.record(SITES, 2, 100, error=True)
    summary = json.loads(json.dumps(stats.as_dict()))
    assert summary["total"] == {"requests": 1, "bytes_sent": 2, "bytes_received": 100, "errors": 1}
    assert summary["endpoints"][SITES]["errors"] == 1
    assert summary["hours"]["3600"]["requests"] == 1
    assert summary["requests_last_minute"] == 1
    assert summary["requests_last_hour"] == 1
