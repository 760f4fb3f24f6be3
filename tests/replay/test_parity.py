"""Every scenario replays to the entity states the simulator shows at the base time."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from custom_components.anker_solix import DOMAIN_STATE
from custom_components.anker_solix.const import OPT_MQTT
from tests.conftest import SCENARIOS
from tests.integration.conftest import SimCloud, cloud, scenario_names, setup_entry
from tests.replay.conftest import NO_PACING, SENSOR_PLATFORMS, SetupReplay, entity_states

__all__ = ["cloud"]


@pytest.mark.parametrize("scenario", scenario_names())
async def test_replay_shows_the_simulator_states(
    hass: HomeAssistant,
    cloud: SimCloud,
    freezer: FrozenDateTimeFactory,
    setup_replay: SetupReplay,
    scenario: str,
) -> None:
    """Sensors and binary sensors of a replay equal those of the simulator at tick 0."""
    freezer.move_to(datetime.fromtimestamp(cloud.clock.now(), UTC))
    cloud.limiter.limit = 0  # the clock stands still: no waits, so no server-side window either
    with patch("custom_components.anker_solix.PLATFORMS", SENSOR_PLATFORMS):
        simulated = await setup_entry(hass, cloud, options=NO_PACING, complete=True)
    expected = entity_states(hass)
    assert expected
    # A replay sends nothing to the cloud, so it has no counter of cloud requests.
    counters = {entity_id for entity_id in expected if entity_id.endswith("_requests_last_hour")}
    assert len(counters) == 1
    expected = {key: value for key, value in expected.items() if key not in counters}
    await hass.config_entries.async_remove(simulated.entry_id)
    await hass.async_block_till_done()
    assert entity_states(hass) == {}
    # Home Assistant's clock stands still: forget the first entry's start slot (1 s spacing).
    hass.data[DOMAIN_STATE].last_start = None

    # The simulator runs without its broker here: the replay's MQTT captures stay off too.
    replayed = await setup_replay(
        SCENARIOS / scenario,
        options={OPT_MQTT: False},
        title=simulated.title,
        unique_id=simulated.unique_id,
    )
    assert replayed.runtime_data.coordinator.last_update_success
    assert entity_states(hass) == expected
