"""Times of day of device settings over MQTT (the S2000 silent schedule's start and end)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import time

from .context import ContextKind, SolixContext
from .entity_mqtt import SolixMqttControlEntity
from .mqtt_controls import MqttControl, current_value
from .time import SolixTime, SolixTimeDescription


@dataclass(frozen=True, kw_only=True)
class MqttTimeDescription(SolixTimeDescription):
    """A time of day of one device setting (minutes since midnight in its command)."""

    control: MqttControl


@functools.cache
def describe_time(item: MqttControl) -> MqttTimeDescription:
    """The description of a setting's time entity."""

    def value(ctx: SolixContext) -> time | None:
        found = current_value(ctx, item)
        return found if isinstance(found, time) else None

    return MqttTimeDescription(
        key=item.key,
        translation_key=item.key,
        kind=ContextKind.DEVICE,
        entity_category=item.row.category,
        control=item,
        value_fn=value,
        supported_fn=lambda _ctx: True,
        confirm=False,
    )


class SolixMqttTime(SolixMqttControlEntity, SolixTime):
    """A device setting's time of day, set by an MQTT command."""

    entity_description: MqttTimeDescription
