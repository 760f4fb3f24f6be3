"""Home Energy System endpoints ``charging_hes_svc/*`` (§4.12, §7.5)."""

from __future__ import annotations

from collections.abc import Callable

from solixsim.reply import SimReply
from solixsim.routes.base import (
    HES_SITE_TYPES,
    RequestContext,
    Route,
    failed,
    fixed_name,
    from_file,
    is_owner_of_request,
    named,
    ok,
    site_type,
)
from solixsim.routes.energy import energy_statistics, statistics_name

_HES = "charging_hes_svc/"
_SITE = ("siteId",)
_ENERGY_PREFIX = "hes_energy"
NameOf = Callable[[RequestContext], str]


def _is_hes_site(ctx: RequestContext, site_id: str) -> bool:
    """True for sites whose ``power_site_type`` marks a Home Energy System."""
    return site_type(ctx.store, site_id) in HES_SITE_TYPES


def _has_hes_site(ctx: RequestContext) -> bool:
    """True when any site of the scenario is a Home Energy System."""
    return any(_is_hes_site(ctx, site_id) for site_id in ctx.store.site_ids())


def _missing(ctx: RequestContext) -> SimReply:
    """A missing HES answer: ``-1`` on sites/accounts without HES, ``10000`` otherwise."""
    site_id = ctx.text("siteId")
    hes = _is_hes_site(ctx, site_id) if site_id else _has_hes_site(ctx)
    return failed() if hes else failed(-1)


def hes_route(name: NameOf, *, required: tuple[str, ...] = _SITE) -> Route:
    """A HES endpoint answering one stored file."""
    return Route(lambda ctx: from_file(ctx, name(ctx), _missing(ctx)), required=required)


def hes_owner_route(name: NameOf, member: SimReply) -> Route:
    """An owner-only HES endpoint; members get ``member``."""

    def handler(ctx: RequestContext) -> SimReply:
        if not is_owner_of_request(ctx):
            return member
        return from_file(ctx, name(ctx), _missing(ctx))

    return Route(handler, required=_SITE)


def _report_site(ctx: RequestContext) -> str:
    """``hes_report_device_data_<first of siteIds>``."""
    site_ids = ctx.body.get("siteIds")
    first = site_ids[0] if isinstance(site_ids, list) and site_ids else ctx.text("siteId")
    return f"hes_report_device_data_{first}"


def _report_device_data(ctx: RequestContext) -> SimReply:
    """Owner/installer only; members get ``200104``."""
    if not is_owner_of_request(ctx):
        return failed(200104, "The installer system does not exist")
    return from_file(ctx, _report_site(ctx), _missing(ctx))


def _energy(ctx: RequestContext) -> SimReply:
    """``hes_energy_<sourceType>[_today]_<siteId>``; ``-1`` on sites without HES."""
    name = statistics_name(_ENERGY_PREFIX, ctx)
    if not _is_hes_site(ctx, ctx.text("siteId")) and ctx.store.get(name) is None:
        return failed(-1)
    return energy_statistics(_ENERGY_PREFIX, ctx)


def _profit_name(ctx: RequestContext) -> str:
    """``hes_system_profit_<dateType>_<siteId>``."""
    return f"hes_system_profit_{ctx.text('dateType')}_{ctx.text('siteId')}"


def _station_name(ctx: RequestContext) -> str:
    """``hes_evcharger_station_info_<featuretype>_<sn>``."""
    return f"hes_evcharger_station_info_{ctx.text('featuretype')}_{ctx.text('evChargerSn')}"


def _plan_name(ctx: RequestContext) -> str:
    """``hes_electric_plan_<country>_<state_code>``."""
    return f"hes_electric_plan_{ctx.text('country').lower()}_{ctx.text('state_code').lower()}"


ROUTES: dict[str, Route] = {
    f"{_HES}get_device_product_info": Route(
        lambda ctx: from_file(ctx, "hes_product_info", ok({"productsInfo": []}))
    ),
    f"{_HES}get_system_running_info": hes_route(named("hes_system_running_info", "siteId")),
    f"{_HES}get_energy_statistics": Route(
        _energy, required=("siteId", "sourceType", "dateType", "start")
    ),
    f"{_HES}get_hes_dev_info": hes_route(named("hes_dev_info", "siteId")),
    f"{_HES}get_wifi_info": hes_route(named("hes_wifi_info", "sn"), required=("sn",)),
    f"{_HES}get_system_profit_detail": hes_route(_profit_name, required=(*_SITE, "dateType")),
    f"{_HES}get_world_monetary_unit": hes_route(named("hes_monetary_units", "siteId")),
    f"{_HES}get_heat_pump_plan_json": hes_route(fixed_name("hes_heat_pump_plan"), required=()),
    f"{_HES}get_electric_utility_and_electric_plan_list": hes_route(_plan_name, required=()),
    f"{_HES}get_user_bind_and_not_in_station_evchargers": hes_route(
        fixed_name("hes_evcharger_standalone"), required=()
    ),
    f"{_HES}get_evcharger_station_info": hes_route(_station_name, required=("evChargerSn",)),
    f"{_HES}get_system_running_time": hes_owner_route(
        named("hes_system_running_time", "siteId"), failed()
    ),
    f"{_HES}get_mi_layout": hes_owner_route(named("hes_mi_layout", "siteId"), failed(-1)),
    f"{_HES}get_conn_net_tips": hes_owner_route(named("hes_conn_net_tips", "siteId"), failed()),
    f"{_HES}report_device_data": Route(_report_device_data, required=("siteIds",)),
}
