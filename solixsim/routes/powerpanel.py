"""Power Panel endpoints ``charging_energy_service/*`` (§4.13); not deployed on the EU host."""

from __future__ import annotations

from collections.abc import Callable

from solixsim.faults import html_page
from solixsim.reply import SimReply
from solixsim.routes.base import (
    RequestContext,
    Route,
    failed,
    from_file,
    is_owner_of_request,
    named,
    no_permission,
    ok,
)
from solixsim.routes.energy import energy_statistics

PREFIX = "charging_energy_service/"
_SITE = ("siteId",)
NameOf = Callable[[RequestContext], str]


def unavailable() -> SimReply:
    """The EU gateway's answer for the Power Panel service family."""
    return SimReply(status=503, text=html_page(503, "Service Temporarily Unavailable"))


def panel_route(
    name: NameOf,
    default: SimReply,
    *,
    required: tuple[str, ...] = (),
    owner_only: bool = False,
) -> Route:
    """A Power Panel endpoint answering one stored file (HTTP 503 on the EU server)."""

    def handler(ctx: RequestContext) -> SimReply:
        if ctx.eu_server:
            return unavailable()
        if owner_only and not is_owner_of_request(ctx):
            return no_permission()
        return from_file(ctx, name(ctx), default)

    return Route(handler, required=required)


def _energy(ctx: RequestContext) -> SimReply:
    """``charging_energy_<sourceType>[_today]_<siteId>``, re-dated."""
    if ctx.eu_server:
        return unavailable()
    return energy_statistics("charging_energy", ctx)


def _first_sn(ctx: RequestContext) -> str:
    """``charging_device_info_<first of sns>``."""
    sns = ctx.body.get("sns")
    first = sns[0] if isinstance(sns, list) and sns else ctx.text("sn")
    return f"charging_device_info_{first}"


def _report_name(ctx: RequestContext) -> str:
    """``charging_report_device_data_<ctrol>_<first of siteIds>``."""
    site_ids = ctx.body.get("siteIds")
    first = site_ids[0] if isinstance(site_ids, list) and site_ids else ctx.text("siteId")
    return f"charging_report_device_data_{ctx.text('ctrol') or '0'}_{first}"


def _owner_sn(prefix: str, key: str = "sn") -> Route:
    """An owner-only endpoint answering ``<prefix>_<sn>``."""
    return panel_route(named(prefix, key), failed(), required=(key,), owner_only=True)


ROUTES: dict[str, Route] = {
    f"{PREFIX}get_system_running_info": panel_route(
        named("charging_system_running_info", "siteId"), failed(), required=_SITE
    ),
    f"{PREFIX}energy_statistics": Route(
        _energy, required=("siteId", "sourceType", "dateType", "start")
    ),
    f"{PREFIX}get_error_infos": panel_route(
        lambda _ctx: "charging_error_info", ok({"error_infos": []})
    ),
    f"{PREFIX}report_device_data": panel_route(_report_name, ok(None), required=("siteIds",)),
    f"{PREFIX}get_device_infos": panel_route(
        _first_sn, failed(), required=(*_SITE, "sns"), owner_only=True
    ),
    f"{PREFIX}get_wifi_info": _owner_sn("charging_wifi_info"),
    f"{PREFIX}get_installation_inspection": _owner_sn("charging_installation_inspection"),
    f"{PREFIX}get_utility_rate_plan": _owner_sn("charging_utility_rate_plan"),
    f"{PREFIX}get_configs": _owner_sn("charging_configs"),
    f"{PREFIX}get_world_monetary_unit": _owner_sn("charging_monetary_units"),
    f"{PREFIX}get_sns": _owner_sn("charging_sns", "main_sn"),
}
