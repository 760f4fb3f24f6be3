"""Live-data actions: `start_live_updates` and `device_power_action`.

`start_live_updates` asks one device for real-time live data for a while. The duration is
checked here (1 … 600 s) and refused with a translated error outside that range, before
anything is sent; the real-time trigger is sent once and never renewed.

`device_power_action` restarts or shuts down one device whose command table has that command
(MQTT protocol §6.7: the EV charger restarts, the alternator charger shuts down — and then needs
the button on the device to power on again, §6.6). It needs ``confirm: true``; every refusal is
translated and raised before anything is sent: no confirmation, an unknown action, a member's
device, a model without the action, live data off. The command goes through the one write path
(cloud polling off refuses it, one command per device per second). There is no button entity
for it on purpose: a button press has no confirmation step.
"""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers import config_validation as cv

from .const import DOMAIN
from .coordinator import SolixCoordinator
from .helpers import async_run_write
from .mqtt_link import REALTIME_BUTTON, REALTIME_MAX, link_of
from .services_target import (
    device_keys,
    device_name,
    loaded_coordinators,
    refusal,
    target_device,
)
from .solixapi import device_is_owned, mqtt_power_commands, mqtt_send_power_action

START_LIVE_UPDATES: Final = "start_live_updates"
DEVICE_POWER_ACTION: Final = "device_power_action"
CONF_ACTION: Final = "action"
CONF_CONFIRM: Final = "confirm"
POWER_ACTIONS: Final = ("restart", "shutdown")
CONF_DURATION: Final = "duration"
REALTIME_MIN: Final = 1

SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_DEVICE_ID): vol.Any(cv.string, [cv.string]),
        vol.Optional(ATTR_ENTITY_ID): vol.Any(cv.string, [cv.string]),
        vol.Optional(CONF_DURATION, default=REALTIME_BUTTON): object,
    },
    extra=vol.ALLOW_EXTRA,
)
"""Loose on purpose: a wrong duration (of any type, None too) gets the translated refusal
below, not a schema text."""

POWER_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_DEVICE_ID): vol.Any(cv.string, [cv.string]),
        vol.Optional(ATTR_ENTITY_ID): vol.Any(cv.string, [cv.string]),
        vol.Optional(CONF_ACTION): object,
        vol.Optional(CONF_CONFIRM): object,
    },
    extra=vol.ALLOW_EXTRA,
)
"""Loose on purpose: a missing confirmation or wrong action gets a translated refusal."""


def _duration(value: Any) -> int:
    """The duration in whole seconds, or the translated refusal."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not REALTIME_MIN <= number <= REALTIME_MAX or number != int(number):
        raise refusal("live_duration_invalid", minimum=str(REALTIME_MIN), maximum=str(REALTIME_MAX))
    return int(number)


async def _async_start_live_updates(call: ServiceCall) -> None:
    """Start real-time publishing of the targeted device (owned, live data on)."""
    seconds = _duration(call.data.get(CONF_DURATION, REALTIME_BUTTON))
    device = target_device(
        call.hass, call.data, missing="target_missing", ambiguous="target_ambiguous"
    )
    keys = device_keys(device)
    for coordinator in loaded_coordinators(call.hass, device):
        link = link_of(coordinator)
        for sn in keys:
            if link is not None and link.shows(sn):
                if not link.active:
                    raise refusal("live_data_off")
                await link.async_start_realtime(sn, seconds)
                return
    raise refusal("live_not_supported", device=device_name(device))


def _power_action(data: Any) -> str:
    """The chosen action after its confirmation, or the translated refusal (nothing sent)."""
    action = data.get(CONF_ACTION)
    if action not in POWER_ACTIONS:
        raise refusal("power_action_invalid", options=", ".join(POWER_ACTIONS))
    if data.get(CONF_CONFIRM) is not True:
        raise refusal("power_action_confirm_required", action=str(action))
    return str(action)


def _device_of(coordinator: SolixCoordinator, sn: str) -> tuple[dict[str, Any], Any] | None:
    """The device record of a serial in a coordinator's snapshot and its site (None: absent)."""
    data = coordinator.data or {}
    device = (data.get("devices") or {}).get(sn)
    if not isinstance(device, dict):
        return None
    site = (data.get("sites") or {}).get(str(device.get("site_id") or ""))
    return device, site


async def _async_device_power_action(call: ServiceCall) -> None:
    """Restart or shut down the targeted device (see the module text)."""
    action = _power_action(call.data)
    device = target_device(
        call.hass, call.data, missing="info_target_missing", ambiguous="info_target_ambiguous"
    )
    name = device_name(device)
    for coordinator in loaded_coordinators(call.hass, device):
        for sn in device_keys(device):
            found = _device_of(coordinator, sn)
            if found is None:
                continue
            record, site = found
            if not device_is_owned(record, site):
                raise refusal("not_owner")
            if action not in mqtt_power_commands(str(record.get("device_pn") or "")):
                raise refusal("power_action_unsupported", device=name, action=action)
            link = link_of(coordinator)
            session = link.session if link is not None else None
            if link is None or session is None or not link.shows(sn):
                raise refusal("live_data_off")
            await async_run_write(
                coordinator,
                mqtt_send_power_action(session, sn, action, confirm=True),
                confirm=False,
                live=True,
            )
            return
    raise refusal("power_action_unsupported", device=name, action=action)


@callback
def async_register_live_services(hass: HomeAssistant) -> None:
    """Register `start_live_updates` and `device_power_action`."""
    hass.services.async_register(
        DOMAIN,
        START_LIVE_UPDATES,
        _async_start_live_updates,
        schema=SCHEMA,  # type: ignore[arg-type,unused-ignore]
    )
    hass.services.async_register(
        DOMAIN,
        DEVICE_POWER_ACTION,
        _async_device_power_action,
        schema=POWER_SCHEMA,  # type: ignore[arg-type,unused-ignore]
    )
