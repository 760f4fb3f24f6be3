"""Building the caches from the cloud: the poller and its per-family cache builders, energy
statistics, and the scheduler that decides when to poll what.

May import from the library: common, cloud, derive.
"""

from .poller import SolixPoller
from .scheduler import PollPlan, PollScheduler

__all__ = [
    "PollPlan",
    "PollScheduler",
    "SolixPoller",
]
