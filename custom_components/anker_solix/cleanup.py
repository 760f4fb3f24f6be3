"""Device and entity registry upkeep of a config entry.

* Devices whose identifiers left the cloud data are removed after a grace period
  (:class:`VanishedDevices`): only once they were missing from every successful, complete poll
  for at least ``GRACE_PERIOD`` and at least ``GRACE_POLLS`` such polls in a row. A poll is
  complete when none of the requests that list systems, devices and vehicles
  (``PRESENCE_ENDPOINTS``) failed and it found at least one system (an empty site list is no
  evidence that anything is gone). Polls that are not complete neither count nor reset the
  grace; so an account whose last system was deleted in the app keeps its devices until the
  user deletes them (allowed for devices the cloud no longer reports). While
  missing, a device stays in the registry (its entities are unavailable); when it comes back,
  names, areas and customizations are intact. The missing-since times are kept in Home
  Assistant's storage, so a restart does not restart the grace period.
* After a reload for changed exclusions, devices of excluded types and the entities the
  exclusions drop are removed, and so are devices left without entities (customizations of the
  entities that stay are untouched: their registry entries are never rewritten).
* Devices or systems already registered by another entry of this integration are reported.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER
from .context import ContextKind, SolixContext
from .entity_control import preset_control_on_site, shares_output
from .mqtt_controls import PLATFORMS, device_controls
from .solixapi import Endpoint

if TYPE_CHECKING:
    from .coordinator import SolixConfigEntry, SolixCoordinator

GRACE_PERIOD: Final = 24 * 3600.0
"""Seconds a device must be missing from complete polls before it leaves the registry."""
GRACE_POLLS: Final = 3
"""Complete polls in a row a device must be missing from before it leaves the registry."""
PRESENCE_ENDPOINTS: Final = (
    Endpoint.GET_SITE_LIST,
    Endpoint.GET_SCEN_INFO,
    Endpoint.GET_RELATE_AND_BIND_DEVICES,
    Endpoint.GET_VEHICLE_LIST,
    Endpoint.HES_GET_HES_DEV_INFO,
    Endpoint.PV_GET_PV_STATUS,
)
"""The requests whose answers tell which systems, devices and vehicles exist: a poll with a
failed one of them is no evidence that anything is gone."""
STORAGE_VERSION: Final = 1
LIVE_PREFIX: Final = "live_"
"""Key prefix of the live-data sensors (``sensor_mqtt``) and MQTT controls."""


def data_identifiers(data: Mapping[str, Any] | None, user_id: str | None) -> set[str]:
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


def missing_storage_key(entry_id: str) -> str:
    """The storage key of an entry's missing-since bookkeeping."""
    return f"{DOMAIN}.missing_devices.{entry_id}"


class VanishedDevices:
    """Removes an entry's devices that left the cloud, after the grace period.

    ``missing`` maps a device's identifier to ``{"since": first missing (clock time),
    "polls": complete polls in a row it was missing from (counted up to GRACE_POLLS)}``.
    """

    def __init__(self, hass: HomeAssistant, entry_id: str, user_id: str | None) -> None:
        """Bookkeeping of the entry ``entry_id`` (account device ``user_id``)."""
        self._hass = hass
        self._entry_id = entry_id
        self._user_id = user_id
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, missing_storage_key(entry_id)
        )
        self.missing: dict[str, dict[str, float]] = {}
        self._polls = 0
        self._errors = 0

    async def async_load(self) -> None:
        """Read the missing-since times kept from before a restart."""
        stored = await self._store.async_load()
        missing = stored.get("missing") if isinstance(stored, dict) else None
        if not isinstance(missing, dict):
            return
        for identifier, item in missing.items():
            if isinstance(item, dict):
                since, polls = item.get("since"), item.get("polls")
                if isinstance(since, int | float) and isinstance(polls, int | float):
                    self.missing[str(identifier)] = {"since": float(since), "polls": int(polls)}

    @callback
    def async_poll_done(self, coordinator: SolixCoordinator) -> None:
        """Take the evidence of the poll just done (called after every coordinator update).

        Only a new successful poll counts (the scheduler counts those); it is complete when no
        presence request failed since the previous call and its site list was not empty while
        devices of the entry are registered.
        """
        polls = int(coordinator.scheduler.stats["polls"])
        endpoints = coordinator.session.stats.endpoints
        errors = sum(count.errors for ep, count in endpoints.items() if ep in PRESENCE_ENDPOINTS)
        new_poll, failed = polls != self._polls, errors != self._errors
        self._polls, self._errors = polls, errors
        if not new_poll or not coordinator.last_update_success or not coordinator.data:
            return
        if failed:
            LOGGER.debug("Poll with failed presence requests: no device counts as missing")
            return
        present = data_identifiers(coordinator.data, self._user_id)
        listed = bool(coordinator.data.get("sites"))
        self.async_check(present, float(coordinator.session.clock()), sites_listed=listed)

    @callback
    def async_check(self, present: set[str], now: float, *, sites_listed: bool = True) -> None:
        """Count a successful poll that found ``present``; remove devices past the grace.

        Without any system (``sites_listed`` false) the poll is not complete while devices of
        the entry are missing: an empty site list is no evidence that they are gone.
        """
        registry = dr.async_get(self._hass)
        devices = {
            min(identifiers): device
            for device in dr.async_entries_for_config_entry(registry, self._entry_id)
            if (identifiers := domain_identifiers(device))
            and not (present & identifiers)
            and identifiers != {self._user_id}
        }
        if devices and not sites_listed:
            LOGGER.debug(
                "Empty site list while devices are registered: no device counts as missing"
            )
            return
        changed = False
        for identifier in [key for key in self.missing if key not in devices]:
            del self.missing[identifier]  # back in the cloud data, or removed by the user
            changed = True
        for identifier, device in devices.items():
            item = self.missing.get(identifier)
            if item is None:
                LOGGER.debug("Device %s is missing from the cloud data", device.id)
                item = self.missing[identifier] = {"since": now, "polls": 0}
            if item["polls"] < GRACE_POLLS:
                item["polls"] += 1
                changed = True
            if item["polls"] >= GRACE_POLLS and now - item["since"] >= GRACE_PERIOD:
                LOGGER.info(
                    "Removing device %s (%s): missing from the cloud data for %.0f hours",
                    device.name_by_user or device.name,
                    device.id,
                    (now - item["since"]) / 3600,
                )
                registry.async_remove_device(device.id)
                del self.missing[identifier]
                changed = True
        if changed:
            self._store.async_delay_save(lambda: {"missing": dict(self.missing)}, 0)

    async def async_remove(self) -> None:
        """Delete the bookkeeping of a removed entry."""
        await self._store.async_remove()


