"""A standalone inverter's history: its daily solar energy from ``statisticsPv`` week queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.anker_solix.const import OPT_HISTORY_DAYS
from custom_components.anker_solix.statistics import HISTORY_JOBS
from custom_components.anker_solix.statistics.series import statistic_id
from solixsim.energy.inverter import served_day
from tests.integration.conftest import SimCloud, setup_entry

from .test_history import _daily_changes

DAYS = 30
PV_STATISTICS = "charging_pv_svc/statisticsPv"


async def test_inverter_history_matches_the_cloud(
    history_hass: HomeAssistant, inverter_cloud: SimCloud, hass_ws_client: WebSocketGenerator
) -> None:
    """30 days in five week queries; every day's sum equals the simulator's value."""
    hass, cloud = history_hass, inverter_cloud
    entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: DAYS})
    await hass.async_block_till_done(wait_background_tasks=True)
    job = hass.data[HISTORY_JOBS][entry.entry_id]
    (site_id, site), *_ = job.sites().items()
    assert site["site_type"] == "virtual"
    serial = site_id.removeprefix("virtual-")
    today = job.now().date()
    first, last = today - timedelta(days=DAYS), today - timedelta(days=1)
    sid = statistic_id(site_id, "solar_production")
    changes = (await _daily_changes(hass, hass_ws_client, [sid], first, last))[sid]
    day = first
    while day <= last:
        expected = served_day(cloud.sim.energy, serial, day)
        assert expected > 0
        assert changes[day] == pytest.approx(expected, abs=0.01), day
        day += timedelta(days=1)
    runs = [
        (first + timedelta(days=7 * n), min(first + timedelta(days=7 * n + 6), last))
        for n in range(5)
    ]
    asked = {
        (record.body.get("start"), record.body.get("end"))
        for record in cloud.sim.recorder.records
        if record.path == PV_STATISTICS and isinstance(record.body, dict)
    }
    assert {(f"{start}", f"{end}") for start, end in runs} <= asked
    backfill = job.progress.backfill
    assert backfill is not None
    assert backfill.state == "done"
    assert backfill.requests == 5  # 30 days in runs of at most 7
