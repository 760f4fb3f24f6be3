"""The history import of standalone inverters, X1 and Power Panels under every error kind.

Their history comes from week queries of their own statistics endpoints (``statisticsPv``,
the HES and Power Panel energy statistics; §7.4/§7.5), not from ``energy_analysis`` (that one is
``test_backfill_faults``). Per endpoint and error kind of the fault matrix (plus an answer
whose data is empty): the first 10 days are imported cleanly at setup; then the endpoint fails
and the ``import_history`` action asks for the 10 days before. The entry stays loaded, the
import pauses (its sensor says so), nothing of the imported days changes, it asks again only
on its back-off (the history queries are counted at the simulator), one warning tells of the
episode; once the endpoint answers again the next polls finish it, and all 20 days equal the
simulator's values.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.anker_solix.const import DOMAIN, OPT_HISTORY_DAYS, OPT_TIMEOUT
from custom_components.anker_solix.solixapi import Endpoint
from custom_components.anker_solix.statistics import HISTORY_JOBS, HistoryJob
from custom_components.anker_solix.statistics.progress import DONE, PAUSED
from custom_components.anker_solix.statistics.series import statistic_id
from solixsim.energy.inverter import served_day
from solixsim.energy.statistics_history import exported_days, source_value, statistics_record
from tests.faults.matrix import HANG, KINDS
from tests.integration.conftest import SimCloud, setup_entry

from .recorder_query import daily_changes
from .test_statistics_history import PREFIXES, SERIES

DAYS = 10
"""Days imported at setup, and days the action asks for before them (runs of 7 and 3)."""
TOLERANCE = 0.01
HUNG_TIMEOUT = HANG * 0.75
POLL_STEP = 600.0
FAULTED_POLLS = 4
"""40 minutes of polls while the endpoint fails: the import's back-off (15 min, then 30 min)
allows the first attempt and one retry."""
REPLAYS = 2
"""Requests one query may cost (the session replays a failed request at most once)."""
ENDPOINTS = {
    "mi80_standalone": (Endpoint.PV_STATISTICS_PV, 1),
    "x1_hes": (Endpoint.HES_GET_ENERGY_STATISTICS, 4),
    "powerpanel": (Endpoint.POWER_PANEL_ENERGY_STATISTICS, 4),
}
"""Scenario -> (endpoint of its history, queries per run: one per source)."""
PAUSED_LOG = "History import paused"


def empty_data(data: Any) -> Any:
    """An answer with code 0 whose data says nothing."""
    return {}


FAULTS: dict[str, dict[str, Any]] = {**KINDS, "empty_data": {"mutate": empty_data}}


async def settle(hass: HomeAssistant) -> None:
    await hass.async_block_till_done(wait_background_tasks=True)


def history_job(hass: HomeAssistant, entry_id: str) -> HistoryJob:
    return hass.data[HISTORY_JOBS][entry_id]


def import_sensor_state(hass: HomeAssistant, entry_id: str) -> str:
    """The state of the account's history import sensor."""
    found = [
        item.entity_id
        for item in er.async_entries_for_config_entry(er.async_get(hass), entry_id)
        if item.unique_id.endswith("_history_import")
    ]
    assert len(found) == 1, found
    state = hass.states.get(found[0])
    assert state is not None
    return state.state


def _expected(
    cloud: SimCloud, site_id: str, site: Any, first: date, last: date
) -> dict[str, dict[date, float]]:
    """The simulator's daily values of the system, per statistic id."""
    model = cloud.sim.energy
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if site.get("site_type") == "virtual":
        serial = site_id.removeprefix("virtual-")
        sid = statistic_id(site_id, "solar_production")
        return {sid: {day: served_day(model, serial, day) for day in days}}
    prefix = PREFIXES[str(site["site_type"])]
    exported = exported_days(model, prefix, site_id)
    result: dict[str, dict[date, float]] = {}
    for day in days:
        record = statistics_record(model, prefix, site_id, day)
        for series, (source, field) in SERIES.items():
            if record is not None:
                value = round(abs(source_value(record, source)[field]), 2)
            else:
                key = {"solar": "solar", "hes": "discharge", "home": "home"}.get(source)
                value = exported[day][key or ("export" if field else "import")]
            result.setdefault(statistic_id(site_id, series), {})[day] = value
    return result


