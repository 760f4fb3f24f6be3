"""The session's UTC offset: configured value, host fallback, use for account-level times."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from custom_components.anker_solix.solixapi import SolixApi, SolixPoller, SolixSession

from .conftest import UTC_OFFSET, Cloud
from .fakes import START_TS


@pytest.fixture
def host_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Let a test set the host time zone (POSIX TZ string); restored afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


async def test_configured_offset_is_exposed_read_only() -> None:
    async with aiohttp.ClientSession() as websession:
        session = SolixSession(websession, "a@example.com", "pw", "DE", utc_offset_seconds=-18000)
        assert session.utc_offset_seconds == -18000
        with pytest.raises(AttributeError):
            session.utc_offset_seconds = 0  # type: ignore[misc]


async def test_without_configuration_the_host_zone_applies(
    host_zone: pytest.MonkeyPatch,
) -> None:
    host_zone.setenv("TZ", "XST-05:30")  # POSIX: 5 h 30 min east of UTC
    time.tzset()
    async with aiohttp.ClientSession() as websession:
        session = SolixSession(websession, "a@example.com", "pw", "DE", clock=lambda: START_TS)
        assert session.utc_offset_seconds == 19800


async def test_account_poll_times_use_the_configured_offset(
    cloud: Cloud, host_zone: pytest.MonkeyPatch
) -> None:
    host_zone.setenv("TZ", "UTC0")
    time.tzset()
    poller = SolixPoller(SolixApi(cloud.session()))
    await poller.update_sites()
    now = cloud.sim.clock.now()
    expected = datetime.fromtimestamp(now, UTC).replace(tzinfo=None) + timedelta(seconds=UTC_OFFSET)
    # e.g. 2025-06-15 17:06:4x for a clock at 15:06:4x UTC and an offset of +2 h
    assert poller.account["sites_poll_time"] == expected.strftime("%Y-%m-%d %H:%M:%S")
    assert poller.account["sites_poll_time"].startswith("2025-06-15 17:")
