"""The history import's state as the account's diagnostic sensors show it.

``history_import``: ``idle`` (nothing requested), ``running``, ``paused`` (the cloud did not
answer; it goes on with the next hourly check) or ``done``; ``history_import_progress``: the
share of the requested days (of every system) imported so far, in percent. The entry's
diagnostics carry the same with the day counts (``import_diagnostics``).
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from .job import HISTORY_JOBS, HistoryJob
from .progress import DONE, PAUSED, RUNNING

IDLE = "idle"
STATES = [IDLE, RUNNING, PAUSED, DONE]


def history_job(hass: HomeAssistant, entry_id: str) -> HistoryJob | None:
    """The entry's history job (None without a recorder or for example data)."""
    return hass.data.get(HISTORY_JOBS, {}).get(entry_id)


def import_state(job: HistoryJob) -> str:
    """``idle``, ``running``, ``paused`` or ``done``."""
    backfill = job.progress.backfill
    if backfill is None:
        return IDLE
    return backfill.state if backfill.state in STATES else IDLE


def import_percent(job: HistoryJob) -> float | None:
    """Days imported of the requested range, in percent (None before a range was planned)."""
    backfill = job.progress.backfill
    if backfill is None:
        return None
    if backfill.days_total <= 0:
        return 100.0 if backfill.state == DONE else 0.0
    return round(100.0 * backfill.days_done / backfill.days_total, 1)


def import_diagnostics(job: HistoryJob) -> dict[str, Any]:
    """The import's state for the entry's diagnostics (no site ids: systems by count only)."""
    backfill = job.progress.backfill
    return {
        "state": import_state(job),
        "range": None if backfill is None else {"start": backfill.start, "end": backfill.end},
        "days_total": backfill.days_total if backfill else 0,
        "days_done": backfill.days_done if backfill else 0,
        "requests": backfill.requests if backfill else 0,
        "percent": import_percent(job),
        "imported_days_per_system": sorted(len(days) for days in job.progress.days.values()),
    }
