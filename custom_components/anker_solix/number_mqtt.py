"""Numbers of device settings over MQTT (SOC limits, output timeouts, AC charge limit, the
smart plug's delay in minutes)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from homeassistant.components.number import NumberMode

from .context import ContextKind, SolixContext
from .entity_mqtt import SolixMqttControlEntity
from .mqtt_controls import MqttControl, current_value, live_number
from .mqtt_forms import duration_bounds
from .number import SolixNumber
from .number_common import SolixNumberDescription


@dataclass(frozen=True, kw_only=True)
class MqttNumberDescription(SolixNumberDescription):
    """A number of one device setting (the range and step of its command)."""

    control: MqttControl


@functools.cache
def describe_number(item: MqttControl) -> MqttNumberDescription:
    """The description of a setting's number; dynamic limits read the device's values."""
    param = item.param
    low = float(param.minimum or 0)
    high = float(param.maximum if param.maximum is not None else 100)
    if item.row.form == "duration_min":
        low, high = duration_bounds(param.maximum)

    def value(ctx: SolixContext) -> float | None:
        found = current_value(ctx, item)
        return None if found is None else float(found)

    return MqttNumberDescription(
        key=item.key,
        translation_key=item.key,
        kind=ContextKind.DEVICE,
        entity_category=item.row.category,
        native_unit_of_measurement=item.row.unit,
        native_min_value=low,
        native_max_value=high,
        native_step=float(param.step or 1),
        mode=NumberMode.BOX,
        min_fn=live_number(param.min_from) if param.min_from else None,
        max_fn=live_number(param.max_from) if param.max_from else None,
        control=item,
        value_fn=value,
        supported_fn=lambda _ctx: True,
        confirm=False,
    )


class SolixMqttNumber(SolixMqttControlEntity, SolixNumber):
    """A device setting set by an MQTT command."""

    entity_description: MqttNumberDescription
