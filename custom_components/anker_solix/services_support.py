"""Support actions: raw Api requests, system and device info, the anonymized export.

None of them changes the entry's caches: `api_request` and the fresh reads go straight through
the session (paced by its rate limiter), the info actions return copies of the cache.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, Final, Literal, cast

import voluptuous as vol
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import VolSchemaType

from .const import DOMAIN
from .coordinator import SolixConfigEntry, SolixCoordinator
from .helpers import async_run_read, ensure_cloud_requests
from .migration.actions import (
    EXPORT_FIELDS,
    INCLUDE_MQTT,
    INFO_FIELDS,
    has_target,
    is_not_given,
    target_entry_ids,
)
from .services_support_export import async_export_systems
from .services_target import (
    TargetDevice,
    device_keys,
    device_name,
    loaded_coordinators,
    loaded_entry_of,
    refusal,
    target_device,
)
from .solixapi import SolixAuthError, SolixError

API_REQUEST: Final = "api_request"
GET_SYSTEM_INFO: Final = "get_system_info"
GET_DEVICE_INFO: Final = "get_device_info"
EXPORT_SYSTEMS: Final = "export_systems"
CONF_CONFIG_ENTRY: Final = "config_entry_id"
CONF_METHOD: Final = "method"
CONF_ENDPOINT: Final = "endpoint"
CONF_PAYLOAD: Final = "payload"
CONF_INCLUDE_FRESH: Final = "include_fresh"
INFO_READ_FAILED: Final = "info_read_failed"
"""The error of a fresh read (`include_fresh`) the cloud did not answer."""

SERVICE_PREFIXES: Final = (
    "power_service/",
    "charging_energy_service/",
    "charging_hes_svc/",
    "charging_pv_svc/",
    "mini_power/",
    "app/",
)
"""The cloud's service families (§4); anything else (login, other hosts) is refused."""
_ENDPOINT_CHARS = re.compile(r"^[A-Za-z0-9_/\-]+$")

_TARGET: dict[vol.Marker, Any] = {
    vol.Optional(ATTR_DEVICE_ID): vol.Any(cv.string, [cv.string]),
    vol.Optional(ATTR_ENTITY_ID): vol.Any(cv.string, [cv.string]),
}
_API_REQUEST_FIELDS: dict[vol.Marker, Any] = {
    **_TARGET,  # the community's calls target the account's switch (migration/actions.py)
    vol.Optional(CONF_CONFIG_ENTRY): cv.string,
    vol.Required(CONF_METHOD): vol.All(vol.Lower, vol.In(("get", "post"))),
    vol.Required(CONF_ENDPOINT): cv.string,
    vol.Optional(CONF_PAYLOAD, default=dict): vol.Any(dict, None),
}
API_REQUEST_SCHEMA: Final = vol.Schema(_API_REQUEST_FIELDS)
_LEGACY_FLAG: Final = vol.Any(bool, None)
"""The community's include flags (accepted, see migration/actions.py)."""
_INFO_FIELDS: dict[vol.Marker, Any] = {
    **_TARGET,
    vol.Optional(CONF_INCLUDE_FRESH, default=False): bool,
    **{vol.Optional(field): _LEGACY_FLAG for field in INFO_FIELDS},
}
INFO_SCHEMA: Final = vol.Schema(_INFO_FIELDS)
_EXPORT_FIELDS: dict[vol.Marker, Any] = {
    **_TARGET,
    vol.Optional(CONF_CONFIG_ENTRY): cv.string,
    **{vol.Optional(field): _LEGACY_FLAG for field in EXPORT_FIELDS},
}
EXPORT_SCHEMA: Final = vol.Schema(_EXPORT_FIELDS)


def loaded_entry(hass: HomeAssistant, entry_id: str) -> SolixConfigEntry:
    """The loaded Anker Solix entry of a config entry id, or a translated refusal."""
    entry = loaded_entry_of(hass, entry_id)
    if entry is None:
        raise refusal("entry_not_loaded", entry=entry_id)
    return entry


def called_entry(hass: HomeAssistant, data: Mapping[str, Any]) -> SolixConfigEntry:
    """The loaded entry a call names: ``config_entry_id``, else the entry of its target."""
    entry_id = data.get(CONF_CONFIG_ENTRY)
    if is_not_given(entry_id) and has_target(data):
        device = target_device(
            hass, data, missing="entry_target_missing", ambiguous="info_target_ambiguous"
        )
        entries = target_entry_ids(hass, set(device.config_entries))
        if len(entries) != 1:
            raise refusal("target_not_loaded", device=device_name(device))
        entry_id = entries[0]
    if is_not_given(entry_id):
        raise refusal("entry_target_missing")
    return loaded_entry(hass, str(entry_id))


def normalized_endpoint(endpoint: str) -> str:
    """A relative path of a known cloud service, or `invalid_endpoint` naming the field."""
    path = endpoint.strip().lstrip("/")
    if (
        not path
        or "://" in path
        or ".." in path
        or "//" in path
        or not _ENDPOINT_CHARS.match(path)
        or not path.startswith(SERVICE_PREFIXES)
    ):
        raise refusal("invalid_endpoint", field=CONF_ENDPOINT, endpoint=endpoint[:100])
    return path


