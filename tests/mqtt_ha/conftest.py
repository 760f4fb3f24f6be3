"""Fixtures of the live-data (MQTT) tests: the simulator with its TLS broker, a loaded entry.

`live_cloud` serves the scenario of the `scenario` fixture like `tests.integration`'s `cloud`,
but with the simulator's MQTT broker and device publishers running (`mqtt=True`). The
integration's client sessions share the simulator's manual clock; the MQTT session reads that
clock too, so advancing it makes devices publish (their cadence) and status requests fall due.
`wait_for(hass, condition)` lets the real broker deliver: it yields to the event loop until the
condition holds (a bound on the number of looks guards against hanging, no timing is asserted).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix import mqtt_link, session_factory
from custom_components.anker_solix.mqtt_link import MqttLink, link_of
from custom_components.anker_solix.solixapi import MqttSession, SolixSession
from solixsim import CloudSimulator, SimClock
from tests.conftest import SCENARIOS
from tests.integration.conftest import PLACEHOLDER_START, SimCloud

LOOK_INTERVAL = 0.05
"""Real seconds between two looks at a condition."""
MAX_LOOKS = 600
"""Looks before a condition counts as never met (about 30 s of real time)."""


@pytest.fixture
def scenario() -> str:
    """A single Solarbank 3 (mapped model, owned)."""
    return "sb3_shelly_dynamic"


@asynccontextmanager
async def serve_live_cloud(scenario: str, folder: Path) -> AsyncIterator[SimCloud]:
    """The scenario ``folder`` served with its MQTT broker on 127.0.0.1, on a manual clock at the
    base time; our sessions made meanwhile run on that clock (named ``scenario``)."""
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(PLACEHOLDER_START), mqtt=True)
    sim.clock.set(sim.times.base(""))
    original = session_factory.SolixSession
    async with AsyncExitStack() as stack:
        url = await stack.enter_async_context(sim.serve())
        cloud = SimCloud(scenario, sim, url)

        def simulated_session(*args: Any, **kwargs: Any) -> SolixSession:
            session = original(
                *args,
                **{**kwargs, "utc_offset_seconds": sim.store.meta.utc_offset_minutes * 60},
                clock=sim.clock.now,
                sleep=sim.clock.sleep,
            )
            cloud.sessions.append(session)
            return session

        stack.enter_context(patch.object(session_factory, "SolixSession", simulated_session))
        yield cloud


@pytest.fixture
async def live_cloud(scenario: str, socket_enabled: None) -> AsyncIterator[SimCloud]:
    """The simulator with its MQTT broker on 127.0.0.1, on a manual clock at the base time."""
    async with serve_live_cloud(scenario, SCENARIOS / scenario) as cloud:
        yield cloud


@pytest.fixture
def clock_sleep(live_cloud: SimCloud) -> Iterator[list[float]]:
    """The live-data session waits on the simulator's clock (recorded, advanced)."""
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        live_cloud.sim.clock.advance(seconds)
        await asyncio.sleep(0.01)

    with patch.object(mqtt_link, "MqttSession", functools.partial(MqttSession, sleep=sleep)):
        yield delays


def sent_to(cloud: SimCloud, sn: str) -> int:
    """Commands (settings, power, status requests) the simulator's broker delivered to `sn`."""
    return int(cloud.sim.mqtt.stats.commands.get(sn, {}).get("messages", 0))


async def wait_for(hass: HomeAssistant, condition: Callable[[], bool], what: str) -> None:
    """Yield to the loop (broker, session, debounce) until `condition()` holds."""
    for _ in range(MAX_LOOKS):
        await hass.async_block_till_done()
        if condition():
            return
        await asyncio.sleep(LOOK_INTERVAL)
    raise AssertionError(f"never happened: {what}")


def link(entry: Any) -> MqttLink:
    """The entry's live-data link."""
    found = link_of(entry.runtime_data.coordinator)
    assert found is not None
    return found


def entity_id(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    """The entity id of one of our entities by its unique id."""
    found = er.async_get(hass).async_get_entity_id(platform, "anker_solix", unique_id)
    assert found is not None, unique_id
    return found
