"""A day's energy over its hours: exact totals, every hour once, never negative, clock changes."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.anker_solix.statistics.series import Profile, statistic_id
from custom_components.anker_solix.statistics.shape import (
    curve_weights,
    day_hours,
    profile_weights,
    spread_day,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 23), (date(2026, 6, 1), 24), (date(2026, 10, 25), 25)],
)
@pytest.mark.parametrize("profile", list(Profile))
def test_every_hour_of_a_day_once_and_the_total_exact(
    day: date, hours: int, profile: Profile
) -> None:
    """23, 24 or 25 consecutive UTC hours from local midnight to midnight; the sum is exact."""
    values = spread_day(day, BERLIN, 7.31, profile_weights(profile))
    starts = sorted(values)
    assert len(starts) == hours
    assert starts[0] == datetime.combine(day, datetime.min.time(), BERLIN).astimezone(UTC)
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(starts))
    assert min(values.values()) >= 0
    assert sum(values.values()) == pytest.approx(7.31, abs=1e-9)


def test_a_curve_shapes_the_hours() -> None:
    """Energy follows the 20-minute average powers; a zero curve falls back to the profile."""
    curve = [(f"{minute // 60:02d}:{minute % 60:02d}", 0.0) for minute in range(0, 1441, 20)]
    assert curve_weights(curve) is None
    sunny = [(t, 600.0 if "10:00" <= t <= "13:00" else 0.0) for t, _ in curve]
    weights = curve_weights(sunny)
    assert weights is not None
    values = spread_day(date(2026, 6, 1), BERLIN, 2.0, weights)
    by_local = {start.astimezone(BERLIN).hour: value for start, value in values.items()}
    assert by_local[3] == 0
    assert by_local[11] > 0.5
    assert sum(values.values()) == pytest.approx(2.0)


def test_today_is_spread_over_the_hours_so_far() -> None:
    """Only hours that started before `until` get a value; together they hold the total."""
    until = datetime(2026, 6, 1, 9, 30, tzinfo=BERLIN)
    values = spread_day(date(2026, 6, 1), BERLIN, 1.5, profile_weights(Profile.SOLAR), until)
    assert len(values) == 10
    assert sum(values.values()) == pytest.approx(1.5)
    night = spread_day(
        date(2026, 6, 1), BERLIN, 0.2, profile_weights(Profile.SOLAR), until.replace(hour=3)
    )
    assert sum(night.values()) == pytest.approx(0.2)  # no daylight yet: evenly


def test_statistic_ids_are_valid_and_stable() -> None:
    """Ids derive from the site id (any characters) only: lower case, no double underscores."""
    assert statistic_id("24614b6c-DDAF-04a6", "grid_import") == (
        "anker_solix:24614b6c_ddaf_04a6_grid_import"
    )
    assert statistic_id("virtual-ABC__1", "solar_production") == (
        "anker_solix:virtual_abc_1_solar_production"
    )
    assert day_hours(date(2026, 6, 1), UTC)[0][1] == 0
