"""Device and entity registry upkeep of a config entry.

* Devices whose identifiers left the cloud data lose this entry (after a successful poll).
* After a reload for changed exclusions, devices of excluded types and the entities the
  exclusions drop are removed, and so are devices left without entities (customizations of the
  entities that stay are untouched: their registry entries are never rewritten).
* Devices or systems already registered by another entry of this integration are reported.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from .const import DOMAIN, LOGGER


def data_identifiers(data: dict[str, Any] | None, user_id: str | None) -> set[str]:
    """The device identifiers present in coordinator data: account, systems, devices, vehicles."""
    found: set[str] = {user_id} if user_id else set()
    if not data:
        return found
    found.update(data.get("sites") or {})
    found.update(data.get("devices") or {})
    found.update((data.get("account") or {}).get("vehicles") or {})
    return found


def domain_identifiers(device: dr.DeviceEntry) -> set[str]:
    """The identifiers of a device in our domain."""
    return {value for domain, value in device.identifiers if domain == DOMAIN}


@callback
def async_remove_vanished_devices(hass: HomeAssistant, entry_id: str, present: set[str]) -> None:
    """Remove this entry's devices none of whose identifiers is present any more.

    Our devices belong to this entry only (shared systems are refused), so they are removed
    rather than detached (Home Assistant 2026 keeps one config entry per device).
    """
    registry = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(registry, entry_id):
        identifiers = domain_identifiers(device)
        if identifiers and not identifiers & present:
            LOGGER.debug("Removing device %s: no longer in the cloud data", device.id)
            registry.async_remove_device(device.id)


def excluded_type_identifiers(data: dict[str, Any] | None, excluded: set[str]) -> set[str]:
    """Serials and vehicle ids in `data` whose device type is excluded."""
    if not data or not excluded:
        return set()
    caches = [data.get("devices") or {}, (data.get("account") or {}).get("vehicles") or {}]
    return {
        identifier
        for cache in caches
        for identifier, item in cache.items()
        if isinstance(item, dict) and item.get("type") in excluded
    }


@callback
def async_remove_excluded(
    hass: HomeAssistant, entry_id: str, data: dict[str, Any] | None, excluded: set[str]
) -> None:
    """Clean the registries after a reload for changed exclusions.

    Devices of excluded types leave (with all their entities, disabled ones included); the
    entities the platforms dropped for the exclusions (``excluded_entities`` of the runtime
    data) are removed; so are devices left without entities. Entities that merely have no
    value yet (such as the energy totals, fetched by the poll after setup's first) stay.
    """
    devices = dr.async_get(hass)
    gone = excluded_type_identifiers(data, excluded)
    for device in dr.async_entries_for_config_entry(devices, entry_id):
        if domain_identifiers(device) & gone:
            devices.async_remove_device(device.id)
    entities = er.async_get(hass)
    entry = hass.config_entries.async_get_entry(entry_id)
    runtime = getattr(entry, "runtime_data", None) if entry is not None else None
    dropped: set[tuple[str, str]] = runtime.excluded_entities if runtime is not None else set()
    for entity in er.async_entries_for_config_entry(entities, entry_id):
        if (entity.domain, entity.unique_id) in dropped:
            LOGGER.debug("Removing entity %s: excluded", entity.entity_id)
            entities.async_remove(entity.entity_id)
    entry_devices = dr.async_entries_for_config_entry(devices, entry_id)
    parents = {device.via_device_id for device in entry_devices}
    for device in entry_devices:
        if device.id in parents or er.async_entries_for_device(
            entities, device.id, include_disabled_entities=True
        ):
            continue
        devices.async_remove_device(device.id)


@callback
def async_find_shared_entry(
    hass: HomeAssistant, entry_id: str, identifiers: set[str]
) -> str | None:
    """The title of another entry of ours that already registered one of `identifiers`."""
    registry = dr.async_get(hass)
    for other in hass.config_entries.async_entries(DOMAIN):
        if other.entry_id == entry_id:
            continue
        for device in dr.async_entries_for_config_entry(registry, other.entry_id):
            if domain_identifiers(device) & identifiers:
                return other.title
    return None
