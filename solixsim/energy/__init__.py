"""The simulated cloud's energy statistics: served power integrated over the clock (§7).

``sim.energy`` (an :class:`EnergyModel`) answers ``energy_analysis`` for the device types a
scenario exports, keeps exported days as they are, moves today's counters with the clock,
synthesizes ``history_days`` of past days and applies late cloud corrections.
"""

from solixsim.energy import fields
from solixsim.energy.model import EnergyModel

__all__ = ["EnergyModel", "fields"]
