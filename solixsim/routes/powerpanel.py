"""Power Panel endpoints ``charging_energy_service/*`` (§4.13); not deployed on the EU host."""

from __future__ import annotations

from solixsim.faults import html_page
from solixsim.reply import SimReply
from solixsim.routes.base import Handler, RequestContext

PREFIX = "charging_energy_service/"


def unavailable() -> SimReply:
    """The EU gateway's answer for the Power Panel service family."""
    return SimReply(status=503, text=html_page(503, "Service Temporarily Unavailable"))


def eu_gated(handler: Handler) -> Handler:
    """A Power Panel answer on the US host; HTTP 503 on the EU host."""

    def gated(ctx: RequestContext) -> SimReply:
        return unavailable() if ctx.eu_server else handler(ctx)

    return gated
