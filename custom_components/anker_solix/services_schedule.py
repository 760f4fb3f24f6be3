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

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .coordinator import SolixCoordinator
from .helpers import async_run_read, async_run_write
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
from .services_target import (
    device_keys,
    device_name,
    loaded_coordinators,
    refusal,
    target_device,
)
from .solixapi import SlotChange, SolixPoller, control, device_is_owned

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


def resolve_solarbank(hass: HomeAssistant, data: Mapping[str, Any]) -> SolarbankTarget:
    """The one Solarbank of a loaded entry the call targets, or a translated refusal."""
    device = target_device(hass, data, missing="target_missing", ambiguous="target_ambiguous")
    name = device_name(device)
    serials = device_keys(device)
    if not serials:
        raise refusal("target_not_solarbank", device=name)
    coordinators = loaded_coordinators(hass, device)
    for coordinator in coordinators:
        devices: Mapping[str, Any] = (coordinator.data or {}).get("devices", {})
        for serial in serials:
            cached = devices.get(serial)
            if cached is None or cached.get("type") != SOLARBANK:
                continue
            sites: Mapping[str, Any] = (coordinator.data or {}).get("sites", {})
            if not device_is_owned(cached, sites.get(cached.get("site_id"))):
                raise refusal("target_member", device=name)
            return SolarbankTarget(
                coordinator=coordinator,
                serial=serial,
                name=name,
                generation=int(cached.get("generation") or 0),
            )
    # A device of a loaded entry that is no Solarbank (system, meter, account), or no loaded entry.
    raise refusal("target_not_solarbank" if coordinators else "target_not_loaded", device=name)


async def _async_get_schedule(call: ServiceCall) -> ServiceResponse:
    """Read the Solarbank's schedule fresh from the cloud."""
    target = resolve_solarbank(call.hass, call.data)
    schedule = await async_run_read(
        target.coordinator, control.get_schedule(target.poller, target.serial)
    )
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
    return control.clear_schedule(target.poller, target.serial, **clear_fields(data))


def _backup(target: SolarbankTarget, data: Mapping[str, Any]) -> Awaitable[None]:
    fields = backup_fields(data, dt_util.get_default_time_zone())
    return control.set_backup_charge(target.poller, target.serial, **fields)


def _use_time(target: SolarbankTarget, data: Mapping[str, Any]) -> Awaitable[None]:
    return control.modify_use_time(target.poller, target.serial, **use_time_fields(data))


WRITE_ACTIONS: dict[str, _Operation] = {
    SET_SCHEDULE: _slot_operation(control.set_schedule),
    UPDATE_SCHEDULE: _slot_operation(control.update_schedule),
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
