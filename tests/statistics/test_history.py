"""The history import end to end: simulator over HTTP, a real recorder, the simulator's clock.

40 days of backfill (interrupted by a Home Assistant restart), then day after day through the
night the clocks go forward, with a 6-hour cloud outage and a late correction of yesterday. The
statistics are read the way the Energy dashboard reads them (the recorder's websocket API) and
compared with the simulator's own daily values.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.anker_solix.const import DOMAIN, OPT_HISTORY_DAYS
from custom_components.anker_solix.statistics import HISTORY_JOBS, HistoryJob
from custom_components.anker_solix.statistics.fetch import HistoryReader
from custom_components.anker_solix.statistics.series import PLUG_SERIES, SITE_SERIES, statistic_id
from tests.integration.conftest import SimCloud, setup_entry

from .conftest import ZONE
from .recorder_query import daily_changes

BERLIN = ZoneInfo(ZONE)
ENERGY = "power_service/v1/site/energy_analysis"
BACKFILL_DAYS = 40
FORWARD_DAYS = 9
"""Days lived after the setup: through 2025-03-30, the 23-hour day of Europe/Berlin."""
TOLERANCE = 0.01
LIVE_SENSORS = {
    "solar_production": "daily_solar_production",
    "battery_charge": "daily_battery_charge",
    "battery_discharge": "daily_battery_discharge",
    "home_usage": "daily_home_usage",
}


async def _settle(hass: HomeAssistant) -> None:
    await hass.async_block_till_done(wait_background_tasks=True)


async def _poll(hass: HomeAssistant, entry: Any, day: date | None = None) -> None:
    """Polls at the same clock time until the energy of ``day`` is in (a poll with details
    leaves energy to the next one; each system has its own schedule)."""
    coordinator = entry.runtime_data.coordinator
    for attempt in range(6):
        await coordinator.async_refresh()
        await _settle(hass)
        sites = coordinator.data["sites"].values()
        dates = {(site.get("energy_details") or {}).get("today", {}).get("date") for site in sites}
        if attempt >= 1 and (day is None or dates == {f"{day}"}):
            # One more update: the first one of a new day shows the old day's final total.
            coordinator.async_update_listeners()
            await _settle(hass)
            return
    raise AssertionError(f"no energy poll for {day}: {dates}")


def _job(hass: HomeAssistant, entry_id: str) -> HistoryJob:
    return hass.data[HISTORY_JOBS][entry_id]


def _site(cloud: SimCloud, hass: HomeAssistant, entry_id: str) -> str:
    sites = _job(hass, entry_id).sites()
    assert len(sites) == 1
    return next(iter(sites))


async def _daily_changes(
    hass: HomeAssistant, ws: WebSocketGenerator, ids: list[str], first: date, last: date
) -> dict[str, dict[date, float]]:
    """Day changes per statistic, as the Energy dashboard asks for them (day rows)."""
    return await daily_changes(hass, ws, ids, first, last, period="day")


async def _hour_rows(
    hass: HomeAssistant, ws: WebSocketGenerator, ids: list[str], first: date
) -> dict[str, list[dict[str, Any]]]:
    client = await ws(hass)
    await client.send_json_auto_id(
        {
            "type": "recorder/statistics_during_period",
            "start_time": datetime.combine(first - timedelta(days=5), time(), BERLIN).isoformat(),
            "statistic_ids": ids,
            "period": "hour",
            "types": ["state", "sum", "change"],
        }
    )
    answer = await client.receive_json()
    assert answer["success"], answer
    return dict(answer["result"])


def _expected(values: dict[str, Any], key: str) -> float:
    if key.startswith("plug:"):
        return float(values["smartplugs"][key.removeprefix("plug:")])
    return float(values[key])


def _ids(site_id: str, plugs: list[str]) -> dict[str, str]:
    ids = {series.key: statistic_id(site_id, series.key) for series in SITE_SERIES}
    ids.update({f"plug:{sn}": statistic_id(sn, PLUG_SERIES.key) for sn in plugs})
    return ids


def _asked_days(cloud: SimCloud, device_type: str) -> list[str]:
    """Days a per-day query of ``device_type`` asked for (start = end)."""
    return [
        record.body["start_time"]
        for record in cloud.sim.recorder.records
        if record.path == ENERGY
        and isinstance(record.body, dict)
        and record.body.get("device_type") == device_type
        and record.body.get("type") == "week"
        and record.body.get("start_time") == record.body.get("end_time")
    ]


async def _interrupted_setup(hass: HomeAssistant, cloud: SimCloud) -> Any:
    """Set up; Home Assistant stops while the backfill waits for its third range."""
    original: Callable[..., Awaitable[Any]] = HistoryReader.read
    calls = 0
    stuck = asyncio.Event()

    async def read(self: HistoryReader, days: list[date]) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            stuck.set()
            await asyncio.Event().wait()  # never returns: the stop cancels it
        return await original(self, days)

    with patch.object(HistoryReader, "read", read):
        entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: BACKFILL_DAYS})
        await asyncio.wait_for(stuck.wait(), 30)
        assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_forty_days_of_history_match_the_cloud(
    history_hass: HomeAssistant,
    history_cloud: SimCloud,
    hass_ws_client: WebSocketGenerator,
    entity_registry: er.EntityRegistry,
) -> None:
    """Backfill with a restart, clock change, outage and correction: sums match every day."""
    hass, cloud = history_hass, history_cloud
    start_day = datetime.fromtimestamp(cloud.clock.now(), BERLIN).date()
    entry = await _interrupted_setup(hass, cloud)
    done_before_restart = set(_asked_days(cloud, "solar_production"))
    assert 0 < len(done_before_restart) < BACKFILL_DAYS

    assert await hass.config_entries.async_setup(entry.entry_id)  # the restart
    await _settle(hass)
    asked = _asked_days(cloud, "solar_production")
    # Imported days are not asked again (only the refreshed recent days are).
    recent = {f"{start_day - timedelta(days=offset)}" for offset in range(3)}
    repeated = [day for day in asked if asked.count(day) > 1 and day not in recent]
    assert not repeated
    site_id = _site(cloud, hass, entry.entry_id)
    plugs = sorted(cloud.sim.energy.day(site_id, start_day - timedelta(days=1))["smartplugs"])
    ids = _ids(site_id, plugs)

    corrected: date | None = None
    for offset in range(1, FORWARD_DAYS + 1):
        day = start_day + timedelta(days=offset)
        if offset == 4:  # 6-hour outage from 06:00: the hourly refreshes fail meanwhile
            outage = datetime.combine(day, time(6), BERLIN).timestamp()
            cloud.clock.set(outage)
            cloud.sim.faults.add("*", status=502, count=10**6)
            for hour in range(6):
                cloud.clock.set(outage + hour * 3600)
                await entry.runtime_data.coordinator.async_refresh()
                await _settle(hass)
            cloud.sim.faults.clear()
        if offset == 6:  # yesterday is imported complete after midnight, then corrected
            cloud.clock.set(datetime.combine(day, time(1), BERLIN).timestamp())
            await _poll(hass, entry, day)
            before = cloud.sim.energy.day(site_id, day - timedelta(days=1))["solar_production"]
            cloud.clock.set(datetime.combine(day, time(12), BERLIN).timestamp())
            corrected = cloud.sim.energy.correct_yesterday()
            after = cloud.sim.energy.day(site_id, corrected)["solar_production"]
            assert abs(after - before) > 10 * TOLERANCE
        # The last polls of the day (details, then energy): live sensors and statistics agree.
        cloud.clock.set(datetime.combine(day, time(23, 50), BERLIN).timestamp())
        await _poll(hass, entry, day)
        changes = await _daily_changes(hass, hass_ws_client, list(ids.values()), day, day)
        for name, key in LIVE_SENSORS.items():
            entity_id = entity_registry.async_get_entity_id("sensor", DOMAIN, f"{site_id}_{key}")
            assert entity_id is not None, key
            state = hass.states.get(entity_id)
            assert state is not None
            assert float(state.state) == pytest.approx(changes[ids[name]][day], abs=TOLERANCE), (
                name,
                day,
            )
    assert corrected is not None

    # The day after: yesterday complete, then compare every day with the simulator.
    final = start_day + timedelta(days=FORWARD_DAYS + 1)
    cloud.clock.set(datetime.combine(final, time(1), BERLIN).timestamp())
    await _poll(hass, entry)
    first = start_day - timedelta(days=BACKFILL_DAYS)
    last = final - timedelta(days=1)
    changes = await _daily_changes(hass, hass_ws_client, list(ids.values()), first, last)
    mismatches = []
    day = first
    while day <= last:
        values = cloud.sim.energy.day(site_id, day)
        for key, sid in ids.items():
            got = changes.get(sid, {}).get(day, 0.0)
            if abs(got - _expected(values, key)) > TOLERANCE:
                mismatches.append((f"{day}", key, round(got, 3), _expected(values, key)))
        day += timedelta(days=1)
    assert not mismatches, mismatches[:20]

    rows = await _hour_rows(hass, hass_ws_client, list(ids.values()), first)
    for sid, hours in rows.items():
        starts = [row["start"] for row in hours]
        assert len(set(starts)) == len(starts), sid
        assert all(b - a == 3_600_000 for a, b in itertools.pairwise(starts)), sid
        assert min(row["state"] for row in hours) >= 0, sid
        previous = None
        for row in hours:
            if previous is not None:
                assert row["sum"] - previous == pytest.approx(row["state"], abs=1e-6), sid
            previous = row["sum"]
