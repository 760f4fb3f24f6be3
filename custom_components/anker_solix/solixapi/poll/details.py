"""Device details poll (§11.2): inventory, firmware, per-device settings and schedules."""

from __future__ import annotations

from ..cloud import Endpoint
from ..common.jsonutil import JsonDict, Reader, as_dict, format_number, parse_number
from .context import PollContext
from .detail_groups import detail_groups, digest, start_details
from .devices import apply_rssi, describe_status, merge_bind_device, set_name, strip_unit
from .presets import SB1_SCHEDULE, SB2_SCHEDULE, apply_site_presets
from .vehicles import poll_vehicles
from .virtual import create_virtual_sites

STATION_SETTINGS = "18"
SB2_ATTRIBUTES = ["pv_power_limit", "switch_0w"]
SOLAR_INFO_DROPPED = ("brand_id", "model_img", "version", "ota_status")


async def poll_device_details(ctx: PollContext, *, full: bool = False) -> None:
    """Run the device detail queries that are due (:mod:`.detail_groups`); ``full``: all."""
    groups = start_details(ctx, full=full)
    await _bind_devices(ctx)
    admin_serials = sorted(sn for sn, entry in ctx.devices.items() if entry.get("is_admin"))
    if ctx.bind_serials:
        await _auto_upgrade(ctx)
    if admin_serials:
        await _firmware(ctx, admin_serials)
    if groups.due("vehicles", "account"):
        await poll_vehicles(ctx)
        groups.seen("vehicles", "account", ctx.account.get("vehicles"))
    await _hes_wifi(ctx)
    await create_virtual_sites(ctx)
    for site_id, site in list(ctx.sites.items()):
        if not site.get("site_admin") or site.get("site_type") in ("virtual", "hes"):
            continue
        try:
            await _site_devices(ctx, site_id)
        except Exception as err:
            ctx.guard(site_id, "device details", err)


def _known_serials(ctx: PollContext) -> list[str]:
    """Every device serial the site lists and scenes name (the bind list's group scope)."""
    serials = set(ctx.devices)
    for site in ctx.sites.values():
        info = site.get("site_info")
        for item in info.get("site_device_list") or [] if isinstance(info, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("device_sn"), str):
                serials.add(item["device_sn"])
    return sorted(serials)


async def _bind_devices(ctx: PollContext) -> None:
    # a group scoped by the known serials: a new or removed device reads it at once
    groups, scope = detail_groups(ctx), digest(_known_serials(ctx))
    if not groups.due("bind", scope):
        return
    data = await ctx.optional("account", "get_relate_and_bind_devices", ctx.api.get_bind_devices())
    groups.seen("bind", scope, data)
    if data is None:
        return
    items = Reader(data, "account", ctx.issues, "bind_devices").objects("data")
    serials: set[str] = set()
    for item in items:
        serial = Reader(item, "account", ctx.issues, "bind device").text("device_sn", True)
        if not serial:
            continue
        serials.add(serial)
        entry = ctx.device(serial)
        merge_bind_device(entry, Reader(item, serial, ctx.issues))
        set_name(entry, ctx.account.get("products"))
    ctx.bind_serials = serials


async def _auto_upgrade(ctx: PollContext) -> None:
    # scoped by the bound serials: a new or returning device is read at once
    groups, scope = detail_groups(ctx), digest(sorted(ctx.bind_serials))
    if not groups.due("auto_upgrade", scope):
        return
    data = await ctx.optional("account", "get_auto_upgrade", ctx.api.get_auto_upgrade())
    groups.seen("auto_upgrade", scope, data)
    if data is None:
        return
    reader = Reader(data, "account", ctx.issues, "auto_upgrade")
    main_switch = reader.flag("main_switch") is True
    for item in reader.objects("device_list"):
        entry = ctx.devices.get(str(item.get("device_sn")))
        if entry is not None:
            entry["auto_upgrade"] = main_switch and item.get("auto_upgrade") is True


async def _firmware(ctx: PollContext, serials: list[str]) -> None:
    groups, scope = detail_groups(ctx), digest(serials)  # a new device: read at once
    if not groups.due("firmware", scope):
        return
    data = await ctx.optional("account", "check_update", ctx.api.check_ota_update(serials))
    groups.seen("firmware", scope, data)
    if data is None:
        return
    for item in Reader(data, "account", ctx.issues, "ota").objects("update_infos"):
        entry = ctx.devices.get(str(item.get("device_sn")))
        if entry is None:
            continue
        reader = Reader(item, str(item.get("device_sn")), ctx.issues, "ota")
        entry["is_ota_update"] = reader.flag("need_update") is True
        package = reader.child("lastPackage")
        version = package.text("version") or reader.text("current_version")
        if version is not None:
            entry["ota_version"] = version
        change_log = reader.text("change_log")
        if change_log is not None and change_log.strip():
            entry["ota_change_log"] = change_log.strip()
        else:
            entry.pop("ota_change_log", None)
        children = [
            {
                "device_type": child.get("device_type"),
                "need_update": child.get("needUpdate") is True,
                "force_upgrade": child.get("force_upgrade") is True,
                "rom_version_name": child.get("rom_version_name"),
            }
            for child in reader.objects("children")
        ]
        if children:
            entry["ota_children"] = children


