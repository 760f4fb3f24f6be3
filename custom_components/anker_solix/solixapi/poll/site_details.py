"""Site details poll (§11.3): prices, power limits, CO2, AI status, dynamic prices, options."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from ..common.jsonutil import JsonDict, Reader
from ..common.products import AI_EMS_RUNTIME_STATUS, UNKNOWN
from ..derive.schedule import AC_MODELS
from .context import PollContext
from .detail_groups import detail_groups, start_details
from .hes import merge_hes_devices
from .options import apply_option_lists
from .prices import update_dynamic_prices
from .virtual import poll_virtual_details


async def poll_site_details(ctx: PollContext, *, full: bool = False) -> None:
    """Run the site detail queries that are due (:mod:`.detail_groups`); ``full``: all."""
    groups = start_details(ctx, full=full)
    try:
        if groups.due("messages", "account"):
            call = ctx.api.get_message_unread()
            data = await ctx.optional("account", "get_message_unread", call)
            groups.seen("messages", "account", data)
            if data is not None:
                reader = Reader(data, "account", ctx.issues, "message_unread")
                for key in ("has_unread_msg", "system_msg", "device_msg"):
                    ctx.account[key] = reader.flag(key)
        for site_id, site in list(ctx.sites.items()):
            try:
                await _site_details(ctx, site_id, site)
            except Exception as err:
                ctx.guard(site_id, "site details", err)
    finally:
        groups.finish()


async def _grouped(
    ctx: PollContext,
    group: str,
    scope: str,
    label: str,
    call: Callable[[], Coroutine[Any, Any, JsonDict]],
) -> JsonDict | None:
    """One detail query of ``group`` if due (None when not due or failed; see ``optional``)."""
    groups = detail_groups(ctx)
    if not groups.due(group, scope):
        return None
    data: JsonDict | None = await ctx.optional(scope, label, call())
    groups.seen(group, scope, data)
    return data


async def _site_details(ctx: PollContext, site_id: str, site: JsonDict) -> None:
    site_type = site.get("site_type")
    admin = bool(site.get("site_admin"))
    if site_type == "virtual":
        await poll_virtual_details(ctx, site_id)
        return
    details: JsonDict = site.setdefault("site_details", {})
    if site_type == "hes":
        call = lambda: ctx.api.get_hes_device_info(site_id)  # noqa: E731
        data = await _grouped(ctx, "hes_devices", site_id, "get_hes_dev_info", call)
        if data:
            merge_hes_devices(ctx, site_id, data)
        await _hes_running_info(ctx, site_id, site)
    elif site_type == "powerpanel":
        await _power_panel_running_info(ctx, site_id, site)
    if admin:
        await _price(ctx, site_id, details)
    if admin and site_type == "solarbank":
        await _power_limit(ctx, site_id, details)
    await _co2(ctx, site_id, details)
    if site.get("power_site_type") == 12:
        await _ai_status(ctx, site_id, details)
    await update_dynamic_prices(ctx, site_id)
    apply_option_lists(ctx, site_id)


async def _price(ctx: PollContext, site_id: str, details: JsonDict) -> None:
    call = lambda: ctx.api.get_site_price(site_id)  # noqa: E731
    data = await _grouped(ctx, "price", site_id, "get_site_price", call)
    if data is not None:
        details.update({k: v for k, v in data.items() if k != "site_id"})


async def _co2(ctx: PollContext, site_id: str, details: JsonDict) -> None:
    call = lambda: ctx.api.get_co2_ranking(site_id)  # noqa: E731
    data = await _grouped(ctx, "co2", site_id, "co2_ranking", call)
    if data is not None:
        details["co2_ranking"] = {k: v for k, v in data.items() if k != "show"}


async def _ai_status(ctx: PollContext, site_id: str, details: JsonDict) -> None:
    call = lambda: ctx.api.get_ai_ems_status(site_id)  # noqa: E731
    data = await _grouped(ctx, "ai_status", site_id, "ai_ems get_status", call)
    if data is None:
        return
    reader = Reader(data, site_id, ctx.issues, "ai_ems_status")
    status = reader.integer("status")
    details["ai_ems_runtime"] = {
        "status": status,
        "result": reader.text("result"),
        "left_time": reader.integer("left_time"),
        "status_desc": AI_EMS_RUNTIME_STATUS.get(status, UNKNOWN)
        if status is not None
        else UNKNOWN,
    }


async def _power_limit(ctx: PollContext, site_id: str, details: JsonDict) -> None:
    """Power limits of the Solarbanks and the power dock entry (§8.4)."""
    call = lambda: ctx.api.get_power_limit(site_id)  # noqa: E731
    data = await _grouped(ctx, "power_limit", site_id, "get_power_limit", call)
    if data is None:
        return
    reader = Reader(data, site_id, ctx.issues, "power_limit")
    details["legal_power_limit"] = reader.integer("legal_power_limit")
    details["parallel_type"] = reader.text("parallel_type")
    details["power_limit_option"] = reader.array("power_limit_option")
    for item in reader.objects("device_info"):
        entry = ctx.devices.get(str(item.get("device_sn")))
        if entry is not None:
            _apply_limits(entry, item)
    dock = reader.obj("ae100_info")
    if not dock or not isinstance(dock.get("device_sn"), str):
        return
    serial = dock["device_sn"]
    details["station_sn"] = serial
    entry = ctx.device(serial)
    limit = dock.get("power_limit") or data.get("all_power_limit")
    ac_limit = dock.get("ac_input_limit") or str(data.get("ac_input_power_unit") or "").upper()
    entry.update(
        {
            "site_id": site_id,
            "device_pn": dock.get("device_pn") or "AE100",
            "type": "combiner_box",
            "name": entry.get("name") or "Power Dock AE100",
            "alias": "Power Dock",
            "is_passive": True,
            "is_admin": True,
            "current_power": str(data.get("current_power", "")),
            "all_power_limit": str(limit if limit is not None else ""),
            "all_ac_input_limit": str(ac_limit).removesuffix("W"),
        }
    )
    _apply_limits(entry, dock)
    station = details.get("station_settings")
    if isinstance(station, dict):
        soc_list = [o for o in station.get("soc_list") or [] if isinstance(o, dict)]
        entry["power_cutoff_data"] = soc_list
        for option in soc_list:
            if option.get("is_selected") == 1:
                entry["power_cutoff"] = option.get("soc")
        if isinstance(station.get("switch_0w"), int):
            entry["allow_grid_export"] = not bool(station["switch_0w"])
    for bank in ctx.devices.values():
        if bank.get("site_id") == site_id and (bank.get("generation") or 0) >= 2:
            bank["station_sn"] = serial


def _apply_limits(entry: JsonDict, item: JsonDict) -> None:
    for key in ("power_limit", "ac_input_limit"):
        if key in item:
            entry[key] = item[key]
    if "ac_input_limit" not in item and entry.get("device_pn") in AC_MODELS:
        # An AC model listed without an AC input limit has none set: 0, like power_limit (§4.4.5).
        entry["ac_input_limit"] = 0
    option = item.get("power_limit_option")
    entry["power_limit_option"] = option if option else "Auto"
    entry["power_limit_option_real"] = item.get("power_limit_option_real")
    status = item.get("status")
    if entry.get("type") == "combiner_box" and status is not None:
        entry["status"] = str(status)
        entry["status_desc"] = "online" if str(status) == "1" else "offline"


async def _hes_running_info(ctx: PollContext, site_id: str, site: JsonDict) -> None:
    call = lambda: ctx.api.get_hes_running_info(site_id)  # noqa: E731
    data = await _grouped(ctx, "running_info", site_id, "hes get_system_running_info", call)
    if data is None:
        return
    info = site.setdefault("hes_info", {})
    for key in (
        "connected",
        "numberOfParallelDevice",
        "batCount",
        "rePostTime",
        "net",
        "realNet",
        "supportDiesel",
        "isAddHeatPump",
        "systemCode",
    ):
        if key in data:
            info[key] = data[key]
    if data.get("mainSn"):
        info["main_sn"] = data["mainSn"]
        info["main_pn"] = data.get("mainDeviceModel")
    site["statistics"] = [
        _statistic(
            "1", data.get("totalSystemPowerGeneration"), data.get("systemPowerGenerationUnit")
        ),
        _statistic("2", data.get("saveCarbonFootprint"), data.get("saveCarbonUnit")),
        _statistic("3", data.get("totalSystemSavings"), data.get("systemSavingsPriceUnit")),
    ]


async def _power_panel_running_info(ctx: PollContext, site_id: str, site: JsonDict) -> None:
    call = lambda: ctx.api.get_power_panel_running_info(site_id)  # noqa: E731
    label = "power panel get_system_running_info"
    data = await _grouped(ctx, "running_info", site_id, label, call)
    if data is None:
        return
    site["connect_infos"] = data.get("connect_infos")
    site["connected"] = data.get("connected")
    site["statistics"] = [
        _statistic(
            "1", data.get("total_system_power_generation"), data.get("system_power_generation_unit")
        ),
        _statistic("2", data.get("save_carbon_footprint"), data.get("save_carbon_unit")),
        _statistic("3", data.get("total_system_savings"), data.get("system_savings_price_unit")),
    ]


def _statistic(kind: str, value: object, unit: object) -> JsonDict:
    total = None if value is None or isinstance(value, bool) else str(value)
    text = unit if isinstance(unit, str) else None
    return {"type": kind, "total": total, "unit": text.lower() if text and kind == "1" else text}
