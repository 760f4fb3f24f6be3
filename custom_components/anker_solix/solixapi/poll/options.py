"""Option lists the integration offers for selects (§8.11)."""

from __future__ import annotations

from ..common.jsonutil import as_dict
from ..derive.price import provider_options
from .context import PollContext
from .prices import site_price_models, site_provider


def apply_option_lists(ctx: PollContext, site_id: str) -> None:
    """Usage mode options per Solarbank, price type and provider options per site."""
    site = ctx.sites.get(site_id) or {}
    if not site.get("site_admin"):
        return
    details = site.setdefault("site_details", {})
    schedule = as_dict(ctx.params.get(site_id)).get("6") or {}
    has_meter = bool(as_dict(site.get("grid_info")).get("grid_list"))
    has_plugs = bool(as_dict(site.get("smart_plug_info")).get("smartplug_list"))
    use_time_plan = bool(schedule.get("use_time")) or bool(details.get("use_time"))
    timeslot = bool(as_dict(site.get("feature_switch")).get("enable_timeslot"))
    for entry in ctx.devices.values():
        generation = entry.get("generation") or 0
        if entry.get("site_id") != site_id or entry.get("type") != "solarbank" or generation < 2:
            continue
        modes = ["manual"]
        if has_meter:
            modes.append("smartmeter")
        if has_plugs:
            modes.append("smartplugs")
        if "grid_to_battery_power" in entry:
            modes.append("backup")
            if has_meter and use_time_plan:
                modes.append("use_time")
        if generation >= 3 and has_meter:
            modes.append("smart")
            if timeslot:
                modes.append("time_slot")
        entry["usage_mode_options"] = modes
    provider = site_provider(ctx, site_id)
    price_types = ["fixed"]
    if use_time_plan:
        price_types.append("use_time")
    if provider:
        price_types.append("dynamic")
    details["price_type_options"] = price_types
    options: list[str] = []
    for model in site_price_models(ctx, site_id):
        for option in provider_options(as_dict(ctx.account.get(f"price_providers_{model}"))):
            if option not in options:
                options.append(option)
    if options:
        details["dynamic_price_options"] = options
