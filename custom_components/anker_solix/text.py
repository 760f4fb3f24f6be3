"""Texts of device settings over MQTT (the S2000 silent schedule's days, ``"Mon,Tue,Fri"``).

Only MQTT controls use this platform; the text's form (`mqtt_forms`) reads the device's day
mask and refuses unknown day names with a translated error before anything is sent.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from homeassistant.components.text import TextEntity, TextEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .context import ContextKind, SolixContext
from .coordinator import SolixConfigEntry
from .entity_control import SolixControlDescription
from .entity_mqtt import SolixMqttControlEntity, async_setup_mqtt_controls
from .mqtt_controls import MqttControl, current_value

PARALLEL_UPDATES = 1
TEXT_MAX: int = 27
"""Seven day names and their commas."""


@dataclass(frozen=True, kw_only=True)
class MqttTextDescription(TextEntityDescription, SolixControlDescription):
    """A text of one device setting."""

    control: MqttControl


@functools.cache
def describe_text(item: MqttControl) -> MqttTextDescription:
    """The description of a setting's text entity."""

    def value(ctx: SolixContext) -> str | None:
        found = current_value(ctx, item)
        return found if isinstance(found, str) else None

    return MqttTextDescription(
        key=item.key,
        translation_key=item.key,
        kind=ContextKind.DEVICE,
        entity_category=item.row.category,
        native_max=TEXT_MAX,
        control=item,
        value_fn=value,
        supported_fn=lambda _ctx: True,
        confirm=False,
    )


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the text settings of every device now and after every poll."""
    async_setup_mqtt_controls(
        entry, async_add_entities, Platform.TEXT, describe_text, SolixMqttText
    )


class SolixMqttText(SolixMqttControlEntity, TextEntity):
    """A device setting's text, set by an MQTT command."""

    entity_description: MqttTextDescription

    def _read_value(self) -> None:
        """Take the text from the live value."""
        self._attr_native_value = self._control_value()

    async def async_set_value(self, value: str) -> None:
        """Send the text (its form turns it into the command value or refuses it)."""
        await self._async_write(value)
