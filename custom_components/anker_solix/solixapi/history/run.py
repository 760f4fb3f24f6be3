"""Run a backfill plan through the shared session, politely."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..cloud import Endpoint, SolixApi, SolixSession
from ..common.errors import SolixPayloadError, SolixRequestError
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
    empty: int = 0
    """Answers (code 0) without any of the fields their query type carries."""


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


def _carries_data(query: HistoryQuery, answer: object) -> bool:
    """Whether an answer has a field its query type carries (an empty list counts: the
    cloud's answer for days without data; an answer without the fields is no answer)."""
    if not isinstance(answer, dict):
        return False
    keys = {key for key, _ in RANGE_SERIES.get(query.device_type, ())}
    if query.start == query.end:
        keys |= {key for key, _ in DAY_SERIES.get(query.device_type, ())}
        keys.add("smart_plug_info")
    return any(key in answer for key in keys)


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
    require_data: bool = True,
) -> BackfillResult:
    """Run the plan's queries; before each one wait until ``reserved`` + 1 slots are free.

    A query type the cloud refuses (request error) or answers without its fields counts as no
    data, as long as other queries carry data: some accounts are refused some types for good.
    When every query so far failed so, once each device type of the plan failed (or
    ``require_data`` is off), the endpoint itself is failing (the generic 10000 "Failed to
    request." of a cloud incident, empty answers): `SolixPayloadError` is raised instead of
    taking days for empty, so the caller resumes later. Other cloud errors propagate too.
    """
    result = BackfillResult()
    planned = len(plan.queries)
    types = {query.device_type for query in plan.queries}
    answered = not require_data
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
            answer = None
        else:
            if _carries_data(query, answer):
                answered = True
            else:
                result.empty += 1
        if not answered and result.refused + result.empty >= len(types):
            raise SolixPayloadError(
                f"no energy data in {result.refused + result.empty} answers",
                endpoint=Endpoint.ENERGY_ANALYSIS,
            )
        _store(result, query, answer if isinstance(answer, dict) else {})
        if progress is not None:
            progress(done, planned)
    return result
