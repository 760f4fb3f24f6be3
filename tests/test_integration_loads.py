"""The integration package loads in Home Assistant's harness on every supported release."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component

from custom_components.anker_solix.const import DOMAIN


async def test_integration_is_found_and_sets_up(hass: HomeAssistant) -> None:
    """Home Assistant finds our manifest and sets the domain up."""
    integration = await async_get_integration(hass, DOMAIN)
    assert integration.name == "Anker Solix"
    assert integration.iot_class == "cloud_polling"
    assert await async_setup_component(hass, DOMAIN, {})
    assert DOMAIN in hass.config.components
