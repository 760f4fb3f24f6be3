"""Live data slows the coordinator's scene polls of its system (polite polling, part 2)."""

from __future__ import annotations

from itertools import pairwise

from homeassistant.core import HomeAssistant

from tests.integration.conftest import SimCloud
from tests.mqtt_ha.conftest import link, wait_for
from tests.mqtt_ha.test_live_data import SB3, connected_entry

SCENE = "power_service/v1/site/get_scen_info"


async def test_live_data_reads_the_scene_every_15_minutes(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """While the Solarbank 3 sends live data, polls over 40 minutes read its scene at most every
    15 minutes (its cloud cadence is 5 minutes); details and energy polls leave it out."""
    entry = await connected_entry(hass, live_cloud)
    coordinator = entry.runtime_data.coordinator
    live = link(entry)
    await coordinator.async_refresh()
    scene_times = [r.ts for r in live_cloud.sim.recorder.records if r.path == SCENE]
    start = live_cloud.clock.now()
    polls = 0
    while live_cloud.clock.now() - start < 2400:
        assert coordinator.update_interval is not None
        last = live.last_message(SB3) or 0.0
        live_cloud.clock.advance(coordinator.update_interval.total_seconds())

        def newer(last: float = last) -> bool:
            return (live.last_message(SB3) or 0.0) > last

        await wait_for(hass, newer, "a newer message")
        await coordinator.async_refresh()
        polls += 1
    later = [r.ts for r in live_cloud.sim.recorder.records if r.path == SCENE][len(scene_times) :]
    assert polls >= 4
    assert len(later) <= 3
    reads = [scene_times[-1], *later]
    assert all(b - a >= 900 - 30 for a, b in pairwise(reads))
