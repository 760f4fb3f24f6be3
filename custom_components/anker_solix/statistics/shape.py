"""Spread a day's energy over the hours of that day so the daily total stays exact.

A day is a local calendar day of Home Assistant's time zone: 24 hours, 23 on the day the clocks
go forward, 25 when they go back. Every UTC hour of the day gets a value (zero where the shape
is zero), so no hour is missing and none appears twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise

from .series import Profile

HOUR = timedelta(hours=1)
DAYLIGHT = (6, 20)
"""Local hours of the daylight bell used for solar series without a day curve."""

type Curve = Sequence[tuple[str, float]]
"""A day curve: ``("HH:MM", average power)`` points in local wall-clock time."""


def day_hours(day: date, zone: tzinfo) -> list[tuple[datetime, int]]:
    """The UTC hour starts of a local day with the local wall-clock hour of each."""
    start = _hour_floor(datetime.combine(day, time(), zone).astimezone(UTC))
    end = _hour_floor(datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC))
    hours: list[tuple[datetime, int]] = []
    moment = start
    while moment < end:
        hours.append((moment, moment.astimezone(zone).hour))
        moment += HOUR
    return hours


def _hour_floor(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def profile_weights(profile: Profile) -> list[float]:
    """The fixed shape of a day without a curve: a daylight bell or evenly spread."""
    if profile is Profile.SOLAR:
        first, last = DAYLIGHT
        span = last - first
        return [
            math.sin(math.pi * (hour + 0.5 - first) / span) if first <= hour < last else 0.0
            for hour in range(24)
        ]
    return [1.0] * 24


def curve_weights(curve: Curve | None) -> list[float] | None:
    """Energy per local wall-clock hour from a curve of average powers (trapezoids).

    None when the curve is missing or holds no energy (the fixed profile applies then).
    """
    points: list[tuple[float, float]] = []
    for text, value in curve or ():
        minutes = _minutes(text)
        if minutes is not None and math.isfinite(value):
            points.append((minutes, max(0.0, value)))
    points.sort()
    weights = [0.0] * 24
    for (start, first), (end, second) in pairwise(points):
        if end > start:
            hour = min(23, int(start // 60))
            weights[hour] += (first + second) / 2 * (end - start)
    return weights if sum(weights) > 0 else None


def _minutes(text: str) -> float | None:
    hours, _, minutes = text.partition(":")
    try:
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        return None
    return float(value) if 0 <= value <= 24 * 60 else None


def spread_day(
    day: date,
    zone: tzinfo,
    total: float,
    weights: Sequence[float],
    until: datetime | None = None,
) -> dict[datetime, float]:
    """The day's ``total`` over its UTC hours in proportion to local-hour ``weights``.

    ``until`` (today): only hours that started before it, the total spread over them. A
    weight of a wall-clock hour the day has twice is shared by both hours; hours whose shape
    is zero everywhere get the total evenly. Values are never negative; they add up to the
    total exactly (the last hour takes the rounding rest).
    """
    hours = [(start, local) for start, local in day_hours(day, zone) if not until or start < until]
    if not hours or total <= 0:
        return {start: 0.0 for start, _ in hours}
    repeats: dict[int, int] = {}
    for _, local in hours:
        repeats[local] = repeats.get(local, 0) + 1
    shares = [max(0.0, weights[local]) / repeats[local] for _, local in hours]
    whole = sum(shares)
    if whole <= 0:
        shares, whole = [1.0] * len(hours), float(len(hours))
    values: dict[datetime, float] = {}
    spent = 0.0
    for index, ((start, _), share) in enumerate(zip(hours, shares, strict=True)):
        last = index == len(hours) - 1
        value = max(0.0, total - spent) if last else total * share / whole
        values[start] = value
        spent += value
    return values
