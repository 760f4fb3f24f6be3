"""Schedule and plan actions: read, set, update and clear Solarbank schedules, backup, use time.

The actions are registered once (from `async_setup`) and target a Solarbank device or one of its
entities. The target is resolved to the serial of a Solarbank in a loaded entry of this
integration; the fields are parsed in `services_schedule_schemas` (bad values are refused before
any request); the change runs through the library's schedule operations, which read the plan,
change it, write it, read it back and update the caches. `async_run_write` translates errors and
shows the result at once (no confirming poll: the operation read its result back).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .coordinator import SolixConfigEntry, SolixCoordinator
from .helpers import async_run_write
from .services_schedule_schemas import (
    CLEAR_SCHEDULE,
    GET_SCHEDULE,
    MODIFY_BACKUP,
    MODIFY_USE_TIME,
    SET_SCHEDULE,
    UPDATE_SCHEDULE,
    backup_fields,
    check_family,
    clear_fields,
    registration_schema,
    slot_fields,
    use_time_fields,
)
from .solixapi import SolixControlError, SolixError, SolixPoller, control_schedule
from .solixapi.schedule_model import SlotChange

SOLARBANK = "solarbank"


@dataclass(frozen=True, kw_only=True)
class SolarbankTarget:
    """The Solarbank an action acts on."""

    coordinator: SolixCoordinator
    serial: str
    name: str
    generation: int

    @property
    def poller(self) -> SolixPoller:
        """The poller of the entry that holds the Solarbank."""
        return self.coordinator.poller


def _target_error(reason: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=reason, translation_placeholders=placeholders
    )


def _as_list(value: Any) -> list[str]:
    """Ids of a target field ("none"/"all" select nothing here)."""
    if isinstance(value, str):
        value = [value]
    return [item for item in value or [] if isinstance(item, str) and item not in ("none", "all")]


def _target_device_ids(hass: HomeAssistant, data: Mapping[str, Any]) -> set[str]:
    """Device registry ids of the call's device targets and of its entity targets' devices."""
    device_ids = set(_as_list(data.get(ATTR_DEVICE_ID)))
    registry = er.async_get(hass)
    for entity_id in _as_list(data.get(ATTR_ENTITY_ID)):
        entity = registry.async_get(entity_id)
        if entity is None or entity.device_id is None:
            raise _target_error("target_unknown", target=entity_id)
        device_ids.add(entity.device_id)
    return device_ids


def resolve_solarbank(hass: HomeAssistant, data: Mapping[str, Any]) -> SolarbankTarget:
    """The one Solarbank of a loaded entry the call targets, or a translated refusal."""
    device_ids = _target_device_ids(hass, data)
    if not device_ids:
        raise _target_error("target_missing")
    if len(device_ids) > 1:
        raise _target_error("target_ambiguous", count=str(len(device_ids)))
    device_id = device_ids.pop()
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        raise _target_error("target_unknown", target=device_id)
    name = device.name_by_user or device.name or device_id
    serials = {key for domain, key in device.identifiers if domain == DOMAIN}
    if not serials:
        raise _target_error("target_not_solarbank", device=name)
    loaded = False
    for entry_id in device.config_entries:
        entry: SolixConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
        if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
            continue
        loaded = True
        coordinator = entry.runtime_data.coordinator
        devices: Mapping[str, Any] = (coordinator.data or {}).get("devices", {})
        for serial in serials:
            cached = devices.get(serial)
            if cached is None or cached.get("type") != SOLARBANK:
                continue
            if not _is_owner(coordinator, cached):
                raise _target_error("target_member", device=name)
            return SolarbankTarget(
                coordinator=coordinator,
                serial=serial,
                name=name,
                generation=int(cached.get("generation") or 0),
            )
    # A device of a loaded entry that is no Solarbank (system, meter, account), or no loaded entry.
    raise _target_error("target_not_solarbank" if loaded else "target_not_loaded", device=name)


def _is_owner(coordinator: SolixCoordinator, device: Mapping[str, Any]) -> bool:
    """True when the account owns the Solarbank (members may not read or change schedules)."""
    site = (coordinator.data or {}).get("sites", {}).get(device.get("site_id"), {})
    return bool(device.get("is_admin")) and site.get("site_admin") is not False


async def _async_get_schedule(call: ServiceCall) -> ServiceResponse:
    """Read the Solarbank's schedule fresh from the cloud."""
    target = resolve_solarbank(call.hass, call.data)
    try:
        schedule = await control_schedule.get_schedule(target.poller, target.serial)
    except SolixControlError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=err.reason,
            translation_placeholders=err.placeholders,
        ) from err
    except SolixError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="read_failed",
            translation_placeholders={"error": str(err)},
        ) from err
    return {"schedule": schedule}


type _Operation = Callable[[SolarbankTarget, Mapping[str, Any]], Awaitable[None]]


def _slot_operation(
    change: Callable[[SolixPoller, str, SlotChange], Awaitable[None]],
) -> _Operation:
    """Set or update one slot (SB1 schedule or SB2+ weekday plan)."""

    def run(target: SolarbankTarget, data: Mapping[str, Any]) -> Awaitable[None]:
        check_family(data, target.generation, target.name)
        slot = SlotChange(**slot_fields(data))
        return change(target.poller, target.serial, slot)

    return run


def _clear(target: SolarbankTarget, data: Mapping[str, Any]) -> Awaitable[None]:
    check_family(data, target.generation, target.name)
    return control_schedule.clear_schedule(target.poller, target.serial, **clear_fields(data))


def _backup(target: SolarbankTarget, data: Mapping[str, Any]) -> Awaitable[None]:
    fields = backup_fields(data, dt_util.get_default_time_zone())
    return control_schedule.set_backup_charge(target.poller, target.serial, **fields)


def _use_time(target: SolarbankTarget, data: Mapping[str, Any]) -> Awaitable[None]:
    return control_schedule.modify_use_time(target.poller, target.serial, **use_time_fields(data))


WRITE_ACTIONS: dict[str, _Operation] = {
    SET_SCHEDULE: _slot_operation(control_schedule.set_schedule),
    UPDATE_SCHEDULE: _slot_operation(control_schedule.update_schedule),
    CLEAR_SCHEDULE: _clear,
    MODIFY_BACKUP: _backup,
    MODIFY_USE_TIME: _use_time,
}
"""Each writing action and the operation it runs (fields parsed before anything is sent)."""


def _write_handler(
    operation: _Operation,
) -> Callable[[ServiceCall], Coroutine[Any, Any, None]]:
    async def handle(call: ServiceCall) -> None:
        target = resolve_solarbank(call.hass, call.data)
        write = operation(target, call.data)
        await async_run_write(target.coordinator, write, confirm=False)

    return handle


@callback
def async_register_schedule_services(hass: HomeAssistant) -> None:
    """Register the Solarbank schedule, backup charge and use-time actions."""
    hass.services.async_register(
        DOMAIN,
        GET_SCHEDULE,
        _async_get_schedule,
        schema=registration_schema(GET_SCHEDULE),
        supports_response=SupportsResponse.ONLY,
    )
    for action, operation in WRITE_ACTIONS.items():
        hass.services.async_register(
            DOMAIN, action, _write_handler(operation), schema=registration_schema(action)
        )
