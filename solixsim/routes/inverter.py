"""Standalone inverter endpoints ``charging_pv_svc/*`` (§4.7); all owner-only."""

from __future__ import annotations

from solixsim.energy_answers import PV_STATISTICS
from solixsim.reply import SimReply
from solixsim.routes.base import (
    RequestContext,
    Route,
    failed,
    is_owner_of_request,
    named,
    no_permission,
    ok,
    owner_route,
    site_of_device,
)
from solixsim.routes.energy import EnergyQuery, energy_answer

_PV = "charging_pv_svc/"
_SN = ("sn",)


def pv_status(ctx: RequestContext) -> SimReply:
    """Merged ``pvStatuses`` of ``device_pv_status_<sn>`` for every serial in ``sns``."""
    if not is_owner_of_request(ctx):
        return no_permission()
    statuses: list[object] = []
    for serial in filter(None, (part.strip() for part in ctx.text("sns").split(","))):
        data = ctx.store.data(f"device_pv_status_{serial}")
        entries = data.get("pvStatuses") if isinstance(data, dict) else None
        statuses.extend(entry for entry in entries or [] if isinstance(entry, dict))
    return ok({"pvStatuses": statuses})


def pv_statistics(ctx: RequestContext) -> SimReply:
    """Energy of a standalone inverter for the requested days (exported today = clock's today).

    Files: ``device_pv_statistics_today_<sn>`` for day curves, else ``device_pv_statistics_<sn>``.
    """
    if not is_owner_of_request(ctx):
        return no_permission()
    serial = ctx.text("sn")
    query = EnergyQuery(
        shape=PV_STATISTICS,
        week_name=f"device_pv_statistics_{serial}",
        today_name=f"device_pv_statistics_today_{serial}",
        site_id=site_of_device(ctx.store, serial),
        day=ctx.text("type") == "day",
        start=ctx.text("start"),
        end=ctx.text("end"),
    )
    return energy_answer(ctx, query, failed())


ROUTES: dict[str, Route] = {
    f"{_PV}getPvStatus": Route(pv_status, required=("sns",)),
    f"{_PV}getPvTotalStatistics": owner_route(
        named("device_pv_total_statistics", "sn"), failed(), required=_SN
    ),
    f"{_PV}statisticsPv": Route(pv_statistics, required=(*_SN, "type")),
    f"{_PV}selectUserTieredElecPrice": owner_route(
        named("device_pv_price", "sn"), failed(), required=_SN
    ),
}
