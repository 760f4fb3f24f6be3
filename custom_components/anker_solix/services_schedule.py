"""Schedule and plan actions (filled in by the controls work)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback


@callback
def async_register_schedule_services(hass: HomeAssistant) -> None:
    """Register the Solarbank schedule, backup charge and use-time actions."""
