"""AC charge window rules (§6.3.6) as a pure function on ``ManualBackup``.

Rules: seconds are dropped; a start alone gives the default 3 h; a duration sets the end from
the start (the given one, else the stored one, else now); switching on a window that already
ended starts it now (same length, only when no time is given).

A window the caller gives is applied as given or refused, never changed silently: an end not
after the start (``backup_end_before_start``), a start before the current minute
(``backup_start_past``), an end that is not in the future (``backup_end_past``), an end more
than a year ahead (``backup_too_far_ahead``) and a window shorter than 5 min
(``backup_window_too_short``) are refused.
"""

from __future__ import annotations

from ..common.errors import SolixValidationError
from .plans import ManualBackup

DEFAULT_DURATION = 3 * 3600
MIN_DURATION = 5 * 60
MAX_DURATION = 24 * 3600
MAX_AHEAD_DAYS = 366
"""A window must end within a year from now (later times are typos, not plans)."""


def _minute(ts: float) -> int:
    return int(ts) // 60 * 60


def _check_duration(duration: float | None) -> None:
    if duration is not None and not MIN_DURATION <= duration <= MAX_DURATION:
        placeholders = {
            "field": "duration",
            "value": str(int(duration)),
            "min": str(MIN_DURATION),
            "max": str(MAX_DURATION),
        }
        raise SolixValidationError(
            "value_out_of_range", field="duration", placeholders=placeholders
        )


def _given_window(
    stored: ManualBackup,
    now_minute: int,
    start: float | None,
    end: float | None,
    duration: float | None,
) -> tuple[int, int]:
    """The window from the given times (refused unless it is a valid future window)."""
    given_start = _minute(start) if start is not None else None
    given_end = _minute(end) if end is not None else None
    if given_start is not None and given_start < now_minute:
        raise SolixValidationError("backup_start_past", field="start")
    new_start = given_start if given_start is not None else stored.start
    if new_start is None:
        new_start = now_minute
    if given_end is not None:
        new_end = given_end
    elif duration is not None:
        new_end = new_start + _minute(duration)
    else:
        new_end = new_start + DEFAULT_DURATION
    field = "end" if end is not None else "duration" if duration is not None else "start"
    if new_end <= now_minute:
        raise SolixValidationError("backup_end_past", field=field)
    if new_end <= new_start:
        raise SolixValidationError("backup_end_before_start", field=field)
    if new_end - now_minute > MAX_AHEAD_DAYS * 86400:
        placeholders = {"days": str(MAX_AHEAD_DAYS)}
        raise SolixValidationError("backup_too_far_ahead", field=field, placeholders=placeholders)
    if new_end - new_start < MIN_DURATION:
        placeholders = {"minutes": str(MIN_DURATION // 60)}
        raise SolixValidationError(
            "backup_window_too_short", field=field, placeholders=placeholders
        )
    return new_start, new_end


def plan_backup(
    current: ManualBackup | None,
    *,
    now: float,
    enable: bool | None = None,
    start: float | None = None,
    end: float | None = None,
    duration: float | None = None,
) -> ManualBackup:
    """The new window and switch (Unix seconds) from the stored one and the given values."""
    if enable is None and start is None and end is None and duration is None:
        raise SolixValidationError("nothing_to_change")
    _check_duration(duration)
    stored = current or ManualBackup()
    now_minute = _minute(now)
    switch = stored.switch if enable is None else enable
    if start is not None or end is not None or duration is not None:
        new_start, new_end = _given_window(stored, now_minute, start, end, duration)
        return ManualBackup(new_start, new_end, switch, dict(stored.extra))
    # Only the switch changes: the stored window (a default one when there is none).
    new_start = stored.start if stored.start is not None else now_minute
    new_end = stored.end if stored.end is not None else new_start + DEFAULT_DURATION
    if new_end < new_start:
        new_start, new_end = new_end, new_start
    if new_end - new_start < MIN_DURATION:
        new_end = new_start + (DEFAULT_DURATION if new_end == new_start else MIN_DURATION)
    if switch and new_end <= now_minute:
        length = new_end - new_start
        new_start, new_end = now_minute, now_minute + length
    return ManualBackup(new_start, new_end, switch, dict(stored.extra))
