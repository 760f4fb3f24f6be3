"""The read endpoints of the simulated cloud, by path (without leading slash).

Every read answers as the library's replay does (``solixapi.replay.routes``), behind the
simulator's request checks; the scene moves with the clock, device parameters check their type
and Power Panels are not served on the EU host.
"""

from __future__ import annotations

from collections.abc import Callable

from custom_components.anker_solix.solixapi import READ_ROUTES
from custom_components.anker_solix.solixapi import Handler as ReplayHandler
from solixsim.routes import devices, energy, inverter, powerpanel, sites, statistics
from solixsim.routes.base import Handler, RequestContext, Route, replayed
from solixsim.routes.checks import GET_PATHS, REQUIRED

# Reads the simulator answers itself, given the replay's answer to build on.
_OWN_ANSWERS: dict[str, Callable[[ReplayHandler], Handler]] = {
    sites.SCENE_INFO: lambda _replay: sites.scene_info,
    devices.DEVICE_PARAM: devices.checked_device_param,
    energy.ENERGY_ANALYSIS: energy.energy_analysis,
    **{path: statistics.answer_of(path) for path in statistics.PREFIXES},
    inverter.PV_STATISTICS: inverter.pv_statistics,
}


def _handler(path: str) -> Handler:
    """The simulator's answer of a read endpoint."""
    replay = READ_ROUTES[path]
    own = _OWN_ANSWERS.get(path)
    if own is not None:
        return own(replay)
    if path.startswith(powerpanel.PREFIX):
        return powerpanel.eu_gated(replayed(replay))
    return replayed(replay)


ROUTES: dict[str, Route] = {
    path: Route(_handler(path), "GET" if path in GET_PATHS else "POST", REQUIRED.get(path, ()))
    for path in READ_ROUTES
}

__all__ = ["ROUTES", "RequestContext", "Route"]
