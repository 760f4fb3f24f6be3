"""Selects of device settings over MQTT (modes, levels, timeouts, units, fixed limits)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .context import ContextKind, SolixContext
from .entity_control import invalid_value
from .entity_mqtt import SolixMqttControlEntity
from .mqtt_controls import (
    MqttControl,
    current_value,
    select_current,
    select_options,
    select_value,
)
from .select import SolixSelect
from .select_common import SolixSelectDescription


@dataclass(frozen=True, kw_only=True)
class MqttSelectDescription(SolixSelectDescription):
    """A select of one device setting (the options of its command)."""

    control: MqttControl


@functools.cache
def describe_select(item: MqttControl) -> MqttSelectDescription:
    """The description of a setting's select."""
    options = select_options(item)

    def value(ctx: SolixContext) -> str | None:
        return select_current(item, current_value(ctx, item))

    return MqttSelectDescription(
        key=item.key,
        translation_key=item.key,
        kind=ContextKind.DEVICE,
        entity_category=item.row.category,
        control=item,
        options_fn=lambda _ctx: list(options),
        value_fn=value,
        supported_fn=lambda _ctx: True,
        confirm=False,
    )


class SolixMqttSelect(SolixMqttControlEntity, SolixSelect):
    """A device setting chosen by an MQTT command."""

    entity_description: MqttSelectDescription

    async def _async_write(self, value: object) -> None:
        """The option becomes the command's value."""
        chosen = select_value(self.mqtt_control, str(value))
        if chosen is None:
            raise invalid_value(
                "option_invalid", value=str(value), options=", ".join(self.options) or "-"
            )
        await super()._async_write(chosen)
