"""Solar forecast structure ``energy_details.pv_forecast_details`` (§8.8)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..common.jsonutil import JsonDict, as_dict, as_list, parse_number

HOUR = timedelta(hours=1)
FMT = "%Y-%m-%d %H:%M"


def _trend_points(day: date, data: JsonDict) -> list[JsonDict]:
    """Hourly forecast points with dates; times wrapping past midnight move to the next day."""
    points: list[JsonDict] = []
    current = datetime.combine(day, datetime.min.time())
    previous_minutes = -1
    for item in as_list(data.get("forecast_trend")):
        if not isinstance(item, dict) or not isinstance(item.get("time"), str):
            continue
        try:
            hours, minutes = (int(part) for part in item["time"].split(":"))
        except ValueError:
            continue
        if not 0 <= minutes < 60 or hours < 0:
            continue
        total = hours * 60 + minutes
        if total <= previous_minutes:
            current += timedelta(days=1)
        previous_minutes = total
        moment = current.replace(hour=hours % 24, minute=minutes)
        value = item.get("value")
        points.append({"timestamp": moment.strftime(FMT), "power": str(value)})
    if len(points) > 1 and points[-1]["timestamp"] == points[-2]["timestamp"]:
        points.pop()
    return points


def _produced_hourly(day: date, data: JsonDict) -> list[JsonDict]:
    """Mean of the intraday points per hour; timestamp = end of the hour."""
    buckets: dict[int, list[float]] = {}
    for item in as_list(data.get("power")):
        if not isinstance(item, dict) or not isinstance(item.get("time"), str):
            continue
        value = parse_number(item.get("value"))
        try:
            hours, minutes = (int(part) for part in item["time"].split(":"))
        except ValueError:
            continue
        if value is None or not 0 <= hours < 24 or (hours == 0 and minutes == 0):
            continue
        hour_end = hours + 1 if minutes else hours
        buckets.setdefault(hour_end, []).append(value)
    start = datetime.combine(day, datetime.min.time())
    return [
        {
            "timestamp": (start + timedelta(hours=hour)).strftime(FMT),
            "power": str(round(sum(values) / len(values))),
        }
        for hour, values in sorted(buckets.items())
    ]


def _kwh(points: list[JsonDict]) -> float:
    return sum(parse_number(p.get("power")) or 0.0 for p in points) / 1000


def build_forecast(
    previous: JsonDict,
    responses: list[tuple[date, JsonDict]],
    local_now: datetime,
    produced_today: object,
) -> JsonDict:
    """Merge new forecast responses into the previous structure and recompute the sums."""
    today = local_now.date()
    today_text = f"{today}"
    trend = {
        p["timestamp"]: p
        for p in as_list(previous.get("trend"))
        if isinstance(p, dict) and str(p.get("timestamp", "")) >= today_text
    }
    first_today: JsonDict = responses[0][1]
    for day, data in responses:
        for point in _trend_points(day, data):
            trend[point["timestamp"]] = point
    ordered = [trend[key] for key in sorted(trend)]
    tomorrow_text = f"{today + timedelta(days=1)}"
    today_points = [
        p
        for p in ordered
        if p["timestamp"][:10] == today_text or p["timestamp"] == f"{tomorrow_text} 00:00"
    ]
    tomorrow_points = [
        p for p in ordered if p["timestamp"][:10] == tomorrow_text and p not in today_points
    ]
    hourly = _produced_hourly(today, first_today)
    first_slot = today_points[0]["timestamp"] if today_points else None
    initially = _kwh([h for h in hourly if first_slot is None or h["timestamp"] < first_slot])
    this_hour = (local_now.replace(minute=0, second=0, microsecond=0) + HOUR).strftime(FMT)
    next_hour = (local_now.replace(minute=0, second=0, microsecond=0) + 2 * HOUR).strftime(FMT)
    by_time = {p["timestamp"]: p for p in ordered}
    fraction = (60 - local_now.minute) / 60
    remaining = sum(
        (parse_number(p["power"]) or 0.0) * (fraction if p["timestamp"] == this_hour else 1.0)
        for p in today_points
        if p["timestamp"] >= this_hour
    )
    produced = parse_number(produced_today)
    return {
        "forecast_24h": first_today.get("forecast_total"),
        "trend_unit": str(first_today.get("trend_unit") or "w").upper(),
        "local_time": first_today.get("local_time"),
        "poll_time": local_now.strftime(FMT),
        "trend": ordered,
        "produced_hourly": hourly,
        "produced_today": None if produced is None else f"{produced:.2f}",
        "produced_initially": f"{initially:.2f}",
        "remaining_today": f"{remaining / 1000:.2f}",
        "forecast_today": f"{initially + _kwh(today_points):.2f}",
        "forecast_tomorrow": f"{_kwh(tomorrow_points):.2f}",
        "time_this_hour": this_hour,
        "trend_this_hour": as_dict(by_time.get(this_hour)).get("power"),
        "time_next_hour": next_hour,
        "trend_next_hour": as_dict(by_time.get(next_hour)).get("power"),
    }
