"""The queries of a backfill: range queries per device type, per-day queries where needed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MAX_RANGE_DAYS = 366
"""Days one range query may cover (the cloud refuses longer intervals)."""

# Daily values a range answer carries: device type -> ((answer list, series), ...).
RANGE_SERIES: dict[str, tuple[tuple[str, str], ...]] = {
    "solar_production": (("power", "solar_production"),),
    "solarbank": (("power", "battery_discharge"),),
    "home_usage": (("power", "home_usage"),),
    "grid": (("power", "grid_export"), ("charge_trend", "grid_import")),
    # The Solarbank's solar inputs (the cloud's breakdown of the solar production).
    **{
        channel: (("power", channel),)
        for channel in (
            *(f"solar_production_pv{index}" for index in range(1, 5)),
            "solar_production_microinverter",
        )
    },
}
# Interval totals that only a one-day query gives per day: device type -> ((field, series), ...).
DAY_SERIES: dict[str, tuple[tuple[str, str], ...]] = {
    "solar_production": (
        ("charge_total", "battery_charge"),
        ("solar_to_grid_total", "solar_to_grid"),
        ("solar_to_battery_total", "solar_to_battery"),
    ),
    "home_usage": (("grid_to_home_total", "grid_to_home"),),
    "solarbank": (("grid_to_battery_total", "grid_to_battery"),),
}


@dataclass(frozen=True)
class HistoryQuery:
    """One ``energy_analysis`` query of a backfill (``type "week"``)."""

    device_type: str
    start: date
    end: date

    @property
    def days(self) -> list[date]:
        """Every day the query covers."""
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class BackfillPlan:
    """The queries of a backfill, range queries first."""

    range_queries: tuple[HistoryQuery, ...]
    day_queries: tuple[HistoryQuery, ...]

    @property
    def queries(self) -> tuple[HistoryQuery, ...]:
        """All queries in the order they run."""
        return self.range_queries + self.day_queries


def runs(days: Iterable[date], longest: int = MAX_RANGE_DAYS) -> list[list[date]]:
    """Consecutive runs of ``days`` (sorted, deduplicated), each at most ``longest`` days."""
    result: list[list[date]] = []
    for day in sorted(set(days)):
        if result and result[-1][-1] + timedelta(days=1) == day and len(result[-1]) < longest:
            result[-1].append(day)
        else:
            result.append([day])
    return result


def plan_backfill(
    days: Iterable[date],
    device_types: Iterable[str],
    *,
    per_day: Iterable[str] = ("solar_production",),
    longest: int = MAX_RANGE_DAYS,
) -> BackfillPlan:
    """The queries for ``days`` (days already imported left out by the caller).

    ``device_types``: the types the system answers (range queries for those in
    :data:`RANGE_SERIES`); ``per_day``: the types whose interval totals are wanted per day
    (one query per day each, e.g. ``solar_production`` for the battery charge, ``home_usage``
    for smart plugs).
    """
    wanted = [kind for kind in device_types if kind in RANGE_SERIES]
    day_runs = runs(days, max(1, min(longest, MAX_RANGE_DAYS)))
    ranged = tuple(
        HistoryQuery(kind, run[0], run[-1])
        for run in day_runs
        for kind in wanted
        if len(run) > 1 or kind not in per_day
    )
    singles = tuple(
        HistoryQuery(kind, day, day) for run in day_runs for day in run for kind in per_day
    )
    return BackfillPlan(range_queries=ranged, day_queries=singles)
