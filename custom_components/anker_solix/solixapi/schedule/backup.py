"""AC charge window rules (§6.3.6) as a pure function on ``ManualBackup``.

Rules: seconds are dropped; an end before the start is swapped; equal times or a start alone
give the default 3 h; a window shorter than 5 min is stretched to 5 min; a duration sets the
end from the start; switching on a window that already ended starts it now (same length).
"""

from __future__ import annotations

from ..common.errors import SolixValidationError
from .plans import ManualBackup

DEFAULT_DURATION = 3 * 3600
MIN_DURATION = 5 * 60
MAX_DURATION = 24 * 3600


def _minute(ts: float) -> int:
    return int(ts) // 60 * 60


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
    stored = current or ManualBackup()
    now_minute = _minute(now)
    new_start = _minute(start) if start is not None else stored.start
    new_end = _minute(end) if end is not None else None
    if new_end is None and duration is not None:
        base = new_start if new_start is not None else now_minute
        new_start, new_end = base, base + _minute(duration)
    if new_end is None and start is None:
        new_end = stored.end
    if new_start is None:
        new_start = now_minute
    if new_end is None:
        new_end = new_start + DEFAULT_DURATION
    if new_end < new_start:
        new_start, new_end = new_end, new_start
    if new_end == new_start:
        new_end = new_start + DEFAULT_DURATION
    if new_end - new_start < MIN_DURATION:
        new_end = new_start + MIN_DURATION
    switch = stored.switch if enable is None else enable
    if switch and new_end <= now_minute:
        length = new_end - new_start
        new_start, new_end = now_minute, now_minute + length
    return ManualBackup(new_start, new_end, switch, dict(stored.extra))
