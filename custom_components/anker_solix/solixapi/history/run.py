"""Run a backfill plan through the shared session, politely."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..cloud import Endpoint, SolixApi, SolixSession
from ..common.errors import SolixRequestError
from ..common.jsonutil import parse_number
from .plan import DAY_SERIES, RANGE_SERIES, BackfillPlan, HistoryQuery

RESERVED_SLOTS = 4
"""Slots of the energy endpoint's window the backfill leaves to live polling."""

Progress = Callable[[int, int], None]
"""Called with (queries done, queries planned) after each query."""


@dataclass
class BackfillResult:
    """Values per day and series (kWh, export and import without sign) and request counts."""

    days: dict[date, dict[str, float]] = field(default_factory=dict)
    range_requests: int = 0
    day_requests: int = 0
    refused: int = 0


def _kwh(value: object) -> float | None:
    number = parse_number(value)
    return None if number is None else abs(number)


def _by_day(answer: dict[str, Any], key: str, query: HistoryQuery) -> dict[date, float]:
    """Daily values of a range answer's list, by their ``time`` date (else by position)."""
    found: dict[date, float] = {}
    days = query.days
    points = answer.get(key)
    for index, point in enumerate(points if isinstance(points, list) else ()):
        if not isinstance(point, dict):
            continue
        value = _kwh(point.get("value"))
        try:
            day: date | None = date.fromisoformat(str(point.get("time")))
        except ValueError:
            day = days[index] if index < len(days) else None
        if value is not None and day is not None and query.start <= day <= query.end:
            found[day] = value
    return found


def _store(result: BackfillResult, query: HistoryQuery, answer: dict[str, Any]) -> None:
    """Put a query's values into the result."""
    for key, series in RANGE_SERIES.get(query.device_type, ()):
        for day, value in _by_day(answer, key, query).items():
            result.days.setdefault(day, {})[series] = value
    if query.start != query.end:
        return
    values = result.days.setdefault(query.start, {})
    for key, series in DAY_SERIES.get(query.device_type, ()):
        total = _kwh(answer.get(key))
        if total is not None:
            values[series] = total
    plugs = answer.get("smart_plug_info")
    for item in (plugs.get("smartplug_list") if isinstance(plugs, dict) else None) or ():
        energy = _kwh(item.get("total_power")) if isinstance(item, dict) else None
        if energy is not None and item.get("device_sn"):
            values[f"plug:{item['device_sn']}"] = energy


async def run_backfill(
    session: SolixSession,
    api: SolixApi,
    site_id: str,
    plan: BackfillPlan,
    *,
    reserved: int = RESERVED_SLOTS,
    progress: Progress | None = None,
) -> BackfillResult:
    """Run the plan's queries; before each one wait until ``reserved`` + 1 slots are free.

    A query type the cloud refuses (request error) counts as no data; other cloud errors
    propagate (the caller resumes with the days not yet stored).
    """
    result = BackfillResult()
    planned = len(plan.queries)
    for done, query in enumerate(plan.queries, start=1):
        await session.wait_for_slots(Endpoint.ENERGY_ANALYSIS, reserved + 1)
        if query.start == query.end:
            result.day_requests += 1
        else:
            result.range_requests += 1
        try:
            answer = await api.energy_analysis(
                site_id, "", "week", f"{query.start}", f"{query.end}", query.device_type
            )
        except SolixRequestError:
            result.refused += 1
            answer = {}
        _store(result, query, answer if isinstance(answer, dict) else {})
        if progress is not None:
            progress(done, planned)
    return result
