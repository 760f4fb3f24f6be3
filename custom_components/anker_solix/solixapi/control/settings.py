"""Device settings: SOC reserve, grid export, output limit and firmware auto-upgrade.

Every op validates first (raising before any request), writes through `SolixApi`, then updates
the poller caches from the written value; a failed write leaves the caches unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..common.errors import SolixNotAllowedError, SolixValidationError
from ..common.jsonutil import JsonDict, Reader
from ..common.products import OUTPUT_LIMIT_OPTIONS
from .checks import option_value, owned_device, site_of

if TYPE_CHECKING:
    from ..poll.poller import SolixPoller

STATION_SETTINGS = "18"

INVERTER_MODELS = frozenset({"A5143"})
FLASH_WRITE_SPACING = 600.0
"""Seconds between two output-limit writes of a standalone inverter: the limit is stored in the
inverter's flash memory, which allows a limited number of writes (§4.7), so an automation that
flips the limit must not wear it out."""


def is_station_managed(device: JsonDict) -> bool:
    """Whether a Power Dock (station settings, param type 18) manages the device's reserve."""
    return device.get("type") == "combiner_box" or bool(device.get("station_sn"))


def _station_settings(site: JsonDict) -> JsonDict | None:
    station = (site.get("site_details") or {}).get("station_settings")
    return station if isinstance(station, dict) else None


def _soc_list(site: JsonDict) -> list[JsonDict]:
    station = _station_settings(site) or {}
    return [o for o in station.get("soc_list") or [] if isinstance(o, dict)]


def _cutoff_list(device: JsonDict) -> list[JsonDict]:
    return [o for o in device.get("power_cutoff_data") or [] if isinstance(o, dict)]


def _int_values(options: list[JsonDict], key: str) -> list[int]:
    values = {
        o[key] for o in options if isinstance(o.get(key), int) and not isinstance(o[key], bool)
    }
    return sorted(values)


def soc_reserve_options(device: JsonDict, site: JsonDict) -> list[int]:
    """SOC reserve options (%) of a device: station ``soc_list`` or its power cut-off options."""
    if is_station_managed(device):
        return _int_values(_soc_list(site), "soc")
    return _int_values(_cutoff_list(device), "output_cutoff_data")


async def set_soc_reserve(poller: SolixPoller, device_sn: str, percent: int) -> None:
    """Select the SOC reserve (minimum SOC / power cut-off) option of ``percent`` %."""
    device = owned_device(poller, device_sn)
    site_id, site = site_of(poller, device)
    options = soc_reserve_options(device, site)
    if not options:
        raise SolixNotAllowedError("soc_reserve_unsupported")
    value = option_value(percent, options, "percent", "soc_reserve_invalid")
    if is_station_managed(device):
        soc_list = _soc_list(site)
        option_id = next(o.get("id") for o in soc_list if o.get("soc") == value)
        await poller.api.set_device_param(site_id, STATION_SETTINGS, {"id": option_id})
        _store_station(poller, site_id, site, {"id": option_id, "soc": value})
        return
    cutoff = _cutoff_list(device)
    option = next(o for o in cutoff if o.get("output_cutoff_data") == value)
    await poller.api.set_power_cutoff(device_sn, int(option.get("id") or 0))
    device["power_cutoff_data"] = _selected(cutoff, option)
    device["power_cutoff"] = value


def _selected(options: list[JsonDict], chosen: JsonDict) -> list[JsonDict]:
    """Copies of ``options`` with only ``chosen`` selected."""
    return [{**o, "is_selected": 1 if o is chosen else 0} for o in options]


def _store_station(poller: SolixPoller, site_id: str, site: JsonDict, change: JsonDict) -> None:
    """Apply a written station change (``id``+``soc`` or ``switch_0w``) to every cache copy."""
    station = dict(_station_settings(site) or {})
    if "id" in change:
        soc_list = _soc_list(site)
        chosen = next(o for o in soc_list if o.get("id") == change["id"])
        station["soc_list"] = _selected(soc_list, chosen)
    if "switch_0w" in change:
        station["switch_0w"] = change["switch_0w"]
    site.setdefault("site_details", {})["station_settings"] = station
    poller.ctx.params.setdefault(site_id, {})[STATION_SETTINGS] = station
    for entry in poller.ctx.devices.values():
        if entry.get("site_id") != site_id:
            continue
        managed = is_station_managed(entry)
        if "soc" in change and managed:
            _apply_station_soc(entry, station, change["soc"])
        if "switch_0w" in change and (managed or (entry.get("generation") or 0) >= 2):
            entry["allow_grid_export"] = not bool(change["switch_0w"])


def _apply_station_soc(entry: JsonDict, station: JsonDict, soc: int) -> None:
    entry["power_cutoff"] = soc
    if entry.get("type") == "combiner_box":
        entry["power_cutoff_data"] = station.get("soc_list")
        return
    cutoff = _cutoff_list(entry)
    chosen = next((o for o in cutoff if o.get("output_cutoff_data") == soc), None)
    if chosen is not None:
        entry["power_cutoff_data"] = _selected(cutoff, chosen)


