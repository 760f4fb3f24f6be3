"""Fixtures of the replay tests: replay entries set up at a scenario's base time."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import (
    CONF_MODE,
    CONF_REPLAY_FOLDER,
    DEFAULT_OPTIONS,
    DOMAIN,
    MODE_REPLAY,
)
from custom_components.anker_solix.solixapi.replay import ReplaySession

SENSOR_PLATFORMS = [Platform.BINARY_SENSOR, Platform.SENSOR]
NO_PACING = {"request_delay": 0, "endpoint_limit": 0}
"""Options that keep the simulator's clock still during a poll (no waits between requests)."""

type SetupReplay = Callable[..., Coroutine[Any, Any, MockConfigEntry]]


def base_time(folder: Path) -> float:
    """The export moment of a folder as a replay session sees it."""
    base = ReplaySession(folder).base_time
    assert base is not None
    return base


@pytest.fixture
def setup_replay(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> SetupReplay:
    """Add a replay entry of ``folder`` at its base time, sensors only, every tier polled
    (``options`` are laid over the defaults)."""

    async def setup(
        folder: Path, *, options: dict[str, Any] | None = None, **entry_args: Any
    ) -> MockConfigEntry:
        freezer.move_to(datetime.fromtimestamp(base_time(folder), UTC))
        entry = MockConfigEntry(
            domain=DOMAIN,
            data={CONF_MODE: MODE_REPLAY, CONF_REPLAY_FOLDER: str(folder)},
            options={**DEFAULT_OPTIONS, **NO_PACING, **(options or {})},
            **entry_args,
        )
        entry.add_to_hass(hass)
        with patch("custom_components.anker_solix.PLATFORMS", SENSOR_PLATFORMS):
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            await entry.runtime_data.coordinator.async_refresh()
            await hass.async_block_till_done()
        return entry

    return setup


def entity_states(hass: HomeAssistant) -> dict[str, tuple[str, dict[str, Any]]]:
    """State and attributes of every sensor and binary sensor."""
    return {
        state.entity_id: (state.state, dict(state.attributes))
        for domain in ("sensor", "binary_sensor")
        for state in hass.states.async_all(domain)
    }
