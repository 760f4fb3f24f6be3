"""Actions of the integration, registered once in `async_setup` (never per entry)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback

from .services_live import async_register_live_services
from .services_schedule import async_register_schedule_services
from .services_support import async_register_support_services
from .statistics.action import async_register_history_action


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the schedule actions, the support actions and the live-data action."""
    async_register_schedule_services(hass)
    async_register_support_services(hass)
    async_register_live_services(hass)
    async_register_history_action(hass)
