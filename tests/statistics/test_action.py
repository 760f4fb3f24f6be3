"""The ``anker_solix.import_history`` action: refusals change nothing; a range is imported."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.recorder import get_instance

from custom_components.anker_solix.const import DOMAIN, OPT_HISTORY_DAYS
from custom_components.anker_solix.statistics import HISTORY_JOBS
from custom_components.anker_solix.statistics.fetch import HistoryReader
from custom_components.anker_solix.statistics.series import statistic_id
from tests.integration.conftest import SimCloud, setup_entry

from .conftest import ZONE

BERLIN = ZoneInfo(ZONE)


async def _call(
    hass: HomeAssistant, entry_id: str, start: date, end: date, **extra: object
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "import_history",
        {"config_entry_id": entry_id, "start_date": f"{start}", "end_date": f"{end}", **extra},
        blocking=True,
    )


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (-3, -5, "history_range_reversed"),
        (-2, 0, "history_range_future"),
        (-800, -1, "history_range_too_long"),
    ],
)
async def test_bad_ranges_are_refused(
    history_hass: HomeAssistant, history_cloud: SimCloud, start: int, end: int, reason: str
) -> None:
    """A reversed, future or too long range is refused (translated) and queues nothing."""
    hass = history_hass
    entry = await setup_entry(hass, history_cloud, options={OPT_HISTORY_DAYS: 0})
    job = hass.data[HISTORY_JOBS][entry.entry_id]
    today = job.now().date()
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, entry.entry_id, today + timedelta(start), today + timedelta(end))
    assert err.value.translation_key == reason
    assert job.progress.backfill is None
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "not-an-entry", today - timedelta(3), today - timedelta(2))
    assert err.value.translation_key == "history_entry_not_loaded"


async def test_a_range_is_imported_and_a_second_call_waits(
    history_hass: HomeAssistant, history_cloud: SimCloud
) -> None:
    """The requested days land in the statistics; while they run, another call is refused."""
    hass, cloud = history_hass, history_cloud
    entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: 0})
    job = hass.data[HISTORY_JOBS][entry.entry_id]
    today = job.now().date()
    first, last = today - timedelta(days=12), today - timedelta(days=8)
    original = HistoryReader.read
    release = asyncio.Event()

    async def read(self: HistoryReader, days: list[date]) -> Any:
        await release.wait()
        return await original(self, days)

    with patch.object(HistoryReader, "read", read):
        await _call(hass, entry.entry_id, first, last)
        assert job.busy
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, entry.entry_id, first, last)
        assert err.value.translation_key == "history_import_running"
        release.set()
        await hass.async_block_till_done(wait_background_tasks=True)
    assert not job.busy

    site_id = next(iter(job.sites()))
    sid = statistic_id(site_id, "solar_production")
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        datetime.combine(first, time(), BERLIN),
        datetime.combine(last + timedelta(days=1), time(), BERLIN),
        {sid},
        "day",
        None,
        {"change"},
    )
    changes = {
        datetime.fromtimestamp(row["start"], BERLIN).date(): row["change"] for row in rows[sid]
    }
    assert sorted(changes) == [first + timedelta(days=n) for n in range(5)]
    for day, change in changes.items():
        assert change == pytest.approx(
            cloud.sim.energy.day(site_id, day)["solar_production"], abs=0.01
        )
