"""The read endpoints of the simulated cloud, by path (without leading slash)."""

from __future__ import annotations

from solixsim.routes import account, devices, energy, hes, inverter, powerpanel, sites, vehicles
from solixsim.routes.base import RequestContext, Route

ROUTES: dict[str, Route] = {
    **account.ROUTES,
    **sites.ROUTES,
    **devices.ROUTES,
    **energy.ROUTES,
    **vehicles.ROUTES,
    **inverter.ROUTES,
    **hes.ROUTES,
    **powerpanel.ROUTES,
}

__all__ = ["ROUTES", "RequestContext", "Route"]
