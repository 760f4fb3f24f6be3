"""Anker Solix for Home Assistant.

The config entry, coordinators and platforms arrive with the monitoring issue; this module only
makes the integration loadable so the test harness can check it on both Home Assistant releases.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the integration (nothing to do before config entries exist)."""
    hass.data.setdefault(DOMAIN, {})
    return True
