"""Write hourly energy as external statistics, the way Opower and Tibber do.

Each row holds the hour's energy as ``state`` and the running total as ``sum``. Writing a set
of hours continues the sum of the last row before the first of them; rows after them keep their
hourly values and get their sums shifted by the difference, so a corrected day keeps every later
running sum consistent. Rows are keyed by their hour start: writing an hour again replaces it
(never a duplicate hour).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    statistics_during_period,
)
from homeassistant.components.recorder.tasks import SynchronizeTask
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.recorder_job import async_recorder_job

from .series import UNIT

LOOKBACK = timedelta(days=7)
"""How far before the first written hour the previous sum is looked for first."""
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
ENERGY_UNIT_CLASS = "energy"


@dataclass(frozen=True)
class StatisticTarget:
    """Where a series goes: its statistic id and (translated) name."""

    statistic_id: str
    name: str


def metadata(target: StatisticTarget) -> StatisticMetaData:
    """Metadata of an energy sum statistic on every supported Home Assistant release.

    ``mean_type`` (both releases) replaced ``has_mean``; ``unit_class`` is set where the release
    knows it (Home Assistant 2026 asks for it).
    """
    meta: dict[str, Any] = {
        "mean_type": StatisticMeanType.NONE,
        "has_sum": True,
        "name": target.name,
        "source": DOMAIN,
        "statistic_id": target.statistic_id,
        "unit_of_measurement": UNIT,
    }
    if "unit_class" in StatisticMetaData.__annotations__:
        meta["unit_class"] = ENERGY_UNIT_CLASS
    return cast(StatisticMetaData, meta)


def _rows(
    hass: HomeAssistant, statistic_id: str, start: datetime, end: datetime | None
) -> list[tuple[datetime, float, float]]:
    """Hour rows ``(start, state, sum)`` of one statistic (recorder executor)."""
    found = statistics_during_period(
        hass, start, end, {statistic_id}, "hour", None, {"state", "sum"}
    )
    rows: list[tuple[datetime, float, float]] = []
    for row in found.get(statistic_id, []):
        when = datetime.fromtimestamp(float(row["start"]), UTC)
        rows.append((when, float(row.get("state") or 0.0), float(row.get("sum") or 0.0)))
    return rows


def _sum_before(hass: HomeAssistant, statistic_id: str, first: datetime) -> float:
    """The running sum of the last row that starts before ``first`` (0 without one)."""
    for start in (first - LOOKBACK, EPOCH):
        rows = _rows(hass, statistic_id, start, first)
        if rows:
            return rows[-1][2]
    return 0.0


def _plan(
    hass: HomeAssistant, statistic_id: str, hours: Mapping[datetime, float]
) -> list[StatisticData]:
    """The rows to write: the new hours plus every later row with its sum shifted."""
    first = min(hours)
    merged = {when: state for when, state, _ in _rows(hass, statistic_id, first, None)}
    merged.update(hours)
    running = _sum_before(hass, statistic_id, first)
    data: list[StatisticData] = []
    for when in sorted(merged):
        value = max(0.0, merged[when])
        running += value
        data.append(StatisticData(start=when, state=value, sum=running))
    return data


async def async_write_hours(
    hass: HomeAssistant, target: StatisticTarget, hours: Mapping[datetime, float]
) -> int:
    """Write hourly kWh of one series and wait until the recorder stored them.

    Returns the number of rows written (new hours plus shifted later rows).
    """
    if not hours:
        return 0
    recorder = get_instance(hass)
    data = await async_recorder_job(hass, _plan, hass, target.statistic_id, hours)
    async_add_external_statistics(hass, metadata(target), data)
    # Queued after the import: set once the recorder thread committed it (the next read of
    # this series must see these rows). `async_block_till_done` returns early while the
    # import is still running.
    await _recorder_caught_up(recorder)
    return len(data)


async def _recorder_caught_up(recorder: Any) -> None:
    """Wait until the recorder thread ran every task queued before this call.

    Its `SynchronizeTask` takes an `asyncio.Event` up to 2025 and an `asyncio.Future` in 2026.
    """
    task: Any = SynchronizeTask
    if any(item.name == "future" for item in dataclasses.fields(task)):
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        recorder.queue_task(task(future))
        await future
        return
    stored = asyncio.Event()
    recorder.queue_task(task(stored))
    await stored.wait()
