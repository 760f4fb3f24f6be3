"""Fixtures of the action tests: the simulator, a loaded entry and calls against a Solarbank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import DOMAIN
from solixsim.writes.common import read_param
from tests.entities.conftest import entity_registry_enabled_by_default
from tests.integration.conftest import SimCloud, cloud, scenario, setup_entry

__all__ = ["cloud", "entity_registry_enabled_by_default", "scenario"]

SET_PARAM = "power_service/v1/site/set_site_device_param"


@dataclass
class Loaded:
    """A loaded entry of the scenario account and the simulator behind it."""

    hass: HomeAssistant
    cloud: SimCloud
    entry: MockConfigEntry

    def device_id(self, serial: str) -> str:
        """The device registry id of a device of the entry."""
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(registry, self.entry.entry_id):
            if (DOMAIN, serial) in device.identifiers:
                return device.id
        raise AssertionError(serial)

    def site_of(self, serial: str) -> str:
        """The site id of a device."""
        return str(self.entry.runtime_data.poller.devices[serial]["site_id"])

    def stored(self, param_type: str, serial: str) -> dict[str, Any]:
        """The simulator's stored site parameter (the cloud's plan) of the device's site."""
        value = read_param(self.cloud.store, param_type, self.site_of(serial))
        assert value is not None
        return value

    def requests(self) -> int:
        """How many requests the simulator answered so far."""
        return len(self.cloud.recorder.records)

    async def call(
        self, action: str, serial: str | None = None, *, response: bool = False, **data: Any
    ) -> Any:
        """Call an action against the device of ``serial`` (blocking)."""
        target = {"device_id": self.device_id(serial)} if serial else None
        return await self.hass.services.async_call(
            DOMAIN,
            action,
            data,
            target=target,
            blocking=True,
            return_response=response,
        )


async def load(hass: HomeAssistant, cloud: SimCloud) -> Loaded:
    """Set the scenario's entry up (all tiers at the base time)."""
    entry = await setup_entry(hass, cloud, complete=True)
    return Loaded(hass, cloud, entry)
