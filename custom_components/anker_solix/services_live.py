"""The `start_live_updates` action: ask one device for real-time live data for a while.

The duration is checked here (1 … 600 s) and refused with a translated error outside that
range, before anything is sent; the real-time trigger is sent once and never renewed.
"""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers import config_validation as cv

from .const import DOMAIN
from .mqtt_link import REALTIME_BUTTON, REALTIME_MAX, link_of
from .services_target import (
    device_keys,
    device_name,
    loaded_coordinators,
    refusal,
    target_device,
)

START_LIVE_UPDATES: Final = "start_live_updates"
CONF_DURATION: Final = "duration"
REALTIME_MIN: Final = 1

SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_DEVICE_ID): vol.Any(cv.string, [cv.string]),
        vol.Optional(ATTR_ENTITY_ID): vol.Any(cv.string, [cv.string]),
        vol.Optional(CONF_DURATION, default=REALTIME_BUTTON): vol.Any(int, float, str),
    },
    extra=vol.ALLOW_EXTRA,
)
"""Loose on purpose: a wrong duration gets the translated refusal below, not a schema text."""


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


@callback
def async_register_live_services(hass: HomeAssistant) -> None:
    """Register `start_live_updates`."""
    hass.services.async_register(
        DOMAIN,
        START_LIVE_UPDATES,
        _async_start_live_updates,
        schema=SCHEMA,  # type: ignore[arg-type,unused-ignore]
    )
