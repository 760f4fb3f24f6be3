"""Device registry data of the hierarchy account → system → device → sub-device."""

from __future__ import annotations

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo

from .const import (
    DOMAIN,
)
from .context import ContextKind, SolixContext, is_sub_device

MANUFACTURER = "Anker"


SITE_MODELS = {
    "solarbank": "Solarbank system",
    "hes": "Home energy system",
    "powerpanel": "Power panel system",
    "pps": "Power station system",
    "solarbank_pps": "Solarbank power station system",
    "ev_charger": "EV charger system",
    "virtual": "Standalone inverter",
}


def parent_identifier(ctx: SolixContext) -> tuple[str, str] | None:
    """The registry identifier of a context's parent (CONTRIBUTING.md hierarchy).

    Account: none. Systems and vehicles: the account. Devices: their main device (HES
    modules), else their system, else (bound devices outside any system) the account.
    """
    if ctx.kind is ContextKind.ACCOUNT:
        return None
    entry = ctx.entry or {}
    if ctx.kind is ContextKind.DEVICE:
        if is_sub_device(entry):
            return (DOMAIN, str(entry["main_sn"]))
        if ctx.site is not None:
            return (DOMAIN, str(ctx.site.get("site_id")))
    return (DOMAIN, ctx.user_id)


def device_info(ctx: SolixContext) -> DeviceInfo:
    """Device registry data of a context without its parent (see `parent_identifier`)."""
    entry = ctx.entry or {}
    if ctx.kind is ContextKind.ACCOUNT:
        nickname = entry.get("nickname") or "Anker"
        country = entry.get("country")
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=f"{nickname} ({country})" if country else str(nickname),
            manufacturer=MANUFACTURER,
            model="Account",
            entry_type=DeviceEntryType.SERVICE,
        )
    if ctx.kind is ContextKind.VEHICLE:
        year = entry.get("productive_year")
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=str(entry.get("vehicle_name") or ctx.key),
            manufacturer=str(entry.get("brand") or MANUFACTURER),
            model=str(entry.get("model") or "Vehicle"),
            hw_version=str(year) if year else None,
        )
    if ctx.kind is ContextKind.SITE:
        info = entry.get("site_info") or {}
        site_type = str(entry.get("site_type") or "")
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=str(info.get("site_name") or ctx.key),
            manufacturer=MANUFACTURER,
            model=SITE_MODELS.get(site_type, "System"),
            model_id=f"power_site_type {entry.get('power_site_type')}",
        )
    product = entry.get("name") or entry.get("device_pn") or ctx.key
    return DeviceInfo(
        identifiers={(DOMAIN, ctx.key)},
        name=str(entry.get("alias") or product),
        manufacturer=MANUFACTURER,
        model=str(product),
        model_id=entry.get("device_pn") or None,
        serial_number=ctx.key,
        sw_version=entry.get("sw_version") or None,
    )


@callback
def async_register_device(
    registry: dr.DeviceRegistry, entry_id: str, ctx: SolixContext, device_ids: dict[str, str]
) -> None:
    """Create or update a context's device and link it to its parent.

    ``device_ids`` maps the keys of the devices registered so far (parents come first) to
    their registry ids. The parent is linked by registry id, which works on every supported
    release (the ``via_device`` identifier form is deprecated from Home Assistant 2026.8 on).
    """
    device = registry.async_get_or_create(config_entry_id=entry_id, **device_info(ctx))
    device_ids[ctx.key] = device.id
    parent = parent_identifier(ctx)
    via_device_id = device_ids.get(parent[1]) if parent is not None else None
    if device.via_device_id != via_device_id:
        registry.async_update_device(device.id, via_device_id=via_device_id)
