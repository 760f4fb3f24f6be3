"""Issue 5's end-to-end promise: an export of a scenario, replayed in Home Assistant, shows the
same entity states as the scenario itself (ids mapped) and holds none of its identifiers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix import DOMAIN_STATE
from custom_components.anker_solix.const import DOMAIN
from solixsim.export_command import export_scenario
from tests.conftest import SCENARIOS
from tests.integration.conftest import SimCloud, cloud, scenario_names, setup_entry
from tests.replay.conftest import NO_PACING, SENSOR_PLATFORMS, SetupReplay
from tests.support.helpers import leaks, personal_values, remap

__all__ = ["cloud"]

UNSTABLE_ATTRIBUTES = frozenset({"friendly_name"})
"""Friendly names carry the system name, which the export replaces (`System N`)."""


def states_by_unique_id(hass: HomeAssistant) -> dict[str, tuple[str, dict[str, Any]]]:
    """State and attributes of every sensor and binary sensor, keyed by unique id."""
    registry = er.async_get(hass)
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for domain in ("sensor", "binary_sensor"):
        for state in hass.states.async_all(domain):
            entry = registry.async_get(state.entity_id)
            assert entry is not None
            assert entry.platform == DOMAIN
            attributes = {k: v for k, v in state.attributes.items() if k not in UNSTABLE_ATTRIBUTES}
            found[f"{domain}:{entry.unique_id}"] = (state.state, attributes)
    return found


@pytest.mark.parametrize("scenario", scenario_names())
async def test_an_export_replays_to_the_same_states(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    setup_replay: SetupReplay,
    scenario: str,
    tmp_path: Path,
) -> None:
    """Export at the base time, replay the export folder: same states, no source identifier."""
    start = cloud.clock.now()
    folder = tmp_path / "export"
    _, anonymizer = await export_scenario(SCENARIOS / scenario, folder, clock_ts=start, seed=3)
    assert leaks(folder, personal_values(scenario)) == []

    freezer.move_to(datetime.fromtimestamp(start, UTC))
    cloud.limiter.limit = 0  # the clock stands still: no waits, so no server-side window either
    with patch("custom_components.anker_solix.PLATFORMS", SENSOR_PLATFORMS):
        source = await setup_entry(hass, cloud, options=NO_PACING, complete=True)
    expected = remap(states_by_unique_id(hass), anonymizer)
    assert len(expected) > 5  # a standalone power station has 8 cloud entities
    # A replay sends nothing to the cloud, so it has no counter of cloud requests.
    counters = [key for key in expected if key.endswith("_requests_last_hour")]
    assert len(counters) == 1
    del expected[counters[0]]
    await hass.config_entries.async_remove(source.entry_id)
    await hass.async_block_till_done()
    hass.data[DOMAIN_STATE].last_start = None  # HA's clock stands still: forget the start slot

    await setup_replay(folder, title="export", unique_id=anonymizer.redact_text(source.unique_id))
    assert states_by_unique_id(hass) == expected
