"""Device registry data of the hierarchy account → system → device → sub-device."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo

from .const import (
    CONF_EXAMPLE,
    DOMAIN,
)
from .context import ContextKind, SolixContext, is_sub_device
from .solixapi import manufacturer_for, site_model_for

MANUFACTURER = "Anker"
EXAMPLE_ACCOUNT_NAME = "Example account"
"""The account device of a bundled example (its recorded nickname is anonymized)."""


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


MAC_FIELDS: tuple[tuple[str, str], ...] = (
    ("wifi_mac", dr.CONNECTION_NETWORK_MAC),
    ("bt_ble_mac", dr.CONNECTION_BLUETOOTH),
)
"""Cache fields with a device's MAC addresses and the registry connection type of each."""
HEX_DIGITS = frozenset("0123456789abcdef")


def _macs(entry: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The well-formed MAC addresses of one device's cache entry."""
    connections: set[tuple[str, str]] = set()
    for key, kind in MAC_FIELDS:
        value = entry.get(key)
        if not isinstance(value, str):
            continue
        digits = value.lower().replace(":", "").replace("-", "")
        if len(digits) == 12 and set(digits) <= HEX_DIGITS and digits.strip("0"):
            connections.add((kind, dr.format_mac(digits)))
    return connections


def device_connections(ctx: SolixContext) -> set[tuple[str, str]]:
    """The MAC addresses the cloud reports for a device, as registry connections (so Home
    Assistant can join the device with what other integrations know of it).

    A MAC that another device of the account reports too is left out: the registry would
    otherwise merge the two devices into one.
    """
    own = _macs(ctx.entry or {})
    devices = ctx.data.get("devices") or {}
    for key, other in devices.items():
        if key != ctx.key and isinstance(other, Mapping):
            own -= _macs(other)
    return own


def is_bundled_example(ctx: SolixContext) -> bool:
    """Whether the context belongs to an entry of a bundled example (not the user's export)."""
    coordinator = ctx.coordinator
    return coordinator is not None and bool(coordinator.config_entry.data.get(CONF_EXAMPLE))


def device_info(ctx: SolixContext) -> DeviceInfo:
    """Device registry data of a context without its parent (see `parent_identifier`).

    The account of a bundled example is named `EXAMPLE_ACCOUNT_NAME` rather than after its
    anonymized nickname; third-party devices name their maker.
    """
    entry = ctx.entry or {}
    if ctx.kind is ContextKind.ACCOUNT:
        nickname = entry.get("nickname") or "Anker"
        country = entry.get("country")
        name = f"{nickname} ({country})" if country else str(nickname)
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=EXAMPLE_ACCOUNT_NAME if is_bundled_example(ctx) else name,
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
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=str(info.get("site_name") or ctx.key),
            manufacturer=MANUFACTURER,
            model=site_model_for(entry.get("power_site_type"), entry.get("site_type")),
            model_id=None,
        )
    product = entry.get("name") or entry.get("device_pn") or ctx.key
    integrator = entry.get("intgr_device")
    return DeviceInfo(
        identifiers={(DOMAIN, ctx.key)},
        name=str(entry.get("alias") or product),
        manufacturer=manufacturer_for(
            entry.get("device_pn"),
            integrator.get("integrator") if isinstance(integrator, dict) else None,
        ),
        model=str(product),
        model_id=entry.get("device_pn") or None,
        serial_number=ctx.key,
        connections=device_connections(ctx),
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
