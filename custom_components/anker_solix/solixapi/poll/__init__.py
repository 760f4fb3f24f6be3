"""Building the caches from the cloud: the poller and its per-family cache builders, energy
statistics, and the scheduler that decides when to poll what.

May import from the library: common, cloud, derive.
"""

from .energy import _pv_channels as energy_channels
from .poller import SolixPoller
from .scheduler import PollPlan, PollScheduler

__all__ = [
    "PollPlan",
    "PollScheduler",
    "SolixPoller",
    "energy_channels",
]
