"""The statistics as the Energy dashboard reads them: the recorder's websocket API.

``daily_changes`` asks ``recorder/statistics_during_period`` for days in Europe/Berlin and
returns the change per statistic and local day. With ``period="hour"`` it also checks the
hours themselves (each hour once, no gap, no negative hour) and sums them per day.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from .conftest import ZONE

BERLIN = ZoneInfo(ZONE)
HOUR_MS = 3_600_000


async def statistics_rows(
    hass: HomeAssistant,
    ws: WebSocketGenerator,
    ids: list[str],
    first: date,
    last: date | None,
    period: Literal["hour", "day"],
) -> dict[str, list[dict[str, Any]]]:
    """The recorder's rows (change, state, sum) of ``ids`` from ``first`` through ``last``."""
    client = await ws(hass)
    query: dict[str, Any] = {
        "type": "recorder/statistics_during_period",
        "start_time": datetime.combine(first, time(), BERLIN).isoformat(),
        "statistic_ids": ids,
        "period": period,
        "types": ["change", "state", "sum"],
    }
    if last is not None:
        end = datetime.combine(last + timedelta(days=1), time(), BERLIN)
        query["end_time"] = end.isoformat()
    await client.send_json_auto_id(query)
    answer = await client.receive_json()
    assert answer["success"], answer
    return dict(answer["result"])


def _check_hours(rows: dict[str, list[dict[str, Any]]]) -> None:
    for sid, hours in rows.items():
        starts = [row["start"] for row in hours]
        assert len(set(starts)) == len(starts), f"{sid}: an hour twice"
        assert all(b - a == HOUR_MS for a, b in itertools.pairwise(starts)), f"{sid}: a gap"
        assert min(row["state"] for row in hours) >= 0, f"{sid}: a negative hour"


async def daily_changes(
    hass: HomeAssistant,
    ws: WebSocketGenerator,
    ids: list[str],
    first: date,
    last: date,
    *,
    period: Literal["hour", "day"] = "hour",
) -> dict[str, dict[date, float]]:
    """Day changes per statistic (kWh), as the Energy dashboard asks for them."""
    rows = await statistics_rows(hass, ws, ids, first, last, period)
    if period == "hour":
        _check_hours(rows)
    days: dict[str, dict[date, float]] = {}
    for sid, found in rows.items():
        for row in found:
            day = datetime.fromtimestamp(row["start"] / 1000, BERLIN).date()
            days.setdefault(sid, {}).setdefault(day, 0.0)
            days[sid][day] += row["change"] or 0.0
    return days
