"""Diagnostics of a config entry and of one device, with every personal value redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .coordinator import SolixConfigEntry
from .mqtt_link import link_of
from .mqtt_values import PERSONAL
from .redact import REDACTED, Anonymizer
from .statistics.status import history_job, import_diagnostics


def _mqtt_part(entry: SolixConfigEntry) -> dict[str, Any] | None:
    """The live-data state: devices, refusals, statistics, values (personal values blanked).

    Certificates, keys and the client id never reach it; serials are anonymized with the rest.
    """
    link = link_of(entry.runtime_data.coordinator)
    if link is None:
        return None
    state = link.diagnostics()
    for device in (state.get("values") or {}).values():
        values = device.get("values") or {}
        for name in values:
            if PERSONAL.search(name):
                values[name] = {**values[name], "value": REDACTED}
    return state


def _entry_part(entry: SolixConfigEntry) -> dict[str, Any]:
    """The entry's own settings and the coordinator and transport state."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    return {
        "entry": {
            "title": entry.title,
            "unique_id": entry.unique_id,
            "data": dict(entry.data),
            "options": dict(entry.options),
        },
        "coordinator": {
            "last_update_success": coordinator.last_update_success,
            "update_interval": (
                coordinator.update_interval.total_seconds() if coordinator.update_interval else None
            ),
            "last_error": coordinator.last_error,
            "last_error_time": (
                coordinator.last_error_time.isoformat() if coordinator.last_error_time else None
            ),
        },
        "scheduler": coordinator.scheduler.stats,
        "requests": runtime.session.stats.as_dict(),
        "transport": runtime.session.transport_info,  # no keys, no codes (§2.7)
        "mqtt": _mqtt_part(entry),
    }


def _anonymizer(entry: SolixConfigEntry) -> Anonymizer:
    """An anonymizer that knows the account and every id of the coordinator data."""
    anonymizer = Anonymizer()
    anonymizer.add_id(entry.unique_id, "USER")
    anonymizer.learn(entry.runtime_data.coordinator.data)
    return anonymizer


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SolixConfigEntry
) -> dict[str, Any]:
    """Entry settings, coordinator data, request and scheduler statistics (redacted), and the
    Energy dashboard's history import (when it runs for the entry)."""
    result = {**_entry_part(entry), "data": entry.runtime_data.coordinator.data}
    job = history_job(hass, entry.entry_id)
    if job is not None:
        result["history_import"] = import_diagnostics(job)
    return dict(_anonymizer(entry).anonymize(result))


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: SolixConfigEntry, device: dr.DeviceEntry
) -> dict[str, Any]:
    """The cached data of one device (system, device, vehicle or account), redacted."""
    data = entry.runtime_data.coordinator.data or {}
    identifiers = {value for domain, value in device.identifiers if domain == DOMAIN}
    caches = {
        "system": data.get("sites") or {},
        "device": data.get("devices") or {},
        "vehicle": (data.get("account") or {}).get("vehicles") or {},
    }
    found: dict[str, Any] = {}
    for kind, cache in caches.items():
        for identifier in identifiers & set(cache):
            found[kind] = cache[identifier]
    if entry.unique_id in identifiers:
        found["account"] = data.get("account")
    result = {
        "registry": {
            "identifiers": sorted(identifiers),
            "model": device.model,
            "manufacturer": device.manufacturer,
            "sw_version": device.sw_version,
        },
        **found,
        "coordinator": _entry_part(entry)["coordinator"],
    }
    return dict(_anonymizer(entry).anonymize(result))
