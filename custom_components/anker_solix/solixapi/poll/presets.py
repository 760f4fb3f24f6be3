"""Copy stored schedules into Solarbank entries and derive the ``preset_*`` values (§6.7)."""

from __future__ import annotations

from ..common.jsonutil import JsonDict, as_dict, parse_number
from ..derive.schedule import (
    AC_MODELS,
    Sb1Context,
    cascaded_sb1_output,
    sb1_presets,
    sb2_presets,
)
from .context import PollContext
from .devices import strip_unit

SB1_SCHEDULE = "4"
SB2_SCHEDULE = "6"


def apply_site_presets(ctx: PollContext, site_id: str) -> None:
    """Refresh schedule copies and presets of all Solarbanks of a site at the site's local time."""
    params = ctx.params.get(site_id) or {}
    site = ctx.sites.get(site_id) or {}
    banks = [
        entry
        for entry in ctx.devices.values()
        if entry.get("site_id") == site_id and entry.get("type") == "solarbank"
    ]
    sb1_count = sum(1 for entry in banks if entry.get("generation") == 1)
    local_now = ctx.site_now(site_id)
    currency = as_dict(site.get("site_details")).get("site_price_unit")
    for entry in banks:
        generation = entry.get("generation")
        if generation == 1 and SB1_SCHEDULE in params:
            schedule = params[SB1_SCHEDULE]
            entry["schedule"] = schedule
            solar_info = entry.get("solar_info") or {}
            soc = parse_number(entry.get("battery_soc"))
            presets = sb1_presets(
                schedule,
                Sb1Context(
                    device_sn=str(entry.get("device_sn")),
                    device_count=sb1_count,
                    soc=None if soc is None else round(soc),
                    solar_model=solar_info.get("solar_model"),
                ),
                local_now,
            )
            effective = presets.pop("effective_output_power")
            device_effective = presets.pop("effective_device_output_power")
            entry.update(presets)
            _fill_effective_output(site, entry, effective, sb1_count)
            _apply_device_output(site, entry, device_effective)
        elif isinstance(generation, int) and generation >= 2 and SB2_SCHEDULE in params:
            schedule = params[SB2_SCHEDULE]
            entry["schedule"] = schedule
            entry.update(
                sb2_presets(
                    schedule,
                    local_now,
                    ctx.now(),
                    currency if isinstance(currency, str) else None,
                    ac_model=entry.get("device_pn") in AC_MODELS,
                )
            )
    _apply_cascaded_output(site, params, banks, sb1_count)


def sb2_mode(site: JsonDict, params: JsonDict) -> int | None:
    """The usage mode the SB2+ of a site runs: its schedule's ``mode_type``, else the scene's."""
    schedule = params.get(SB2_SCHEDULE)
    candidates = (
        schedule.get("mode_type") if isinstance(schedule, dict) else None,
        site.get("user_scene_mode"),
        site.get("scene_mode"),
    )
    for mode in candidates:
        if isinstance(mode, int) and not isinstance(mode, bool):
            return mode
    return None


def _apply_cascaded_output(
    site: JsonDict, params: JsonDict, banks: list[JsonDict], sb1_count: int
) -> None:
    """Cascaded SB1 units follow the SB2's system output in its automatic modes (§6.2, §8.3)."""
    if not sb1_count or sb1_count == len(banks):
        return
    output = cascaded_sb1_output(
        parse_number(strip_unit(site.get("retain_load"))), sb1_count, sb2_mode(site, params)
    )
    if output is None:
        return
    system, device = output
    for entry in banks:
        if entry.get("generation") != 1:
            continue
        entry["set_system_output_power"] = system
        # A device value the scene delivers (numeric ``set_load_power``) stays.
        own = strip_unit(scene_bank_item(site, entry.get("device_sn")).get("set_load_power"))
        if parse_number(own) is None:
            entry["set_output_power"] = device


def _fill_effective_output(site: JsonDict, entry: JsonDict, effective: object, count: int) -> None:
    """Use the effective SB1 output where the cloud delivered no value."""
    if not isinstance(effective, str):
        return
    if not site.get("retain_load"):
        site["retain_load"] = f"{effective}W"
    if not entry.get("set_system_output_power"):
        entry["set_system_output_power"] = effective
    if not entry.get("set_output_power"):
        value = parse_number(effective)
        if value is not None:
            entry["set_output_power"] = str(round(value / max(count, 1)))


def scene_bank_item(site: JsonDict, serial: object) -> JsonDict:
    """The scene's ``solarbank_list`` item of a device (empty dict if not listed)."""
    info = site.get("solarbank_info")
    items = info.get("solarbank_list") if isinstance(info, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("device_sn") == serial:
            return item
    return {}


def _apply_device_output(site: JsonDict, entry: JsonDict, device_effective: object) -> None:
    """Dual SB1: the device's own preset; a numeric scene ``set_load_power`` wins (§8.3)."""
    scene_value = strip_unit(scene_bank_item(site, entry.get("device_sn")).get("set_load_power"))
    if parse_number(scene_value) is not None:
        entry["set_output_power"] = scene_value
    elif isinstance(device_effective, str):
        entry["set_output_power"] = device_effective
