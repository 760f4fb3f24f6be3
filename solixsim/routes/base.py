"""Building blocks of the read endpoints: route table entries, request context, answers.

The answers themselves are the library's replay routes (``solixapi.replay.routes``); the
simulator adds request checks (mandatory fields, HTTP method), its site clocks and its own
answers where it moves data over time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from custom_components.anker_solix.solixapi import (
    CODE_FAILED,
    CODE_NO_PERMISSION,
    FAILED,
    NO_PERMISSION,
    Envelope,
    ReplayRequest,
    is_owner_of_request,
)
from custom_components.anker_solix.solixapi import Handler as ReplayHandler
from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes

if TYPE_CHECKING:
    from solixsim.energy import EnergyModel

__all__ = [
    "Handler",
    "RequestContext",
    "Route",
    "envelope_reply",
    "failed",
    "is_owner_of_request",
    "no_permission",
    "ok",
    "replayed",
]


@dataclass(frozen=True)
class RequestContext(ReplayRequest):
    """A replay request with the simulator's site clocks and server region."""

    store: ScenarioStore
    times: SiteTimes
    eu_server: bool
    energy: EnergyModel | None = None
    """The simulator's energy model (``energy_analysis``); None answers as the replay."""

    def file_today(self, site_id: str | None) -> date:
        """The exported "today" of a site by the simulator's site clocks.

        Differs from the replay on purpose: without any scene time the simulator's clock start is
        the export moment.
        """
        return self.times.file_today(site_id)


Handler = Callable[[RequestContext], SimReply]


@dataclass(frozen=True)
class Route:
    """A read endpoint: its handler, HTTP method and mandatory body fields."""

    handler: Handler
    method: str = "POST"
    required: tuple[str, ...] = ()


def ok(data: Any) -> SimReply:
    """A success envelope."""
    return SimReply(data=data)


def failed(code: int = CODE_FAILED, msg: str = FAILED) -> SimReply:
    """An error envelope in HTTP 200 (``-1``, ``10000``, ``10004`` …)."""
    return SimReply(code=code, msg=msg)


def no_permission() -> SimReply:
    """The answer of owner-only endpoints to member accounts."""
    return SimReply(code=CODE_NO_PERMISSION, msg=NO_PERMISSION)


def envelope_reply(envelope: Envelope) -> SimReply:
    """A stored envelope as a reply (a fresh trace id is added when it is sent)."""
    code = envelope.get("code", 0)
    return SimReply(
        code=code if isinstance(code, int) else CODE_FAILED,
        msg=str(envelope.get("msg", "success!")),
        data=envelope.get("data"),
    )


def replayed(handler: ReplayHandler) -> Handler:
    """A library replay route answering as the simulator (envelope → reply)."""
    return lambda ctx: envelope_reply(handler(ctx))
