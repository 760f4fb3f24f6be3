"""Moves the dates of energy statistics responses to the simulated day (shared with replay)."""

from __future__ import annotations

from custom_components.anker_solix.solixapi.replay_energy import shift_energy_response

__all__ = ["shift_energy_response"]
