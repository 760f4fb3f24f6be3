"""Fixtures of the simulator tests: a synthetic scenario served on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from solixsim import CloudSimulator, SimClock
from tests.sim.helpers import BASE_TS, SimClient, build_scenario

ClientFactory = Callable[..., Awaitable[SimClient]]


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """An owner scenario folder."""
    return build_scenario(tmp_path / "owner_scenario")


@pytest.fixture
async def make_client(tmp_path: Path, socket_enabled: None) -> AsyncIterator[ClientFactory]:
    """Factory: serve a (new or given) scenario with a manual clock at the scene base time.

    Loopback sockets are enabled for these tests (the Home Assistant harness blocks sockets).
    """
    async with AsyncExitStack() as stack:
        counter = 0

        async def factory(
            folder: Path | None = None, *, rate_limit: int = 12, **scenario_args: Any
        ) -> SimClient:
            nonlocal counter
            counter += 1
            if folder is None:
                folder = build_scenario(tmp_path / f"scenario{counter}", **scenario_args)
            sim = CloudSimulator.from_scenario(
                folder, clock=SimClock.manual(BASE_TS), rate_limit=rate_limit
            )
            url = await stack.enter_async_context(sim.serve())
            session = await stack.enter_async_context(aiohttp.ClientSession())
            return SimClient(sim, url, session)

        yield factory


@pytest.fixture
async def client(make_client: ClientFactory) -> SimClient:
    """A served owner scenario, not yet logged in."""
    return await make_client()


@pytest.fixture
async def logged_in(client: SimClient) -> SimClient:
    """A served owner scenario with a logged-in client."""
    answer = await client.login()
    assert answer.json["code"] == 0
    return client
