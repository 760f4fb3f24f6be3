"""Site-level read endpoints: scene info, site details, prices, limits, CO2, AI (§4.1, §4.5)."""

from __future__ import annotations

from solixsim.hooks import follow_backup_window, scene_at_tick, site_cadence_seconds
from solixsim.reply import SimReply
from solixsim.routes.base import (
    RequestContext,
    Route,
    envelope_reply,
    failed,
    file_route,
    fixed_name,
    named,
    ok,
    owner_route,
)
from solixsim.sitetime import scene_updated_time

_SITE = "power_service/v1/site/"
_SITE_ID = ("site_id",)


def scene_info(ctx: RequestContext) -> SimReply:
    """The scene of a site as it looks at the current clock tick.

    ``scene_mode`` and ``backup_info`` follow the clock through the stored backup window.
    """
    site_id = ctx.text("site_id")
    envelope = ctx.store.get(f"scene_{site_id}")
    if envelope is None:
        return failed()
    data = envelope.get("data")
    if envelope.get("code", 0) != 0 or not isinstance(data, dict):
        return envelope_reply(envelope)
    cadence = site_cadence_seconds(data)
    tick = ctx.times.tick(site_id, cadence)
    exported = scene_updated_time(data)
    updated_time = exported
    if ctx.times.parse_local(exported) is not None:
        updated_time = ctx.times.format_local(ctx.times.base(site_id) + tick * cadence)
    scene = scene_at_tick(data, tick, site_id, updated_time)
    follow_backup_window(ctx.store, site_id, scene, ctx.now)
    return ok(scene)


def _dynamic_price_detail(ctx: RequestContext) -> SimReply:
    """Spot prices of a provider: ``dynamic_price_details_<country>_<company>_<area>``."""
    suffix = f"_{ctx.text('company')}_{ctx.text('area')}"
    for name in ctx.store.names():
        if name.startswith("dynamic_price_details_") and name.endswith(suffix):
            envelope = ctx.store.get(name)
            if envelope is not None:
                return envelope_reply(envelope)
    return failed()


ROUTES: dict[str, Route] = {
    f"{_SITE}get_scen_info": Route(scene_info, required=_SITE_ID),
    f"{_SITE}get_site_detail": owner_route(
        named("site_detail", "site_id"), failed(), required=_SITE_ID
    ),
    f"{_SITE}get_wifi_info_list": owner_route(
        named("wifi_list", "site_id"), ok({"wifi_info_list": []}), required=_SITE_ID
    ),
    f"{_SITE}get_site_price": owner_route(named("price", "site_id"), failed(), required=_SITE_ID),
    f"{_SITE}get_power_limit": owner_route(
        named("power_limit", "site_id"), failed(), required=_SITE_ID
    ),
    f"{_SITE}co2_ranking": file_route(named("co2_ranking", "site_id"), failed(), required=_SITE_ID),
    f"{_SITE}get_schedule": file_route(
        named("forecast_schedule", "site_id"), failed(), required=_SITE_ID
    ),
    "power_service/v1/ai_ems/get_status": file_route(
        named("ai_ems_status", "site_id"), failed(), required=_SITE_ID
    ),
    "power_service/v1/app/compatible/get_installation": file_route(
        named("installation", "site_id"), failed(), required=_SITE_ID
    ),
    "power_service/v1/dynamic_price/check_available": file_route(
        fixed_name("dynamic_price_sites"), ok({"site_ids": []})
    ),
    "power_service/v1/dynamic_price/support_option": file_route(
        named("dynamic_price_providers", "device_pn"),
        ok({"country_info": []}),
        required=("device_pn",),
    ),
    "power_service/v1/dynamic_price/price_detail": Route(
        _dynamic_price_detail, required=("company", "area", "date")
    ),
}
