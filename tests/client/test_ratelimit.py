"""Proactive limiter: per-endpoint sliding window of 62 s plus the minimum request spacing."""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest

from custom_components.anker_solix.solixapi.cloud import RateLimiter

from .fakes import START_TS, FakeClock, VirtualClock, max_in_window

ENERGY = "power_service/v1/site/energy_analysis"
SCENE = "power_service/v1/site/get_scen_info"


def make_limiter(clock: FakeClock, delay: float = 0.3, limit: int = 10) -> RateLimiter:
    """A limiter on the fake clock."""
    return RateLimiter(clock, clock.sleep, request_delay=delay, endpoint_limit=limit)


async def test_no_window_holds_more_than_the_limit() -> None:
    """25 requests to one endpoint: the 11th waits until the 1st left the 62 s window."""
    clock = FakeClock()
    limiter = make_limiter(clock)
    sent = []
    for _ in range(25):
        await limiter.acquire(ENERGY)
        sent.append(clock())
    assert max_in_window(sent, 62.0) == 10
    assert sent[10] - sent[0] == pytest.approx(62.0, abs=0.01)
    assert sent[20] - sent[10] == pytest.approx(62.0, abs=0.01)
    spacing = [later - earlier for earlier, later in pairwise(sent)]
    assert min(spacing) >= 0.3 - 1e-6


async def test_spacing_applies_across_endpoints_and_limit_only_per_endpoint() -> None:
    """Alternating endpoints only wait for the spacing until each reaches its own limit."""
    clock = FakeClock()
    limiter = make_limiter(clock, delay=1.0, limit=3)
    for index in range(6):
        await limiter.acquire(ENERGY if index % 2 else SCENE)
    assert clock() - START_TS == pytest.approx(5.0)
    await limiter.acquire(SCENE)  # 4th of SCENE: waits until its first (t=0) left the window
    assert clock() - START_TS == pytest.approx(62.0)


async def test_zero_limit_disables_the_window() -> None:
    """With endpoint_limit 0 only the spacing is enforced."""
    clock = FakeClock()
    limiter = make_limiter(clock, delay=0.3, limit=0)
    for _ in range(25):
        await limiter.acquire(ENERGY)
    assert clock() - START_TS == pytest.approx(24 * 0.3)


async def test_first_request_does_not_wait() -> None:
    """Nothing sent before: no sleep at all."""
    clock = FakeClock()
    waited = await make_limiter(clock).acquire(ENERGY)
    assert waited == 0
    assert clock.sleeps == []


async def test_concurrent_callers_are_served_in_arrival_order() -> None:
    """Tasks queue on the lock: order kept, no window overrun, spacing kept."""
    clock = FakeClock()
    limiter = make_limiter(clock, delay=0.5, limit=4)
    served: list[tuple[int, float]] = []

    async def call(index: int) -> None:
        await limiter.acquire(ENERGY)
        served.append((index, clock()))

    await asyncio.gather(*(call(index) for index in range(12)))
    assert [index for index, _ in served] == list(range(12))
    times = [ts for _, ts in served]
    assert max_in_window(times, 62.0) == 4
    assert all(later - earlier >= 0.5 - 1e-6 for earlier, later in pairwise(times))


async def test_configure_changes_limits_for_later_requests() -> None:
    """A lowered limit counts the requests already in the window."""
    clock = FakeClock()
    limiter = make_limiter(clock, delay=0.0, limit=10)
    for _ in range(5):
        await limiter.acquire(ENERGY)
    limiter.configure(request_delay=0.0, endpoint_limit=2)
    assert limiter.in_window(ENERGY) == 5
    await limiter.acquire(ENERGY)
    assert clock() - START_TS == pytest.approx(62.0)
    with pytest.raises(ValueError, match="negative"):
        limiter.configure(request_delay=-1.0, endpoint_limit=2)


async def test_time_until_slot_frees() -> None:
    """After a 429 the wait is until the oldest request of the endpoint leaves the window."""
    clock = FakeClock()
    limiter = make_limiter(clock, delay=0.0)
    assert limiter.time_until_slot_frees(ENERGY) == 0
    await limiter.acquire(ENERGY)
    clock.advance(20.0)
    await limiter.acquire(ENERGY)
    assert limiter.time_until_slot_frees(ENERGY) == pytest.approx(42.0)
    assert limiter.time_until_slot_frees(SCENE) == 0
    clock.advance(50.0)
    assert limiter.in_window(ENERGY) == 1


async def test_waiting_endpoint_does_not_block_other_endpoints() -> None:
    """12 calls to A and 3 to B at once, limit 10: B is served before A's 11th call.

    Expected by hand (spacing 0.3 s): A0 at 0, then B queues behind A1 only, so the first 13
    requests alternate A/B every 0.3 s and end at 3.6 s; A10 and A11 wait for the window of A0
    and A1 (62.0 s and 62.3 s after their sends).
    """
    clock = VirtualClock()
    limiter = make_limiter(clock, delay=0.3, limit=10)
    served: list[tuple[str, float]] = []

    async def call(name: str) -> None:
        await limiter.acquire(ENERGY if name.startswith("A") else SCENE)
        served.append((name, clock() - START_TS))

    names = [f"A{index}" for index in range(12)] + [f"B{index}" for index in range(3)]
    await clock.run(*(call(name) for name in names))
    order = [name for name, _ in served]
    at = dict(served)
    assert [name for name in order if name.startswith("A")] == names[:12]  # FIFO per endpoint
    assert [name for name in order if name.startswith("B")] == names[12:]
    assert max(at[f"B{index}"] for index in range(3)) < at["A10"]
    assert order.index("B2") < order.index("A10")
    assert max(at[name] for name in order[:13]) == pytest.approx(3.6)
    a_times = [at[name] for name in names[:12]]
    assert max_in_window(a_times, 62.0) == 10
    assert at["A10"] == pytest.approx(at["A0"] + 62.0)
    assert at["A11"] == pytest.approx(at["A1"] + 62.0)
    times = sorted(ts for _, ts in served)
    assert all(later - earlier >= 0.3 - 1e-6 for earlier, later in pairwise(times))
