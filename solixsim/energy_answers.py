"""Energy statistics answers for the requested days (§7): the library's replay module.

The logic lives in ``solixapi.replay_energy`` so that replay sessions and the simulator answer
energy requests identically; this module keeps the simulator's import path.
"""

from __future__ import annotations

from custom_components.anker_solix.solixapi.replay_energy import (
    ANALYSIS,
    PV_STATISTICS,
    STATISTICS,
    EnergyShape,
    day_answer,
    interval_answer,
    requested_days,
)

__all__ = [
    "ANALYSIS",
    "PV_STATISTICS",
    "STATISTICS",
    "EnergyShape",
    "day_answer",
    "interval_answer",
    "requested_days",
]
