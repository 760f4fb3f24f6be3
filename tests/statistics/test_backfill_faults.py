"""The history import under every error kind of the energy queries, with a real recorder.

The backfill reads `energy_analysis` (range and per-day queries). Each error kind of the fault
matrix (envelope codes, HTTP 500 and 429, a timeout, a truncated or non-JSON body) and an answer
whose data is empty is armed on that endpoint before setup: the entry loads, nothing wrong is
imported (an answer without data is not a day of zeros), the import says it paused, and once
the endpoint answers again the next polls resume it; in the end every day equals the
simulator's daily values, each hour exists once and no hourly value is negative.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.anker_solix.const import OPT_HISTORY_DAYS, OPT_TIMEOUT
from custom_components.anker_solix.statistics.progress import DONE, PAUSED
from custom_components.anker_solix.statistics.series import SITE_SERIES, statistic_id
from tests.faults.matrix import HANG
from tests.integration.conftest import SimCloud, setup_entry

from .conftest import ZONE
from .recorder_query import daily_changes
from .test_statistics_faults import (
    FAULTS,
    PAUSED_LOG,
    history_job,
    import_sensor_state,
    settle,
)

BERLIN = ZoneInfo(ZONE)
ENERGY = "power_service/v1/site/energy_analysis"
DAYS = 8
TOLERANCE = 0.01
HUNG_TIMEOUT = HANG * 0.75
"""Seconds the client waits in the timeout case (less than the simulator's hang)."""
POLL_STEP = 600.0
"""Seconds between the polls that resume the import (the clock moves, the day does not)."""


@pytest.mark.parametrize("kind", sorted(FAULTS))
async def test_backfill_survives_every_error_kind(
    history_hass: HomeAssistant,
    history_cloud: SimCloud,
    hass_ws_client: WebSocketGenerator,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    """Faulted energy queries pause the import; it resumes and ends exact."""
    hass, cloud = history_hass, history_cloud
    cloud.sim.faults.add(ENERGY, count=10**6, **FAULTS[kind])
    # a hung answer is given up on before the simulator's hang ends; other kinds keep the
    # default timeout (a short one fails setup's other requests on a loaded machine)
    timeout = {OPT_TIMEOUT: HUNG_TIMEOUT} if kind == "timeout" else {}
    entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: DAYS, **timeout})
    await settle(hass)
    assert entry.state is ConfigEntryState.LOADED
    job = history_job(hass, entry.entry_id)
    backfill = job.progress.backfill
    assert backfill is not None
    assert backfill.state != DONE, "the import cannot be done while every query fails"
    site_id = next(iter(job.sites()))
    assert not job.progress.imported(site_id), "nothing is taken for imported from a failure"

    # While the endpoint keeps failing, polls go on; the import asks again only on its
    # back-off (15 min, then 30 min): two attempts in these 40 minutes, each stopping after one
    # failed range query per device type (each replayed at most once by the session). Without
    # the back-off every poll would start one more attempt.
    coordinator = entry.runtime_data.coordinator
    for _ in range(4):
        cloud.clock.advance(POLL_STEP)
        await coordinator.async_refresh()
        await settle(hass)
    assert coordinator.last_update_success
    assert backfill.state == PAUSED
    assert import_sensor_state(hass, entry.entry_id) == PAUSED
    paused = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and r.getMessage().startswith(PAUSED_LOG)
    ]
    assert len(paused) == 1, "one warning for the episode"
    ranges = [
        r.body
        for r in cloud.sim.recorder.records
        if r.path == ENERGY
        and isinstance(r.body, dict)
        and r.body.get("start_time") != r.body.get("end_time")
    ]
    types = {body.get("device_type") for body in ranges}
    assert types
    assert len(ranges) <= 2 * len(types) * 2, (len(ranges), sorted(types))

    # The endpoint answers again: the next polls resume the import.
    cloud.sim.faults.clear()
    for _ in range(8):  # past the import's first retry back-off (15 min)
        cloud.clock.advance(POLL_STEP)
        await coordinator.async_refresh()
        await settle(hass)
        if job.progress.backfill is not None and job.progress.backfill.state == DONE:
            break
    assert job.progress.backfill is not None
    assert job.progress.backfill.state == DONE
    assert import_sensor_state(hass, entry.entry_id) == DONE

    today = datetime.fromtimestamp(cloud.clock.now(), job.zone).date()
    first, last = today - timedelta(days=DAYS), today - timedelta(days=1)
    ids = {series.key: statistic_id(site_id, series.key) for series in SITE_SERIES}
    changes = await daily_changes(hass, hass_ws_client, list(ids.values()), first, last)
    mismatches = []
    day = first
    while day <= last:
        values = cloud.sim.energy.day(site_id, day)
        for key, sid in ids.items():
            got = changes.get(sid, {}).get(day, 0.0)
            if abs(got - float(values[key])) > TOLERANCE:
                mismatches.append((f"{day}", key, round(got, 3), values[key]))
        day += timedelta(days=1)
    assert not mismatches, mismatches[:10]
