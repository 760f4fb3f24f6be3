"""Device parameters (§4.3.1): the replay answer behind the cloud's ``param_type`` check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from custom_components.anker_solix.solixapi import Handler as ReplayHandler
from solixsim.reply import SimReply
from solixsim.routes.base import RequestContext, envelope_reply

DEVICE_PARAM = "power_service/v1/site/get_site_device_param"
# param_type values the cloud accepts (protocol §4.3.1); scenario files may add newer ones.
PARAM_TYPES = (1, 2, 3, 4, 5, 6, 7, 12, 13, 16, 18, 20)
_PARAM_PREFIX = "device_parm_"


def param_type_options(ctx: RequestContext) -> list[int]:
    """The accepted param types: the cloud's list plus types found in the scenario."""
    options = set(PARAM_TYPES)
    for name in ctx.store.names():
        head = name.removeprefix(_PARAM_PREFIX).split("_", 1)[0]
        if name.startswith(_PARAM_PREFIX) and head.isdigit():
            options.add(int(head))
    return sorted(options)


def param_type_error(ctx: RequestContext) -> SimReply | None:
    """HTTP 400 for a ``param_type`` outside the option list."""
    value = ctx.text("param_type")
    options = param_type_options(ctx)
    if value.isdigit() and int(value) in options:
        return None
    listed = " ".join(str(option) for option in options)
    return SimReply(
        status=400, text=f'error: value "{value}" is not defined in options "[{listed}]"\n'
    )


def checked_device_param(replay: ReplayHandler) -> Callable[[RequestContext], SimReply]:
    """The replay's ``device_parm_<type>_<site>`` answer for valid types (``"04"`` reads ``4``)."""

    def handler(ctx: RequestContext) -> SimReply:
        invalid = param_type_error(ctx)
        if invalid is not None:
            return invalid
        body = {**ctx.body, "param_type": str(int(ctx.text("param_type")))}
        return envelope_reply(replay(replace(ctx, body=body)))

    return handler