def _mismatches(
    expected: dict[str, dict[date, float]], got: dict[str, dict[date, float]]
) -> list[tuple[str, str, float, float]]:
    return [
        (sid[-24:], f"{day}", round(got.get(sid, {}).get(day, 0.0), 3), value)
        for sid, days in expected.items()
        for day, value in days.items()
        if abs(got.get(sid, {}).get(day, 0.0) - value) > TOLERANCE
    ]


def _history_queries(cloud: SimCloud, path: str, first: date, last: date) -> int:
    """Requests of the history's range queries inside first..last (live polls ask single
    days or up to today)."""
    count = 0
    for record in cloud.sim.recorder.records:
        body = record.body if isinstance(record.body, dict) else {}
        start, end = str(body.get("start", "")), str(body.get("end", ""))
        if record.path == path and start != end and f"{first}" <= start and end <= f"{last}":
            count += 1
    return count


@pytest.mark.parametrize("kind", sorted(FAULTS))
@pytest.mark.parametrize(
    "statistics_cloud", sorted(ENDPOINTS), indirect=True, ids=lambda name: str(name)
)
async def test_statistics_history_survives_every_error_kind(
    history_hass: HomeAssistant,
    statistics_cloud: SimCloud,
    hass_ws_client: WebSocketGenerator,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    """Paused, nothing lost, no storm, one warning; resumed and exact once it answers."""
    hass, cloud = history_hass, statistics_cloud
    path, per_run = ENDPOINTS[cloud.scenario]
    timeout = {OPT_TIMEOUT: HUNG_TIMEOUT} if kind == "timeout" else {}
    entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: DAYS, **timeout})
    await settle(hass)
    job = history_job(hass, entry.entry_id)
    assert job.progress.backfill is not None
    assert job.progress.backfill.state == DONE
    (site_id, site), *_ = job.sites().items()
    today = job.now().date()
    recent = (today - timedelta(days=DAYS), today - timedelta(days=1))
    earlier = (recent[0] - timedelta(days=DAYS), recent[0] - timedelta(days=1))
    wanted = _expected(cloud, site_id, site, earlier[0], recent[1])
    ids = list(wanted)
    before = await daily_changes(hass, hass_ws_client, ids, *recent)
    assert not _mismatches(_expected(cloud, site_id, site, *recent), before)

    # The endpoint fails; the user asks for the 10 days before.
    cloud.sim.faults.add(path, count=10**6, **FAULTS[kind])
    caplog.clear()
    await hass.services.async_call(
        DOMAIN,
        "import_history",
        {"config_entry_id": entry.entry_id, "start_date": earlier[0], "end_date": earlier[1]},
        blocking=True,
    )
    await settle(hass)
    coordinator = entry.runtime_data.coordinator
    for _ in range(FAULTED_POLLS):
        cloud.clock.advance(POLL_STEP)
        await coordinator.async_refresh()
        await settle(hass)
        assert entry.state is ConfigEntryState.LOADED
        assert job.progress.backfill.state == PAUSED, "nothing is imported from a failure"
        assert import_sensor_state(hass, entry.entry_id) == PAUSED
    imported = job.progress.imported(site_id)
    assert not [day for day in imported if f"{earlier[0]}" <= day <= f"{earlier[1]}"]
    assert await daily_changes(hass, hass_ws_client, ids, *recent) == before, "nothing lost"
    queries = _history_queries(cloud, path, *earlier)
    assert 0 < queries <= 2 * per_run * REPLAYS, queries
    warnings = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith("custom_components.anker_solix")
    ]
    paused = [r for r in warnings if r.getMessage().startswith(PAUSED_LOG)]
    assert len(paused) == 1, [r.getMessage() for r in warnings]
    episodes = Counter((r.name, r.msg, r.args[0] if r.args else None) for r in warnings)
    assert max(episodes.values()) == 1, episodes
    assert all(r.levelno == logging.WARNING for r in warnings), "no error, no traceback"

    # The endpoint answers again: the next polls (past the back-off) finish the import.
    cloud.sim.faults.clear()
    for _ in range(8):
        cloud.clock.advance(POLL_STEP)
        await coordinator.async_refresh()
        await settle(hass)
        if job.progress.backfill.state == DONE:
            break
    assert job.progress.backfill.state == DONE
    assert import_sensor_state(hass, entry.entry_id) == DONE
    assert entry.state is ConfigEntryState.LOADED
    changes = await daily_changes(hass, hass_ws_client, ids, earlier[0], recent[1])
    assert not _mismatches(wanted, changes)
