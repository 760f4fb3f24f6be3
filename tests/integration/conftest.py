"""Fixtures of the integration tests: the cloud simulator on loopback and a loaded entry.

`cloud` serves the scenario named by the `scenario` fixture (override it with
`@pytest.mark.parametrize("scenario", [...])`) on a manual clock standing at the scenario's base
time (tick 0: every value is the scenario file's value). The integration's sessions share that
clock, so a test moves the simulator and the client together (`cloud.clock.advance(...)`).
`setup_entry(hass, cloud)` adds and loads a config entry that points at the simulator; with
`complete=True` it then runs the poll the scheduler defers the energy tier to, at the same clock
time (so the entry holds every tier at tick 0).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix import session_factory
from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DEFAULT_OPTIONS,
    DOMAIN,
    OPT_MQTT,
)
from custom_components.anker_solix.solixapi import SolixSession
from solixsim import CloudSimulator, SimClock
from tests.conftest import SCENARIOS

DEFAULT_SCENARIO = "sb2_plus_plugs"
PLACEHOLDER_START = 1749038400.0
"""Clock start before the scenario's own base time is known (2025-06-04 12:00 UTC)."""


@dataclass
class SimCloud:
    """A running simulator of one scenario; attributes of the simulator are reachable directly."""

    scenario: str
    sim: CloudSimulator
    url: str
    sessions: list[SolixSession] = field(default_factory=list)
    """Every client session the integration created (flow checks and entries)."""

    @property
    def account(self) -> dict[str, Any]:
        """E-mail, password, country, user id and nickname of the scenario account."""
        meta = self.sim.store.meta
        return {
            "email": meta.email,
            "password": meta.password,
            "country": meta.country,
            "user_id": meta.user_id,
            "nick_name": meta.nick_name,
        }

    def entry_data(self, **overrides: Any) -> dict[str, Any]:
        """Config entry data of the scenario account pointing at this simulator."""
        account = self.account
        data = {
            CONF_EMAIL: account["email"],
            CONF_PASSWORD: account["password"],
            CONF_COUNTRY: account["country"],
            CONF_ACCEPT_TERMS: True,
            CONF_SERVER_URL: self.url,
            CONF_SERVER_PUBLIC_KEY: self.sim.public_key_hex,
        }
        data.update(overrides)
        return data

    def paths(self) -> list[str]:
        """The paths of all requests the simulator answered, in order."""
        return [record.path for record in self.sim.recorder.records]

    def __getattr__(self, name: str) -> Any:
        """`cloud.faults`, `cloud.clock`, `cloud.recorder`, … of the simulator."""
        return getattr(self.sim, name)


def start_simulator(scenario: str) -> CloudSimulator:
    """The scenario's simulator on a manual clock at its base time (tick 0)."""
    sim = CloudSimulator.from_scenario(
        SCENARIOS / scenario, clock=SimClock.manual(PLACEHOLDER_START)
    )
    sim.clock.set(sim.times.base(""))
    return sim


@pytest.fixture
def scenario() -> str:
    """The scenario `cloud` serves (parametrize this fixture to choose another)."""
    return DEFAULT_SCENARIO


@pytest.fixture
async def cloud(scenario: str, socket_enabled: None) -> AsyncIterator[SimCloud]:
    """The simulator on 127.0.0.1; client sessions of the integration run on its clock."""
    sim = start_simulator(scenario)
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


async def setup_entry(
    hass: HomeAssistant,
    cloud: SimCloud,
    *,
    options: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    expect_loaded: bool = True,
    complete: bool = False,
) -> MockConfigEntry:
    """Add a config entry of the scenario account on the simulator and set it up.

    With ``complete`` a loaded entry also runs its next poll (the deferred energy tier) at once.
    Live data (MQTT) is on only when the simulator runs its broker (``mqtt=True``), so the
    HTTP-only tests see exactly the requests of polling.
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=cloud.account["email"],
        unique_id=cloud.account["user_id"],
        data=cloud.entry_data(**(data or {})),
        options={**DEFAULT_OPTIONS, OPT_MQTT: cloud.sim.mqtt.enabled, **(options or {})},
    )
    entry.add_to_hass(hass)
    loaded = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert loaded is expect_loaded
    if loaded and complete:
        await entry.runtime_data.coordinator.async_refresh()
        await hass.async_block_till_done()
    return entry


@functools.cache
def scenario_names() -> list[str]:
    """All scenario folders."""
    return sorted(path.name for path in SCENARIOS.iterdir() if path.is_dir())
