"""Interval totals of exported energy statistics: the library's ``replay_energy_days`` module.

Kept as the simulator's import path; the logic is shared with the library's replay sessions.
"""

from __future__ import annotations

from custom_components.anker_solix.solixapi.replay_energy_days import (
    EnergyDays,
    TotalsSpec,
    format_like,
    write_totals,
)

__all__ = ["EnergyDays", "TotalsSpec", "format_like", "write_totals"]
