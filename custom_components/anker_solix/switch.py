"""Switches of devices and vehicles, built from the description table in `switch_tables`."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .coordinator import SolixConfigEntry
from .entity_control import SolixControlEntity, async_setup_controls
from .switch_tables import SWITCHES, SolixSwitchDescription

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the switches of every context now and of every new context after a poll."""
    async_setup_controls(entry, async_add_entities, SWITCHES, SolixSwitch)


class SolixSwitch(SolixControlEntity, SwitchEntity):
    """A switch whose state a description reads and whose library op changes it."""

    entity_description: SolixSwitchDescription

    def _read_value(self) -> None:
        """Take the state from the snapshot."""
        self._attr_is_on = self._control_value()

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on through the library (the state follows from the updated cache)."""
        await self._async_write(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off through the library."""
        await self._async_write(False)
