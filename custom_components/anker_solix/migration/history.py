"""How much recorded history an entity id holds (to keep the better of two duplicate rows)."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import DATA_INSTANCE, get_instance, session_scope
from sqlalchemy import func, select

from custom_components.anker_solix.recorder_job import async_recorder_job

HistorySize = tuple[int, int]
"""Long-term statistics rows (hourly), then state rows: compared in this order."""


async def async_history_sizes(
    hass: HomeAssistant, entity_ids: Iterable[str]
) -> dict[str, HistorySize]:
    """The recorded rows of each entity id; all zero without a running recorder."""
    ids = sorted(set(entity_ids))
    if DATA_INSTANCE not in hass.data:
        return dict.fromkeys(ids, (0, 0))
    instance = get_instance(hass)
    if not await instance.async_db_ready:
        return dict.fromkeys(ids, (0, 0))
    return await async_recorder_job(hass, _count_rows, hass, ids)


def _count_rows(hass: HomeAssistant, entity_ids: list[str]) -> dict[str, HistorySize]:
    """Count statistics and state rows per entity id (recorder thread pool)."""
    from homeassistant.components.recorder.db_schema import (
        States,
        StatesMeta,
        Statistics,
        StatisticsMeta,
    )

    sizes: dict[str, HistorySize] = {}
    with session_scope(hass=hass, read_only=True) as session:
        for entity_id in entity_ids:
            statistics = session.execute(
                select(func.count(Statistics.id))
                .join(StatisticsMeta, Statistics.metadata_id == StatisticsMeta.id)
                .where(StatisticsMeta.statistic_id == entity_id)
            ).scalar_one()
            states = session.execute(
                select(func.count(States.state_id))
                .join(StatesMeta, States.metadata_id == StatesMeta.metadata_id)
                .where(StatesMeta.entity_id == entity_id)
            ).scalar_one()
            sizes[entity_id] = (int(statistics), int(states))
    return sizes
