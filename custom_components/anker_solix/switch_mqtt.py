"""Switches of device settings over MQTT (outputs, display, fast charging, the plug's switch)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .context import ContextKind, SolixContext
from .entity_mqtt import SolixMqttControlEntity
from .mqtt_controls import MqttControl, current_value, is_on, switch_value
from .switch import SolixSwitch
from .switch_tables import SolixSwitchDescription


@dataclass(frozen=True, kw_only=True)
class MqttSwitchDescription(SolixSwitchDescription):
    """A switch of one device setting (options off/on of its command)."""

    control: MqttControl


@functools.cache
def describe_switch(item: MqttControl) -> MqttSwitchDescription:
    """The description of a setting's switch."""

    def value(ctx: SolixContext) -> bool | None:
        return is_on(item, current_value(ctx, item))

    return MqttSwitchDescription(
        key=item.key,
        translation_key=item.key,
        kind=ContextKind.DEVICE,
        entity_category=item.row.category,
        control=item,
        value_fn=value,
        supported_fn=lambda _ctx: True,
        confirm=False,
    )


class SolixMqttSwitch(SolixMqttControlEntity, SolixSwitch):
    """A device setting switched by an MQTT command."""

    entity_description: MqttSwitchDescription

    async def _async_write(self, value: object) -> None:
        """On/off become the command's option values."""
        await super()._async_write(switch_value(self.mqtt_control, bool(value)))
