"""The base of the MQTT control entities: live-data availability and the MQTT write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from homeassistant.const import Platform
from homeassistant.core import callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .context import SolixContext
from .coordinator import SolixConfigEntry, SolixCoordinator
from .entity_control import SolixControlDescription, SolixControlEntity
from .entity_setup import async_setup_dynamic_entities
from .mqtt_controls import MqttControl, async_send, controls_for, link_active


class MqttDescription(Protocol):
    """What the MQTT control descriptions of every platform carry."""

    @property
    def control(self) -> MqttControl: ...


class SolixMqttControlEntity(SolixControlEntity):
    """A device setting changed by an MQTT command (available while live data runs)."""

    @property
    def mqtt_control(self) -> MqttControl:
        """The setting of this entity."""
        control: MqttControl = getattr(self.entity_description, "control")  # noqa: B009
        return control

    @property
    def available(self) -> bool:
        """Available while the live-data session exists and the device reports the value."""
        return link_active(self.coordinator) and super().available

    async def _async_write(self, value: Any) -> None:
        """Send the command through the one write path (see `mqtt_controls`)."""
        await async_send(self.coordinator, self.context, self.mqtt_control, value)


@callback
def async_setup_mqtt_controls[D: SolixControlDescription](
    entry: SolixConfigEntry,
    async_add_entities: AddEntitiesCallback,
    platform: Platform,
    describe: Callable[[MqttControl], D],
    factory: Callable[[SolixCoordinator, SolixContext, D], Entity],
) -> None:
    """Add a platform's MQTT controls for every device now and after every poll."""

    def descriptions_for(ctx: SolixContext) -> tuple[D, ...]:
        return tuple(describe(item) for item in controls_for(ctx, platform))

    async_setup_dynamic_entities(
        entry,
        async_add_entities,
        descriptions_for,
        lambda _ctx, _description: True,
        factory,
    )
