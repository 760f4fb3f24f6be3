"""The one place importing the scene dynamics and the write handlers (separate modules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from solixsim.dynamics import scene_at_tick, shift_energy_response, site_cadence_seconds
from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes import WRITE_HANDLERS

WriteHandler = Callable[[ScenarioStore, dict[str, Any], float], SimReply]

__all__ = [
    "WRITE_HANDLERS",
    "WriteHandler",
    "scene_at_tick",
    "shift_energy_response",
    "site_cadence_seconds",
]