async def _hes_wifi(ctx: PollContext) -> None:
    for serial, entry in list(ctx.devices.items()):
        if entry.get("type") != "hes" or entry.get("is_subdevice"):
            continue
        if not detail_groups(ctx).due("wifi", serial):
            # not due: the last answer wins over the bind list's older Wi-Fi values
            entry.update(ctx.marks.get(("hes_wifi", serial)) or {})
            continue
        data = await ctx.optional(serial, "hes get_wifi_info", ctx.api.get_hes_wifi_info(serial))
        detail_groups(ctx).seen("wifi", serial, data)
        if data is None:
            # the bind list (read before) has its own older Wi-Fi values: keep the last answer
            entry.update(ctx.marks.get(("hes_wifi", serial)) or {})
            continue
        reader = Reader(data, serial, ctx.issues)
        ssid = reader.text("ssid")
        if ssid:
            entry["wifi_name"] = ssid
        rssi = reader.data.get("rssi")
        if rssi is not None:
            entry["wifi_signal"] = str(rssi)
        ctx.marks[("hes_wifi", serial)] = {
            key: entry[key] for key in ("wifi_name", "wifi_signal") if key in entry
        }


def _site_banks(ctx: PollContext, site_id: str) -> list[JsonDict]:
    return [
        entry
        for entry in ctx.devices.values()
        if entry.get("site_id") == site_id and entry.get("type") == "solarbank"
    ]


async def _site_devices(ctx: PollContext, site_id: str) -> None:
    await _wifi_list(ctx, site_id)
    banks = _site_banks(ctx, site_id)
    sb1 = [entry for entry in banks if entry.get("generation") == 1]
    newer = [entry for entry in banks if (entry.get("generation") or 0) >= 2]
    for entry in banks:
        await _power_cutoff(ctx, site_id, entry)
    for entry in sb1:
        await _sb1_solar_info(ctx, entry)
        await _fittings(ctx, site_id, entry)
    if sb1:
        await _sb1_device_load(ctx, site_id, sb1)
    if newer:
        await _sb2_params(ctx, site_id, newer)
        for entry in newer:
            await _sb2_attributes(ctx, entry)
    apply_site_presets(ctx, site_id)


async def _wifi_list(ctx: PollContext, site_id: str) -> None:
    groups = detail_groups(ctx)
    if not groups.due("wifi", site_id):
        return
    data = await ctx.optional(site_id, "get_wifi_info_list", ctx.api.get_wifi_list(site_id))
    groups.seen("wifi", site_id, data)
    if data is None:
        return
    items = Reader(data, site_id, ctx.issues).objects("wifi_info_list")
    for entry, item in _wifi_matches(ctx, site_id, items):
        reader = Reader(item, str(entry.get("device_sn")), ctx.issues, "wifi")
        name, signal = reader.text("wifi_name"), reader.text("wifi_signal")
        if name:
            entry["wifi_name"] = name
        if signal:
            entry["wifi_signal"] = signal
        apply_rssi(entry, reader.data.get("rssi"), signal)
        for key in ("is_support_wired", "wired_connected"):
            value = reader.flag(key)
            if value is not None:
                entry[key] = value


def _wifi_matches(
    ctx: PollContext, site_id: str, items: list[JsonDict]
) -> list[tuple[JsonDict, JsonDict]]:
    """Pair Wi-Fi items with devices: by ``device_sn``, else by the 1-based ``wireless_type``.

    Older responses lack ``device_sn``; several devices may share one ``wireless_type`` (§4.2.6).
    """
    pairs: list[tuple[JsonDict, JsonDict]] = []
    for item in items:
        entry = ctx.devices.get(str(item.get("device_sn") or ""))
        if entry is not None:
            pairs.append((entry, item))
    for entry in [e for e in ctx.devices.values() if e.get("site_id") == site_id]:
        wireless_type = entry.get("wireless_type")
        if not isinstance(wireless_type, str) or not wireless_type.isdigit():
            continue
        index = int(wireless_type) - 1
        if 0 <= index < len(items) and not items[index].get("device_sn"):
            pairs.append((entry, items[index]))
    return pairs


