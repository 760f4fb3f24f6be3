"""Scene info → site entry and the devices found in its lists (§4.1.2, §5.1, §5.7, §5.8)."""

from __future__ import annotations

from ..common.jsonutil import JsonDict, Reader
from ..common.products import site_type_for
from ..derive.time import format_time, parse_cloud_time, update_offset
from .context import PollContext
from .devices import (
    GENERIC_FIELDS,
    INVERTER_FIELDS,
    METER_FIELDS,
    PLUG_FIELDS,
    SOLARBANK_FIELDS,
    FieldSpec,
    describe_status,
    merge_fields,
    set_name,
    set_product,
)
from .presets import apply_site_presets
from .solarbank import derive_solarbanks

# Site keys that survive a new scene (filled by other poll steps).
KEPT_SITE_KEYS = (
    "site_details",
    "energy_details",
    "customized",
    "energy_offset_seconds",
    "energy_offset_check",
    "energy_offset_tz",
    "hes_info",
    "statistics",
    "connect_infos",
    "connected",
)


def new_site_entry(ctx: PollContext, site_id: str, site_info: JsonDict, data: JsonDict) -> JsonDict:
    """A fresh site entry from ``data`` keeping the values of other poll steps."""
    previous = ctx.sites.get(site_id) or {}
    site: JsonDict = dict(data)
    power_site_type = site_info.get("power_site_type")
    ms_type = site_info.get("ms_type")
    site.update(
        {
            "type": "system",
            "site_id": site_id,
            "site_info": site_info,
            "site_type": site_type_for(power_site_type),
            "site_admin": ms_type in (0, 1) and not isinstance(ms_type, bool),
            "requeries": 0,
        }
    )
    site.setdefault("power_site_type", power_site_type)
    for key in KEPT_SITE_KEYS:
        if key in previous and key not in site:
            site[key] = previous[key]
    return site


async def poll_scene_site(ctx: PollContext, site_id: str, site_info: JsonDict) -> set[str]:
    """Query and merge the scene of one site; returns the serials found in its lists."""
    scene = await ctx.optional(site_id, "get_scen_info", ctx.api.get_scene_info(site_id))
    if scene is None:
        previous = ctx.sites.get(site_id)
        if previous is not None:
            # The live values are not current until the scene answers again: stale (§5.8).
            previous["site_info"] = site_info
            previous["data_valid"] = False
            return {sn for sn, entry in ctx.devices.items() if entry.get("site_id") == site_id}
        scene = {}
    site = new_site_entry(ctx, site_id, site_info, scene)
    ctx.sites[site_id] = site
    try:
        return merge_scene(ctx, site_id, site)
    except Exception as err:
        ctx.guard(site_id, "scene", err)
        return set()


def merge_scene(ctx: PollContext, site_id: str, site: JsonDict) -> set[str]:
    """Derive site values and merge all listed devices."""
    reader = Reader(site, site_id, ctx.issues)
    info = reader.child("solarbank_info") if reader.has("solarbank_info") else None
    banks = info.objects("solarbank_list", required=True) if info is not None else []
    # §5.8: only an explicit false marks the data invalid; a scene without the flag (or
    # without Solarbanks) counts as valid. The site's devices share the site's validity.
    data_valid = info.flag("is_display_data") is not False if info is not None and banks else True
    site["data_valid"] = data_valid
    _update_offset(ctx, site_id, site, info)
    admin = bool(site["site_admin"])
    found: set[str] = set()
    found |= _merge_list(ctx, site_id, admin, banks, SOLARBANK_FIELDS)
    grid = reader.child("grid_info") if reader.data.get("grid_info") is not None else None
    if grid is not None:
        meters = grid.objects("grid_list")
        found |= _merge_list(ctx, site_id, admin, meters, METER_FIELDS)
        for item in meters:
            _merge_meter_values(ctx, item, grid, data_valid)
    plugs = reader.child("smart_plug_info") if reader.data.get("smart_plug_info") else None
    if plugs is not None:
        found |= _merge_list(ctx, site_id, admin, plugs.objects("smartplug_list"), PLUG_FIELDS)
    if reader.data.get("pps_info"):
        pps = reader.child("pps_info").objects("pps_list")
        found |= _merge_list(ctx, site_id, admin, pps, GENERIC_FIELDS)
    found |= _merge_list(ctx, site_id, admin, reader.objects("solar_list"), INVERTER_FIELDS)
    found |= _merge_list(ctx, site_id, admin, reader.objects("powerpanel_list"), GENERIC_FIELDS)
    if banks:
        derive_solarbanks(ctx, site_id, site, banks)
    apply_site_presets(ctx, site_id)
    return found


def _merge_list(
    ctx: PollContext,
    site_id: str,
    admin: bool,
    items: list[JsonDict],
    spec: dict[str, FieldSpec],
) -> set[str]:
    found: set[str] = set()
    for item in items:
        serial = Reader(item, site_id, ctx.issues, "device list item").text("device_sn", True)
        if not serial:
            continue
        found.add(serial)
        entry = ctx.device(serial)
        reader = Reader(item, serial, ctx.issues)
        entry["site_id"] = site_id
        entry["is_admin"] = admin
        set_product(entry, reader.text("device_pn"))
        merge_fields(entry, reader, spec)
        set_name(entry, ctx.account.get("products"))
        describe_status(entry)
        if "charging_status" in entry:
            entry.pop("charging_status_desc", None)
            describe_status(entry)
    return found


def _merge_meter_values(ctx: PollContext, item: JsonDict, grid: Reader, data_valid: bool) -> None:
    entry = ctx.devices.get(str(item.get("device_sn")))
    if entry is None:
        return
    for key in ("photovoltaic_to_grid_power", "grid_to_home_power"):
        if grid.has(key):
            entry[key] = grid.text(key)
    status = grid.integer("grid_status")
    entry["grid_status"] = None if status is None else str(status)
    entry["data_valid"] = data_valid
    describe_status(entry)


def _update_offset(ctx: PollContext, site_id: str, site: JsonDict, info: Reader | None) -> None:
    """Time offset bookkeeping from ``solarbank_info.updated_time`` (§8.7)."""
    if info is None or not info.has("updated_time"):
        return
    now = ctx.now()
    updated = parse_cloud_time(info.data.get("updated_time"))
    previous = site.get("energy_offset_seconds")
    check = update_offset(updated, now, previous if isinstance(previous, int) else None)
    # False: the stamp below is this poll's time, not the cloud's data time (the scheduler
    # then tells new data by content, §6.8)
    site["data_time_valid"] = check is not None
    if check is None:
        kept = ctx.marks.get(("updated_time", site_id))
        if site.get("data_valid") or not isinstance(kept, str):
            info.data["updated_time"] = format_time(now, ctx.site_offset(site_id))
        else:
            info.data["updated_time"] = kept
        return
    ctx.marks[("updated_time", site_id)] = info.data.get("updated_time")
    site["energy_offset_seconds"] = check.offset_seconds
    site["energy_offset_tz"] = check.offset_tz
    site["energy_offset_check"] = ctx.time_text(now)
