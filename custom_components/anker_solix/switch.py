"""Switches of the account, devices and vehicles, built from the table in `switch_tables`."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.const import STATE_OFF, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .context import SolixContext
from .coordinator import SolixConfigEntry, SolixCoordinator
from .entity_control import SolixControlEntity, async_setup_controls
from .switch_tables import SWITCHES, SolixSwitchDescription

PARALLEL_UPDATES = 1


def _factory(
    coordinator: SolixCoordinator, ctx: SolixContext, description: SolixSwitchDescription
) -> SolixSwitch:
    """The account's cloud polling switch, else a switch written through the library."""
    if description.cloud_polling:
        return SolixCloudPollingSwitch(coordinator, ctx, description)
    return SolixSwitch(coordinator, ctx, description)


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the switches of every context now and of every new context after a poll."""
    async_setup_controls(entry, async_add_entities, SWITCHES, _factory)
    # The device settings over MQTT (their module builds on this one's entity class).
    from .entity_mqtt import async_setup_mqtt_controls
    from .switch_mqtt import SolixMqttSwitch, describe_switch

    async_setup_mqtt_controls(
        entry, async_add_entities, Platform.SWITCH, describe_switch, SolixMqttSwitch
    )


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


class SolixCloudPollingSwitch(SolixSwitch, RestoreEntity):
    """Cloud polling of the account: off stops every request, on polls at once and resumes.

    Local only (members have it too); the last state is restored at start.
    """

    async def async_added_to_hass(self) -> None:
        """Pause polling again when the switch was off before the restart."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        if last is not None and last.state == STATE_OFF:
            self.coordinator.async_pause_polling()

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Poll once right away, then follow the scheduler."""
        await self.coordinator.async_resume_polling()
        self._read_value()
        self.async_write_ha_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Stop polling; the entities keep their data, marked as paused."""
        self.coordinator.async_pause_polling()
        self._read_value()
        self.async_write_ha_state()
