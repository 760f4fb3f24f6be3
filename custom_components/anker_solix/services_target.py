"""What the actions act on: the one targeted device and the loaded entries that hold it.

An action targets a device directly (``device_id``) or through one of its entities
(``entity_id``). Every problem with the target is a translated `ServiceValidationError` raised
before any request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from .const import DOMAIN
from .coordinator import SolixConfigEntry, SolixCoordinator


class TargetDevice(Protocol):
    """What the actions read of a device registry entry (its class differs between releases)."""

    @property
    def id(self) -> str: ...
    @property
    def identifiers(self) -> set[tuple[str, str]]: ...
    @property
    def config_entries(self) -> set[str]: ...
    @property
    def name(self) -> str | None: ...
    @property
    def name_by_user(self) -> str | None: ...


def refusal(reason: str, **placeholders: str) -> ServiceValidationError:
    """A translated refusal of the call."""
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=reason, translation_placeholders=placeholders
    )


def _as_list(value: Any) -> list[str]:
    """Ids of a target field ("none"/"all" select nothing here)."""
    if isinstance(value, str):
        value = [value]
    return [item for item in value or [] if isinstance(item, str) and item not in ("none", "all")]


def target_device(
    hass: HomeAssistant, data: Mapping[str, Any], *, missing: str, ambiguous: str
) -> TargetDevice:
    """The one device the call targets (a device, or the device of an entity).

    Refusals: ``target_unknown`` (an entity without device, a device not in the registry),
    ``missing`` (no target), ``ambiguous`` (more than one device, placeholder ``count``).
    """
    device_ids = set(_as_list(data.get(ATTR_DEVICE_ID)))
    registry = er.async_get(hass)
    for entity_id in _as_list(data.get(ATTR_ENTITY_ID)):
        entity = registry.async_get(entity_id)
        if entity is None or entity.device_id is None:
            raise refusal("target_unknown", target=entity_id)
        device_ids.add(entity.device_id)
    if not device_ids:
        raise refusal(missing)
    if len(device_ids) > 1:
        raise refusal(ambiguous, count=str(len(device_ids)))
    device_id = device_ids.pop()
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        raise refusal("target_unknown", target=device_id)
    return device


def device_name(device: TargetDevice) -> str:
    """The name a refusal shows for a device."""
    return device.name_by_user or device.name or device.id


def loaded_entry_of(hass: HomeAssistant, entry_id: str) -> SolixConfigEntry | None:
    """The config entry of this integration with that id when it is loaded."""
    entry: SolixConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        return None
    return entry


def loaded_coordinators(hass: HomeAssistant, device: TargetDevice) -> list[SolixCoordinator]:
    """The coordinators of the loaded entries of this integration that hold the device."""
    entries = (loaded_entry_of(hass, entry_id) for entry_id in device.config_entries)
    return [entry.runtime_data.coordinator for entry in entries if entry is not None]


def device_keys(device: TargetDevice) -> set[str]:
    """The device's identifiers of this integration (serial, site id, user or vehicle id)."""
    return {key for domain, key in device.identifiers if domain == DOMAIN}
