"""Selects of devices, systems and vehicles, built from the tables in `select_tables`."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .const import LOGGER
from .context import SolixContext
from .coordinator import SolixConfigEntry, SolixCoordinator
from .entity_control import (
    SolixControlEntity,
    async_setup_controls,
    invalid_value,
)
from .select_common import SolixSelectDescription
from .select_tables import SELECTS, restores_locally
from .solixapi import SolixError

PARALLEL_UPDATES = 1


def _factory(
    coordinator: SolixCoordinator, ctx: SolixContext, description: SolixSelectDescription
) -> SolixSelect:
    """A restoring select for members' local choices, else a plain one."""
    if restores_locally(ctx, description):
        return SolixRestoreSelect(coordinator, ctx, description)
    return SolixSelect(coordinator, ctx, description)


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the selects of every context now and of every new context after a poll."""
    async_setup_controls(entry, async_add_entities, SELECTS, _factory)
    # The device settings over MQTT (their module builds on this one's entity class).
    from .entity_mqtt import async_setup_mqtt_controls
    from .select_mqtt import SolixMqttSelect, describe_select

    async_setup_mqtt_controls(
        entry, async_add_entities, Platform.SELECT, describe_select, SolixMqttSelect
    )


class SolixSelect(SolixControlEntity, SelectEntity):
    """A select whose options and choice come from the snapshot."""

    entity_description: SolixSelectDescription

    @property
    def available(self) -> bool:
        """Available with at least one option (Home Assistant's first/next/last need one)."""
        if not super().available:
            return False
        ctx = self.context
        return ctx.entry is not None and bool(self.entity_description.options_fn(ctx))

    def _read_value(self) -> None:
        """Take the options and the current choice from the snapshot."""
        ctx = self.context
        if ctx.entry is None:
            return
        self._attr_options = self.entity_description.options_fn(ctx)
        self._attr_current_option = self._control_value()

    async def async_added_to_hass(self) -> None:
        """Read missing option lists once in the background (catalogue levels)."""
        await super().async_added_to_hass()
        if self.entity_description.load_fn is not None:
            self.hass.async_create_background_task(
                self._async_load_options(), f"anker_solix options {self.entity_id}"
            )

    async def _async_load_options(self) -> None:
        """Read the option lists, then let every entity re-read its options."""
        load_fn = self.entity_description.load_fn
        if load_fn is None or self.coordinator.polling_paused:
            return
        try:
            await load_fn(self.coordinator.poller, self._key)
        except SolixError as err:
            LOGGER.debug("Option lists of %s not read: %s", self.entity_id, err)
            return
        self.coordinator.async_update_listeners()

    async def async_select_option(self, option: str) -> None:
        """Write the chosen option (refused before any request when it is not offered)."""
        if option not in self.options:
            raise invalid_value(
                "option_invalid", value=option, options=", ".join(self.options) or "-"
            )
        await self._async_write(option)


class SolixRestoreSelect(SolixSelect, RestoreEntity):
    """A member's local choice: restored at start into the cache (no cloud write)."""

    _attr_assumed_state = True
    _local_write = True

    async def async_added_to_hass(self) -> None:
        """Apply the last choice when the cache holds none."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        if last is None or self._control_value() is not None or last.state not in self.options:
            return
        await self._async_apply_restored(last.state)
