"""Support actions: raw Api requests, system and device info, the anonymized export."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback


@callback
def async_register_support_services(hass: HomeAssistant) -> None:
    """Register api_request, get_system_info, get_device_info and export_systems."""
