"""Power Panel / X1 averages: samples whose solar answer can be left out (the sun is down).

Solar power is 0 while the sun is down, and the hours with solar move by minutes from one day to
the next. A sample that starts more than ``MARGIN_MINUTES`` before the earliest or after the
latest solar point (a 5-minute ``power`` point above 0) of the last ``DAYS`` days therefore has
no solar, and the ``solar`` day answer (a full day of points, §7.5) is not read for it.

The spans come from the full day answers of the days before (one ``solar`` read per day, the
first time the question comes up that day; a past day's answer is complete). Without a day with
solar among them every sample reads its solar answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from ..common.jsonutil import JsonDict, as_list, parse_number
from .context import PollContext

MARGIN_MINUTES = 90
"""Minutes before the earliest and after the latest solar point of the days seen that may still
have solar: sunrise and sunset move a few minutes per day, and by an hour of site time when
daylight saving time starts or ends."""
DAYS = 7
"""Days back whose solar hours count."""
SPANS_KEY = "solar_spans"

Span = tuple[int, int]
DayReader = Callable[[str], Awaitable[JsonDict | None]]


def _minutes(text: object) -> int | None:
    """``HH:MM`` as minutes after midnight, None for anything else."""
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        return None
    try:
        hours, minutes = int(text[:2]), int(text[3:])
    except ValueError:
        return None
    return hours * 60 + minutes if 0 <= hours < 24 and 0 <= minutes < 60 else None


def solar_span(data: JsonDict | None) -> Span | None:
    """Start minutes of the first and the last ``power`` point with solar above 0."""
    found: list[int] = []
    for point in as_list((data or {}).get("power")):
        if not isinstance(point, dict) or (minute := _minutes(point.get("time"))) is None:
            continue
        infos = [info for info in as_list(point.get("powerInfos")) if isinstance(info, dict)]
        if any((parse_number(info.get("value")) or 0.0) > 0 for info in infos):
            found.append(minute)
    return (found[0], found[-1]) if found else None


async def sun_is_down(
    ctx: PollContext, site_id: str, day: date, slot: str, read_day: DayReader
) -> bool:
    """Whether the sample of ``day`` starting at ``slot`` (``HH:MM``) cannot have solar.

    ``read_day(day_text)`` reads the ``solar`` day answer of an earlier day (asked once per day,
    and again after a failed read).
    """
    minute = _minutes(slot)
    if minute is None:
        return False
    spans: dict[str, Span | None] = ctx.marks.setdefault((SPANS_KEY, site_id), {})
    yesterday = f"{day - timedelta(days=1)}"
    if yesterday not in spans:
        data = await read_day(yesterday)
        if data is None:
            return False
        spans[yesterday] = solar_span(data)
    oldest = f"{day - timedelta(days=DAYS)}"
    for key in [key for key in spans if key < oldest or key >= f"{day}"]:
        del spans[key]
    known = [span for span in spans.values() if span is not None]
    if not known:
        return False
    first = min(span[0] for span in known)
    last = max(span[1] for span in known)
    return minute < first - MARGIN_MINUTES or minute > last + MARGIN_MINUTES
