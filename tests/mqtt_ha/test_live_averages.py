"""Power Panel / X1 with live data: no 5-minute averages are read while it arrives (issue 13).

The averages need full-day statistics answers for every sample (cloud protocol §7.6); the live
values (MQTT) give the same quantities. While the device sends them, the coordinator's polls read
no day statistics and the average entities show the live values; when the device goes silent
(simulator fault ``silent``), the averages are read again within one 5-minute slot.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from solixsim.routes.statistics import PREFIXES
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import entity_id, link, wait_for

MAIN = {"powerpanel": "A2CJCODQKLGX5YM4", "x1_hes": "VDSC09AV03KPXZWU"}
"""The main device of each scenario (the one whose averages are read)."""
SLOT = 300.0
STATUS = 60.0
LIVE_MINUTES = 40


def _day_queries(cloud: SimCloud) -> list[float]:
    """Clock times of the averages' day statistics requests so far."""
    return [
        r.ts
        for r in cloud.sim.recorder.records
        if r.path in PREFIXES and isinstance(r.body, dict) and r.body.get("dateType") == "day"
    ]


def _number(hass: HomeAssistant, entity: str) -> float | None:
    found = hass.states.get(entity)
    assert found is not None, entity
    try:
        return float(found.state)
    except ValueError:
        return None


async def _poll(hass: HomeAssistant, cloud: SimCloud, entry: Any, *, fresh: bool) -> None:
    """Move the clock to the coordinator's next poll and run it (after a newer message when
    the device still publishes)."""
    coordinator = entry.runtime_data.coordinator
    live = link(entry)
    sn = MAIN[cloud.scenario]
    assert coordinator.update_interval is not None
    last = live.last_message(sn) or 0.0
    wait = coordinator.update_interval.total_seconds()
    # a live device answers the status request sent every 60 s
    cloud.clock.advance(max(wait, STATUS + 1) if fresh else wait)
    if fresh:
        await wait_for(hass, lambda: (live.last_message(sn) or 0.0) > last, "a newer message")
    await coordinator.async_refresh()
    await hass.async_block_till_done()


@pytest.mark.parametrize("scenario", ["powerpanel", "x1_hes"])
async def test_live_data_stands_for_the_averages_until_the_device_goes_silent(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Live for 40 minutes: no day statistics, the average entities show the live values;
    silent: the averages are read again within one slot of the last message going stale."""
    entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    sn = MAIN[live_cloud.scenario]
    await wait_for(hass, lambda: live.connected, "the session connects")
    await wait_for(hass, lambda: live.last_message(sn) is not None, "a first message arrives")
    assert _day_queries(live_cloud), "the first poll reads the averages (no live data yet)"
    await _poll(hass, live_cloud, entry, fresh=True)
    before = len(_day_queries(live_cloud))
    start = live_cloud.clock.now()
    polls = 0
    while live_cloud.clock.now() - start < LIVE_MINUTES * 60:
        await _poll(hass, live_cloud, entry, fresh=True)
        polls += 1
    assert polls >= 3
    assert len(_day_queries(live_cloud)) == before

    solar = entity_id(hass, "sensor", f"{sn}_average_solar_power")
    soc = entity_id(hass, "sensor", f"{sn}_battery_soc")

    def shows_live() -> bool:
        """The entities show the newest live values (a message may still be on its way in)."""
        pv, level = live.value(sn, "pv_w"), live.value(sn, "soc_pct")
        return (
            pv is not None
            and level is not None
            and _number(hass, solar) == pytest.approx(float(pv))
            and _number(hass, soc) == pytest.approx(float(level))
        )

    await wait_for(hass, shows_live, "the average entities show the live values")

    live_cloud.sim.mqtt.add_fault("silent", sn=sn, count=None)
    silent_from = live.last_message(sn) or live_cloud.clock.now()
    while not [ts for ts in _day_queries(live_cloud) if ts > silent_from]:
        assert live_cloud.clock.now() - silent_from <= 3 * SLOT, "the averages never resumed"
        await _poll(hass, live_cloud, entry, fresh=False)
    resumed = min(ts for ts in _day_queries(live_cloud) if ts > silent_from)
    # stale 180 s after the last message, read at the next poll: within one slot of that
    assert resumed - silent_from <= 180 + SLOT