def excluded_type_identifiers(data: Mapping[str, Any] | None, excluded: set[str]) -> set[str]:
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
    hass: HomeAssistant, entry_id: str, data: Mapping[str, Any] | None, excluded: set[str]
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
    entry: SolixConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
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


REPLACED_SENSORS: Final = {
    "battery_capacity": None,
    "output_preset": shares_output,
    "system_output_preset": lambda ctx: not preset_control_on_site(ctx),
    # Earlier releases also gave smart plugs the Power Dock's "power" sensor beside "plug_power".
    "power": lambda ctx: ctx.entry is not None and ctx.entry.get("type") != "smartplug",
}
"""Sensors that repeated a control's quantity: the key and when the sensor still exists (None:
never). Their registry entries are removed where they no longer exist (the controls keep the
quantity; a plug's "power" kept the same statistics as its "plug_power", which stays)."""


REPLACED_BY_UPDATE: Final = {("sensor", "firmware"), ("binary_sensor", "firmware_update")}
"""(domain, key) of the firmware sensor and the update-available binary sensor of earlier
releases: the device's update entity (``update.py``, unique id ``<serial>_firmware``) shows both."""


@callback
def async_remove_replaced_sensors(hass: HomeAssistant, entry: SolixConfigEntry) -> None:
    """Remove the registry entries of sensors that a control or an update entity replaced
    (earlier releases), and the live sensors (``<serial>_live_<name>``) of settings that an
    MQTT control of the device shows now (``mqtt_controls``; whether live data runs or not)."""
    coordinator = entry.runtime_data.coordinator
    if not coordinator.data:
        return
    registry = er.async_get(hass)

    @functools.cache
    def live_controlled(serial: str) -> frozenset[str]:
        ctx = SolixContext(ContextKind.DEVICE, serial, coordinator.data, str(entry.unique_id))
        return frozenset(
            item.live_name for platform in PLATFORMS for item in device_controls(ctx, platform)
        )

    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        serial, _, suffix = entity.unique_id.partition("_")
        if (entity.domain, suffix) in REPLACED_BY_UPDATE and serial:
            LOGGER.debug("Removing %s: the firmware update entity shows it", entity.entity_id)
            registry.async_remove(entity.entity_id)
            continue
        if entity.domain != "sensor":
            continue
        if suffix.startswith(LIVE_PREFIX) and suffix.removeprefix(LIVE_PREFIX) in live_controlled(
            serial
        ):
            LOGGER.debug("Removing %s: a live-data control shows its value", entity.entity_id)
            registry.async_remove(entity.entity_id)
            continue
        for key, still_exists in REPLACED_SENSORS.items():
            context_key = entity.unique_id.removesuffix(f"_{key}")
            if context_key == entity.unique_id:
                continue
            kind = ContextKind.SITE if key == "system_output_preset" else ContextKind.DEVICE
            ctx = SolixContext(kind, context_key, coordinator.data, str(entry.unique_id))
            if ctx.entry is None or (still_exists is not None and still_exists(ctx)):
                continue
            LOGGER.debug("Removing %s: a control shows its value", entity.entity_id)
            registry.async_remove(entity.entity_id)
            break
