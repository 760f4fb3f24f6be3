"""The history import's progress on the account's diagnostic sensors (not only a notification)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from unittest.mock import patch

from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.anker_solix.const import OPT_HISTORY_DAYS
from custom_components.anker_solix.statistics.fetch import HistoryReader
from tests.integration.conftest import SimCloud, setup_entry

DAYS = 14


def _entity(registry: er.EntityRegistry, entry_id: str, suffix: str) -> str:
    found = [
        item.entity_id
        for item in er.async_entries_for_config_entry(registry, entry_id)
        if item.unique_id.endswith(f"_{suffix}")
    ]
    assert len(found) == 1, (suffix, found)
    return found[0]


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def test_sensors_follow_the_backfill(
    history_hass: HomeAssistant, history_cloud: SimCloud, entity_registry: er.EntityRegistry
) -> None:
    """Running with the share of days done while the import waits, then done at 100 %."""
    hass, cloud = history_hass, history_cloud
    original = HistoryReader.read
    calls = 0
    second = asyncio.Event()
    release = asyncio.Event()

    async def read(self: HistoryReader, days: list[date]) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first 7 days are in; hold the second range
            second.set()
            await release.wait()
        return await original(self, days)

    with patch.object(HistoryReader, "read", read):
        entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: DAYS})
        await asyncio.wait_for(second.wait(), 30)
        await hass.async_block_till_done()
        state_id = _entity(entity_registry, entry.entry_id, "history_import")
        percent_id = _entity(entity_registry, entry.entry_id, "history_import_progress")
        assert _state(hass, state_id) == "running"
        assert float(_state(hass, percent_id)) == 50.0  # 7 of 14 days
        release.set()
        await hass.async_block_till_done(wait_background_tasks=True)
    assert _state(hass, state_id) == "done"
    assert float(_state(hass, percent_id)) == 100.0
    entity = entity_registry.async_get(state_id)
    assert entity is not None
    assert entity.entity_category is EntityCategory.DIAGNOSTIC
    assert entity.translation_key == "history_import"


async def test_no_import_sensor_without_history_days(
    history_hass: HomeAssistant, history_cloud: SimCloud
) -> None:
    """With no days asked the import is idle and has no percentage."""
    hass = history_hass
    entry = await setup_entry(hass, history_cloud, options={OPT_HISTORY_DAYS: 0})
    await hass.async_block_till_done(wait_background_tasks=True)
    registry = er.async_get(hass)
    state_id = _entity(registry, entry.entry_id, "history_import")
    assert _state(hass, state_id) == "idle"
    percent_id = _entity(registry, entry.entry_id, "history_import_progress")
    assert _state(hass, percent_id) == "unknown"


async def test_diagnostics_carry_the_import(
    history_hass: HomeAssistant, history_cloud: SimCloud, hass_client: ClientSessionGenerator
) -> None:
    """The entry's diagnostics show the import's state and day counts, no site id."""
    hass = history_hass
    entry = await setup_entry(hass, history_cloud, options={OPT_HISTORY_DAYS: DAYS})
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    history = result["history_import"]
    assert history["state"] == "done"
    assert (history["days_total"], history["days_done"], history["percent"]) == (DAYS, DAYS, 100.0)
    assert history["requests"] > 0
    assert history["imported_days_per_system"] == [DAYS]
    site_id = next(iter(entry.runtime_data.coordinator.data["sites"]))
    assert site_id not in str(history)