async def _power_cutoff(ctx: PollContext, site_id: str, entry: JsonDict) -> None:
    serial = str(entry["device_sn"])
    groups = detail_groups(ctx)
    if not groups.due("cutoff", serial):
        return
    call = ctx.api.get_power_cutoff(site_id, serial)
    data = await ctx.optional(serial, "get_power_cutoff", call)
    groups.seen("cutoff", serial, data)
    if data is None:
        return
    options = Reader(data, serial, ctx.issues).objects("power_cutoff_data")
    entry["power_cutoff_data"] = options
    for option in options:
        if option.get("is_selected") == 1 and isinstance(option.get("output_cutoff_data"), int):
            entry["power_cutoff"] = option["output_cutoff_data"]


async def _sb1_solar_info(ctx: PollContext, entry: JsonDict) -> None:
    serial = str(entry["device_sn"])
    groups = detail_groups(ctx)
    if not groups.due("fittings", f"{serial} solar"):
        return
    data = await ctx.optional(serial, "get_compatible_solar_info", ctx.api.get_solar_info(serial))
    groups.seen("fittings", f"{serial} solar", data)
    if data:
        entry["solar_info"] = {k: v for k, v in data.items() if k not in SOLAR_INFO_DROPPED}


async def _fittings(ctx: PollContext, site_id: str, entry: JsonDict) -> None:
    serial = str(entry["device_sn"])
    groups = detail_groups(ctx)
    if not groups.due("fittings", serial):
        return
    call = ctx.api.get_device_fittings(site_id, serial)
    data = await ctx.optional(serial, "get_relate_device_fittings", call)
    groups.seen("fittings", serial, data)
    if data is None:
        return
    fittings = dict(as_dict(entry.get("fittings")))
    for item in Reader(data, serial, ctx.issues).objects("data"):
        if isinstance(item.get("device_sn"), str):
            fittings[item["device_sn"]] = item
    entry["fittings"] = fittings


async def _sb1_device_load(ctx: PollContext, site_id: str, sb1: list[JsonDict]) -> None:
    """SB1 schedule and applied presets, once per site (§4.3.3)."""
    first = str(sb1[0]["device_sn"])
    groups = detail_groups(ctx)
    if not groups.due("schedule", site_id):
        return
    call = ctx.api.get_device_home_load(site_id, first)
    data = await ctx.optional(site_id, "get_device_home_load", call)
    groups.seen("schedule", site_id, data)
    if data is None:
        return
    schedule = data.get("home_load_data")
    if isinstance(schedule, dict):
        ctx.params.setdefault(site_id, {})[SB1_SCHEDULE] = schedule
    system = strip_unit(data.get("current_home_load"))
    system_value = parse_number(system)
    # parallel_home_load is the preset of the queried device only; dual SB1 units get their
    # own preset from the active slot afterwards (apply_site_presets).
    device = strip_unit(data.get("parallel_home_load"))
    for entry in sb1:
        if system_value is not None:
            entry["set_system_output_power"] = system
            ctx.marks[("device_load", str(entry["device_sn"]))] = True
        if parse_number(device) is not None and entry["device_sn"] == first:
            entry["set_output_power"] = device
        elif system_value is not None:
            entry["set_output_power"] = format_number(system_value / max(len(sb1), 1))


async def _sb2_params(ctx: PollContext, site_id: str, newer: list[JsonDict]) -> None:
    """Schedule (type 6) and station settings (type 18), once per site."""
    params = ctx.params.setdefault(site_id, {})
    groups = detail_groups(ctx)
    for param_type in (SB2_SCHEDULE, STATION_SETTINGS):
        scope = f"{site_id} {param_type}"
        if not groups.due("schedule", scope):
            continue
        call = ctx.api.get_device_param(site_id, param_type)
        label = f"get_site_device_param {param_type}"
        data = await ctx.optional(site_id, label, call, endpoint=Endpoint.GET_SITE_DEVICE_PARAM)
        groups.seen("schedule", scope, data)
        if data is not None:
            params[param_type] = data
    station = params.get(STATION_SETTINGS)
    if station is None:
        return
    site = ctx.sites.get(site_id) or {}
    details = site.setdefault("site_details", {})
    details["station_settings"] = station
    station_sn = details.get("station_sn") or ""
    switch_0w = station.get("switch_0w")
    for entry in newer:
        entry["station_sn"] = station_sn
        if isinstance(switch_0w, int):
            entry["allow_grid_export"] = not bool(switch_0w)


async def _sb2_attributes(ctx: PollContext, entry: JsonDict) -> None:
    serial = str(entry["device_sn"])
    groups = detail_groups(ctx)
    if not groups.due("attributes", serial):
        return
    call = ctx.api.get_device_attrs(serial, SB2_ATTRIBUTES)
    data = await ctx.optional(serial, "get_device_attrs", call)
    groups.seen("attributes", serial, data)
    if data is None:
        return
    attributes = Reader(data, serial, ctx.issues).child("attributes")
    limit = attributes.integer("pv_power_limit")
    if limit is not None:
        entry["pv_power_limit"] = limit
    describe_status(entry)
