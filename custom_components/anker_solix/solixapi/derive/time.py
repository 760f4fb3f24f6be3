"""Site time offset bookkeeping (§8.7) and local-time helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DAY = 86400
TZ_STEP = 1800
OFFSET_MARGIN = 120


def parse_cloud_time(text: object) -> float | None:
    """Seconds of a cloud ``YYYY-MM-DD HH:MM:SS`` (naive local time read as UTC); else None.

    Year 1970 (or earlier) counts as invalid.
    """
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return None if moment.year <= 1970 else moment.timestamp()


def naive_time(ts: float, offset_seconds: float) -> datetime:
    """Naive local datetime of Unix time ``ts`` in a zone ``offset_seconds`` east of UTC."""
    return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None) + timedelta(seconds=offset_seconds)


def format_time(ts: float, offset_seconds: float, minutes_only: bool = False) -> str:
    """``YYYY-MM-DD HH:MM:SS`` (or ``…HH:MM``) of ``ts`` in the given zone."""
    fmt = "%Y-%m-%d %H:%M" if minutes_only else "%Y-%m-%d %H:%M:%S"
    return naive_time(ts, offset_seconds).strftime(fmt)


@dataclass(frozen=True)
class OffsetCheck:
    """Result of one offset check."""

    offset_seconds: int
    offset_tz: int


def update_offset(updated_ts: float | None, now: float, previous: int | None) -> OffsetCheck | None:
    """New ``energy_offset_seconds`` / ``_tz`` from a valid device data time, else None.

    offset = min(previous or 1 day, updated − now − 2 min) for data younger than a day (else 0);
    the tz offset is that value rounded to a multiple of 30 min.
    """
    if updated_ts is None:
        return None
    candidate = updated_ts - now - OFFSET_MARGIN
    if abs(candidate) > DAY:
        offset = 0
    else:
        offset = int(min(previous if previous is not None else DAY, candidate))
    return OffsetCheck(offset, round(offset / TZ_STEP) * TZ_STEP)
