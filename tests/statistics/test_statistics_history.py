"""X1 and Power Panel history: daily values from the energy statistics' week queries (§7.5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.anker_solix.const import OPT_HISTORY_DAYS
from custom_components.anker_solix.statistics import HISTORY_JOBS
from custom_components.anker_solix.statistics.series import statistic_id
from solixsim.energy.statistics_history import (
    SOURCES,
    exported_days,
    source_value,
    statistics_record,
)
from tests.integration.conftest import SimCloud, setup_entry

from .test_history import _daily_changes

DAYS = 10
PREFIXES = {"hes": "hes_energy", "powerpanel": "charging_energy"}
SERIES = {  # series -> (source, entry field)
    "solar_production": ("solar", 0),
    "battery_discharge": ("hes", 0),
    "home_usage": ("home", 0),
    "grid_import": ("grid", 0),
    "grid_export": ("grid", 1),
}


@pytest.mark.parametrize("statistics_cloud", ["x1_hes", "powerpanel"], indirect=True)
async def test_history_matches_the_cloud(
    history_hass: HomeAssistant, statistics_cloud: SimCloud, hass_ws_client: WebSocketGenerator
) -> None:
    """Every imported day equals the simulator's values; four week queries per 7 days."""
    hass, cloud = history_hass, statistics_cloud
    entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: DAYS})
    await hass.async_block_till_done(wait_background_tasks=True)
    job = hass.data[HISTORY_JOBS][entry.entry_id]
    (site_id, site), *_ = job.sites().items()
    prefix = PREFIXES[str(site["site_type"])]
    model = cloud.sim.energy
    today = job.now().date()
    first, last = today - timedelta(days=DAYS), today - timedelta(days=1)
    ids = {series: statistic_id(site_id, series) for series in SERIES}
    changes = await _daily_changes(hass, hass_ws_client, list(ids.values()), first, last)
    exported = exported_days(model, prefix, site_id)
    synthesized = 0
    day = first
    while day <= last:
        record = statistics_record(model, prefix, site_id, day)
        synthesized += record is not None
        for series, (source, field) in SERIES.items():
            if record is not None:
                expected = round(abs(source_value(record, source)[field]), 2)
            else:
                key = {"solar": "solar", "hes": "discharge", "home": "home"}.get(source)
                expected = exported[day][key or ("export" if field else "import")]
            got = changes.get(ids[series], {}).get(day, 0.0)
            assert got == pytest.approx(expected, abs=0.01), (series, day)
        day += timedelta(days=1)
    assert synthesized >= DAYS - 1
    backfill = job.progress.backfill
    assert backfill is not None
    assert backfill.state == "done"
    assert backfill.requests == 2 * len(SOURCES)  # 10 days: runs of 7 and 3 days
    assert len(SOURCES) == 4
