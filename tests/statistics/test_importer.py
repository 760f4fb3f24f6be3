"""The importer on a real recorder: running sums continue, corrections shift later sums."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance

from custom_components.anker_solix.statistics.importer import (
    StatisticTarget,
    async_write_hours,
)
from custom_components.anker_solix.statistics.series import Profile, statistic_id
from custom_components.anker_solix.statistics.shape import profile_weights, spread_day

from .conftest import ZONE

BERLIN = ZoneInfo(ZONE)
TARGET = StatisticTarget(statistic_id("Site-1", "home_usage"), "Home home usage")
FIRST = date(2026, 10, 23)
DAYS = [FIRST + timedelta(days=offset) for offset in range(4)]  # includes the 25-hour day


async def _hours(hass: HomeAssistant, period: str = "hour") -> list[dict[str, Any]]:
    start = datetime.combine(FIRST - timedelta(days=1), datetime.min.time(), BERLIN)
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        start,
        None,
        {TARGET.statistic_id},
        period,
        None,
        {"state", "sum", "change"},
    )
    return [dict(row) for row in rows.get(TARGET.statistic_id, [])]


def _day(day: date, total: float) -> dict[datetime, float]:
    return spread_day(day, BERLIN, total, profile_weights(Profile.HOME))


async def test_sums_continue_and_a_correction_shifts_later_days(
    history_hass: HomeAssistant,
) -> None:
    """Days written out of order make one consistent sum; a corrected day moves the rest."""
    hass = history_hass
    totals = {DAYS[0]: 5.0, DAYS[1]: 7.25, DAYS[2]: 3.5, DAYS[3]: 6.0}
    for day in (DAYS[0], DAYS[2], DAYS[3], DAYS[1]):  # a gap filled later
        await async_write_hours(hass, TARGET, _day(day, totals[day]))
    rows = await _hours(hass)
    assert len(rows) == 24 + 24 + 25 + 24
    starts = [row["start"] for row in rows]
    assert len(set(starts)) == len(starts)
    assert all(b - a == 3600 for a, b in itertools.pairwise(starts))
    assert min(row["state"] for row in rows) >= 0
    assert rows[-1]["sum"] == pytest.approx(sum(totals.values()))

    totals[DAYS[1]] = 6.0  # the cloud corrects a day
    await async_write_hours(hass, TARGET, _day(DAYS[1], totals[DAYS[1]]))
    daily = await _hours(hass, "day")
    assert [round(row["change"], 6) for row in daily] == [totals[day] for day in DAYS]
    rows = await _hours(hass)
    assert rows[-1]["sum"] == pytest.approx(sum(totals.values()))
    previous = 0.0
    for row in rows:
        assert row["sum"] - previous == pytest.approx(row["state"], abs=1e-6)
        previous = row["sum"]
