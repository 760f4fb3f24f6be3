"""The importer on a real recorder, at the edges a user's imports reach: a range imported long
after the last stored hour (Home Assistant was off for weeks), an earlier range imported after
a later one, hours the cloud reports negative, a day without any values."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance

from custom_components.anker_solix.statistics.importer import (
    LOOKBACK,
    StatisticTarget,
    async_write_hours,
)
from custom_components.anker_solix.statistics.series import statistic_id

from .test_importer import BERLIN, _day

TARGET = StatisticTarget(statistic_id("Site-7", "solar_production"), "Home solar")
FIRST = date(2026, 3, 2)


async def _rows(hass: HomeAssistant) -> list[dict[str, Any]]:
    start = datetime.combine(FIRST - timedelta(days=400), datetime.min.time(), BERLIN)
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        start,
        None,
        {TARGET.statistic_id},
        "hour",
        None,
        {"state", "sum"},
    )
    return [dict(row) for row in rows.get(TARGET.statistic_id, [])]


def _consistent(rows: list[dict[str, Any]]) -> None:
    """Every running sum is the previous one plus the hour's value."""
    previous = 0.0
    for row in rows:
        assert row["sum"] - previous == pytest.approx(row["state"], abs=1e-6)
        previous = row["sum"]


async def test_a_range_long_after_the_last_hour_continues_its_sum(
    history_hass: HomeAssistant,
) -> None:
    """Days imported weeks after the last stored day (beyond the first look back) start from
    the sum the older days reached, not from zero."""
    hass = history_hass
    later = FIRST + LOOKBACK + timedelta(days=20)
    first, last = _day(FIRST, 4.0), _day(later, 6.5)
    assert await async_write_hours(hass, TARGET, first) == len(first)
    assert await async_write_hours(hass, TARGET, last) == len(last)
    rows = await _rows(hass)
    assert len(rows) == len(first) + len(last)
    _consistent(rows)
    assert rows[-1]["sum"] == pytest.approx(10.5)


async def test_an_earlier_range_shifts_every_later_sum(history_hass: HomeAssistant) -> None:
    """A year-old range imported after recent days: its hours come first, the recent rows
    keep their values and their sums grow by the older range's total."""
    hass = history_hass
    recent = FIRST + timedelta(days=30)
    newer, older = _day(recent, 5.0), _day(FIRST - timedelta(days=365), 2.0)
    await async_write_hours(hass, TARGET, newer)
    written = await async_write_hours(hass, TARGET, older)
    assert written == len(older) + len(newer), "the new day plus every later row shifted"
    rows = await _rows(hass)
    assert len(rows) == len(older) + len(newer)
    _consistent(rows)
    assert rows[len(older) - 1]["sum"] == pytest.approx(2.0)
    assert [row["state"] for row in rows[len(older) :]] == pytest.approx(
        [newer[when] for when in sorted(newer)]
    )
    assert rows[-1]["sum"] == pytest.approx(7.0)


async def test_negative_hours_count_as_nothing_and_an_empty_day_writes_nothing(
    history_hass: HomeAssistant,
) -> None:
    """An hour the cloud reports below zero is stored as 0 (a sum of energy never goes
    down); a day without values writes no row and leaves the stored sums as they are."""
    hass = history_hass
    hours = _day(FIRST, 3.0)
    starts = sorted(hours)
    hours[starts[2]] = -0.4
    hours[starts[3]] = -1e-9
    await async_write_hours(hass, TARGET, hours)
    rows = await _rows(hass)
    assert [row["state"] for row in rows[2:4]] == [0.0, 0.0]
    _consistent(rows)
    assert all(b["sum"] >= a["sum"] for a, b in itertools.pairwise(rows))
    assert await async_write_hours(hass, TARGET, {}) == 0
    assert await _rows(hass) == rows
