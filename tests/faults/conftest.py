"""Fixtures of the fault matrix: simulators started one after the other in one test.

A matrix cell compares a faulted run with a clean run of the same scenario at the same clock
times, so a test needs two simulators in sequence (the clean run is cached per scenario).
`clouds.start(scenario)` serves a fresh simulator; the integration's sessions always use the
clock of the simulator started last.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any
from unittest.mock import patch

import pytest

from custom_components.anker_solix import session_factory
from custom_components.anker_solix.solixapi import SolixSession
from tests.integration.conftest import SimCloud, start_simulator


@dataclass
class Clouds:
    """Starts simulators on loopback; the newest one serves the integration."""

    stack: AsyncExitStack
    current: SimCloud | None = None
    started: list[SimCloud] = field(default_factory=list)

    async def start(self, scenario: str) -> SimCloud:
        """Serve a fresh simulator of ``scenario`` at its base time (tick 0)."""
        sim = start_simulator(scenario)
        url = await self.stack.enter_async_context(sim.serve())
        self.current = SimCloud(scenario, sim, url)
        self.started.append(self.current)
        return self.current


@pytest.fixture
async def clouds(socket_enabled: None) -> AsyncIterator[Clouds]:
    """Simulators on 127.0.0.1, started on demand; client sessions run on the newest clock."""
    original = session_factory.SolixSession
    async with AsyncExitStack() as stack:
        holder = Clouds(stack)

        def simulated_session(*args: Any, **kwargs: Any) -> SolixSession:
            cloud = holder.current
            assert cloud is not None, "start a simulator first"
            session = original(
                *args,
                **{**kwargs, "utc_offset_seconds": cloud.sim.store.meta.utc_offset_minutes * 60},
                clock=cloud.sim.clock.now,
                sleep=cloud.sim.clock.sleep,
            )
            cloud.sessions.append(session)
            return session

        stack.enter_context(patch.object(session_factory, "SolixSession", simulated_session))
        yield holder