def grid_export_supported(device: JsonDict, site: JsonDict) -> bool:
    """Whether the device's grid export (0 W switch) can be changed."""
    if device.get("type") == "combiner_box":
        return _station_settings(site) is not None
    return device.get("type") == "solarbank" and (device.get("generation") or 0) >= 2


async def set_grid_export(poller: SolixPoller, device_sn: str, allow: bool) -> None:
    """Allow (True) or block (False, 0 W export) feeding into the grid."""
    device = owned_device(poller, device_sn)
    site_id, site = site_of(poller, device)
    if not isinstance(allow, bool):
        raise SolixValidationError(
            "value_invalid", field="allow", placeholders={"value": str(allow)}
        )
    if not grid_export_supported(device, site):
        raise SolixNotAllowedError("grid_export_unsupported")
    switch_0w = 0 if allow else 1
    station = _station_settings(site)
    if station is not None and isinstance(station.get("switch_0w"), int):
        await poller.api.set_device_param(site_id, STATION_SETTINGS, {"switch_0w": switch_0w})
        _store_station(poller, site_id, site, {"switch_0w": switch_0w})
        return
    await poller.api.set_device_attrs(device_sn, {"switch_0w": switch_0w})
    device["allow_grid_export"] = allow


def inverter_limit_options(device: JsonDict) -> list[int]:
    """Output limit options (W) of an MI80 or a Solarbank 2/3 (empty when not settable)."""
    pn = str(device.get("device_pn") or "")
    if device.get("type") == "inverter":
        return list(OUTPUT_LIMIT_OPTIONS.get(pn, ())) if pn in INVERTER_MODELS else []
    if device.get("type") != "solarbank" or is_station_managed(device):
        return []
    offered = device.get("power_limit_option")
    if isinstance(offered, list) and offered and all(_is_watts(v) for v in offered):
        return sorted({int(v) for v in offered})
    return list(OUTPUT_LIMIT_OPTIONS.get(pn, ()))


def _is_watts(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


async def set_inverter_limit(poller: SolixPoller, device_sn: str, watts: int) -> None:
    """Set the output limit: MI80 via ``set_aps_power`` (flash), Solarbank via ``power_limit``."""
    device = owned_device(poller, device_sn)
    options = inverter_limit_options(device)
    if not options:
        raise SolixNotAllowedError("inverter_limit_unsupported")
    value = option_value(watts, options, "watts", "inverter_limit_invalid")
    if device.get("type") == "inverter":
        if str(device.get("preset_inverter_limit")) == str(value):
            return  # already set: no flash write
        now = poller.ctx.now()
        last = poller.ctx.marks.get(("flash_write", device_sn))
        if isinstance(last, float) and now - last < FLASH_WRITE_SPACING:
            wait = str(int(last + FLASH_WRITE_SPACING - now) + 1)
            raise SolixNotAllowedError("inverter_limit_cooldown", placeholders={"seconds": wait})
        await poller.api.set_pv_power_limit(device_sn, value)
        poller.ctx.marks[("flash_write", device_sn)] = now
        device["preset_inverter_limit"] = str(value)
        site = site_of(poller, device)[1]
        if site.get("site_type") == "virtual":
            site["solar_info"] = {
                **(site.get("solar_info") or {}),
                "micro_inverter_power_limit": f"{value}W",
            }
        return
    await poller.api.set_device_attrs(device_sn, {"power_limit": value})
    device["power_limit"] = value


async def set_auto_upgrade(poller: SolixPoller, device_sn: str, enabled: bool) -> None:
    """Switch the firmware auto-upgrade of one device (the main switch follows, §4.2.2)."""
    device = owned_device(poller, device_sn)
    if not isinstance(enabled, bool):
        raise SolixValidationError(
            "value_invalid", field="enabled", placeholders={"value": str(enabled)}
        )
    if "auto_upgrade" not in device:
        raise SolixNotAllowedError("auto_upgrade_unsupported")
    ctx = poller.ctx
    others_on = any(
        e.get("auto_upgrade") is True for sn, e in ctx.devices.items() if sn != device_sn
    )
    flags: dict[str, bool] | None = None
    if enabled and not others_on and device.get("auto_upgrade") is not True:
        # The main switch may be off: learn the per-device flags it hides (§4.2.2).
        flags = _device_flags(poller, await poller.api.get_auto_upgrade())
    main_switch = enabled or others_on or device.get("auto_upgrade") is True
    await poller.api.set_auto_upgrade(main_switch, {device_sn: enabled})
    device["auto_upgrade"] = enabled
    if flags is not None:
        for serial, flag in flags.items():
            entry = ctx.devices.get(serial)
            if serial != device_sn and entry is not None and "auto_upgrade" in entry:
                entry["auto_upgrade"] = flag


def _device_flags(poller: SolixPoller, data: JsonDict) -> dict[str, bool]:
    flags: dict[str, bool] = {}
    for item in Reader(data, "account", poller.ctx.issues).objects("device_list"):
        if isinstance(item.get("device_sn"), str):
            flags[item["device_sn"]] = item.get("auto_upgrade") is True
    return flags