async def _require_admin(hass: HomeAssistant, call: ServiceCall) -> None:
    """Only administrators (or automations without a user) may send raw requests."""
    user_id = call.context.user_id
    if user_id is None:
        return
    user = await hass.auth.async_get_user(user_id)
    if user is None or not user.is_admin:
        raise refusal("admin_required")


async def _async_api_request(call: ServiceCall) -> ServiceResponse:
    """Send one request as given; the caches stay as they are."""
    hass = call.hass
    await _require_admin(hass, call)
    entry = called_entry(hass, call.data)
    endpoint = normalized_endpoint(call.data[CONF_ENDPOINT])
    method = str(call.data[CONF_METHOD]).upper()
    payload = dict(call.data.get(CONF_PAYLOAD) or {})
    ensure_cloud_requests(entry.runtime_data.coordinator)
    session = entry.runtime_data.session
    request = {
        "server": getattr(session, "server_url", ""),
        "method": method,
        "endpoint": endpoint,
        "payload": payload,
    }
    try:
        response = await entry.runtime_data.api.raw(method, endpoint, copy.deepcopy(payload))
    except SolixAuthError as err:
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="auth_failed") from err
    except SolixError as err:
        return {"request": request, "error": {"code": err.code, "message": err.msg}}
    return {"request": request, "response": response}


def _cached(
    hass: HomeAssistant, device: TargetDevice, cache: Literal["sites", "devices"]
) -> tuple[SolixCoordinator, str, dict[str, Any]]:
    """Coordinator, id and a copy of the cache entry (`sites` or `devices`) of a device."""
    identifiers = device_keys(device)
    coordinators = loaded_coordinators(hass, device)
    for coordinator in coordinators:
        entries: Mapping[str, Any] = (coordinator.data or {}).get(cache) or {}
        for identifier in sorted(identifiers):
            if identifier in entries:
                return coordinator, identifier, copy.deepcopy(entries[identifier])
    if not coordinators:
        reason = "target_not_loaded"
    else:
        reason = "info_not_system" if cache == "sites" else "info_not_device"
    raise refusal(reason, device=device_name(device))


def _info_target(hass: HomeAssistant, data: Mapping[str, Any]) -> TargetDevice:
    """The one device an info action targets (a device, or an entity of it)."""
    return target_device(
        hass, data, missing="info_target_missing", ambiguous="info_target_ambiguous"
    )


async def _async_get_system_info(call: ServiceCall) -> ServiceResponse:
    """`{"site_id", "system_info"[, "scene_info"]}` of the targeted system."""
    device = _info_target(call.hass, call.data)
    coordinator, site_id, cached = _cached(call.hass, device, "sites")
    result: dict[str, Any] = {"site_id": site_id, "system_info": cached}
    if call.data.get(CONF_INCLUDE_FRESH) and cached.get("site_type") != "virtual":
        api = coordinator.poller.api
        result["scene_info"] = await async_run_read(
            coordinator, api.get_scene_info(site_id), failed_key=INFO_READ_FAILED
        )
    return result


async def _async_get_device_info(call: ServiceCall) -> ServiceResponse:
    """`{"device_sn", "device_info"[, "bind_device", "firmware"]}` of the targeted device."""
    device = _info_target(call.hass, call.data)
    coordinator, serial, cached = _cached(call.hass, device, "devices")
    result: dict[str, Any] = {"device_sn": serial, "device_info": cached}
    if call.data.get(CONF_INCLUDE_FRESH):
        api = coordinator.poller.api
        bind = await async_run_read(
            coordinator, api.get_bind_devices(), failed_key=INFO_READ_FAILED
        )
        found = [
            d
            for d in bind.get("data") or []
            if isinstance(d, dict) and d.get("device_sn") == serial
        ]
        result["bind_device"] = found[0] if found else None
        ota = await async_run_read(
            coordinator, api.check_ota_update([serial]), failed_key=INFO_READ_FAILED
        )
        infos = [i for i in ota.get("update_infos") or [] if isinstance(i, dict)]
        result["firmware"] = infos[0] if infos else None
    return result


async def _async_export_systems(call: ServiceCall) -> ServiceResponse:
    """Export the entry's account anonymized; returns the download URL of the zip."""
    entry = called_entry(call.hass, call.data)
    ensure_cloud_requests(entry.runtime_data.coordinator)
    include_mqtt = call.data.get(INCLUDE_MQTT) is True
    return await async_export_systems(call.hass, entry, include_mqtt=include_mqtt)


@callback
def async_register_support_services(hass: HomeAssistant) -> None:
    """Register api_request, get_system_info, get_device_info and export_systems."""
    for name, handler, schema in (
        (API_REQUEST, _async_api_request, API_REQUEST_SCHEMA),
        (GET_SYSTEM_INFO, _async_get_system_info, INFO_SCHEMA),
        (GET_DEVICE_INFO, _async_get_device_info, INFO_SCHEMA),
        (EXPORT_SYSTEMS, _async_export_systems, EXPORT_SCHEMA),
    ):
        hass.services.async_register(
            DOMAIN,
            name,
            handler,
            schema=cast(VolSchemaType, schema),
            supports_response=SupportsResponse.ONLY,
        )
