"""Fixtures of the statistics tests: Home Assistant with a recorder, days in Europe/Berlin.

The recorder must exist before ``hass`` is set up: tests request ``recorder_mock`` (from
pytest-homeassistant-custom-component) as their first fixture, through ``history_hass``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant

from custom_components.anker_solix import session_factory
from custom_components.anker_solix.solixapi import SolixSession
from solixsim import CloudSimulator, SimClock
from tests.conftest import SCENARIOS
from tests.integration.conftest import PLACEHOLDER_START, SimCloud, cloud, scenario

__all__ = ["cloud", "scenario"]

ZONE = "Europe/Berlin"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Load custom_components/ with the recorder set up first (it must precede ``hass``)."""


@pytest.fixture
async def history_hass(recorder_mock: Recorder, hass: HomeAssistant) -> HomeAssistant:
    """Home Assistant with its recorder running, in the Energy dashboard's zone of the tests."""
    await hass.config.async_set_time_zone(ZONE)
    return hass


@pytest.fixture(autouse=True)
async def unload_before_the_recorder_closes(
    auto_enable_custom_integrations: None, hass: HomeAssistant
) -> AsyncIterator[None]:
    """At the end our entries are unloaded first (the history import's recorder reads end),
    then the harness stops Home Assistant and closes the recorder's database: the harness
    closes it without Home Assistant's stop sequence, under a read still running otherwise
    (a segmentation fault of the test worker)."""
    yield
    for entry in hass.config_entries.async_entries("anker_solix"):
        await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


HISTORY_SCENARIO = "sb2_plus_plugs"
"""Solarbank 2 with three smart plugs (per-plug energy); its base time is a week before the
clocks go forward in Europe/Berlin (2025-03-30)."""


@pytest.fixture
async def history_cloud(tmp_path: Path, socket_enabled: None) -> AsyncIterator[SimCloud]:
    """The scenario in Europe/Berlin (days of 23/25 hours) with 60 days of cloud history."""
    async with _history_cloud(tmp_path, HISTORY_SCENARIO) as cloud:
        yield cloud


INVERTER_SCENARIO = "mi80_standalone"
"""A standalone MI80 inverter (its own virtual system, ``statisticsPv``)."""


@pytest.fixture
async def inverter_cloud(tmp_path: Path, socket_enabled: None) -> AsyncIterator[SimCloud]:
    """The standalone inverter in Europe/Berlin with 60 days of cloud history."""
    async with _history_cloud(tmp_path, INVERTER_SCENARIO) as cloud:
        yield cloud


@pytest.fixture
async def statistics_cloud(
    request: pytest.FixtureRequest, tmp_path: Path, socket_enabled: None
) -> AsyncIterator[SimCloud]:
    """An X1 or Power Panel scenario (``request.param``) with 60 days of cloud history."""
    async with _history_cloud(tmp_path, str(request.param)) as cloud:
        yield cloud


@asynccontextmanager
async def _history_cloud(tmp_path: Path, name: str) -> AsyncIterator[SimCloud]:
    """A scenario copy in Europe/Berlin with 60 days of cloud history, served.

    Like ``tests.integration.conftest.cloud``: manual clock at the base time, the
    integration's sessions on the simulator's clock.
    """
    folder = tmp_path / name
    shutil.copytree(SCENARIOS / name, folder)
    meta_path = folder / "scenario.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"time_zone": ZONE, "history_days": 60})
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(PLACEHOLDER_START))
    sim.clock.set(sim.times.base(""))
    original = session_factory.SolixSession
    async with AsyncExitStack() as stack:
        url = await stack.enter_async_context(sim.serve())
        cloud = SimCloud(name, sim, url)

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
