"""The one place importing the scene dynamics and the write handlers (separate modules)."""

from __future__ import annotations

from solixsim.dynamics import scene_at_tick, site_cadence_seconds
from solixsim.writes import WRITE_HANDLERS, WriteHandler
from solixsim.writes.preset_log import preset_context
from solixsim.writes.schedule_sb2 import follow_backup_window

__all__ = [
    "WRITE_HANDLERS",
    "WriteHandler",
    "follow_backup_window",
    "preset_context",
    "scene_at_tick",
    "site_cadence_seconds",
]
