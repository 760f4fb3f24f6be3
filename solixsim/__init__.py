"""Local Anker cloud simulator for tests and development (not shipped to users)."""

from solixsim.clock import SimClock
from solixsim.recorder import RequestRecord, RequestRecorder
from solixsim.reply import SimReply
from solixsim.scenario import ScenarioMeta, ScenarioStore
from solixsim.simulator import CloudSimulator

__all__ = [
    "CloudSimulator",
    "RequestRecord",
    "RequestRecorder",
    "ScenarioMeta",
    "ScenarioStore",
    "SimClock",
    "SimReply",
]
