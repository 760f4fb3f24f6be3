"""Numbers of devices, systems and vehicles, built from the number tables."""

from __future__ import annotations

from typing import Any

from homeassistant.components.number import NumberEntity, RestoreNumber
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .context import SolixContext
from .coordinator import SolixConfigEntry, SolixCoordinator
from .entity_control import (
    SolixControlEntity,
    async_setup_controls,
    invalid_value,
)
from .number_common import SolixNumberDescription
from .number_solarbank import SOLARBANK_NUMBERS
from .number_system import SYSTEM_NUMBERS
from .sensor_common import unit_text

PARALLEL_UPDATES = 1

NUMBERS: tuple[SolixNumberDescription, ...] = (*SOLARBANK_NUMBERS, *SYSTEM_NUMBERS)
CALCULATED = "calculated"


def _factory(
    coordinator: SolixCoordinator, ctx: SolixContext, description: SolixNumberDescription
) -> SolixNumber:
    """A restoring number for local customizations, else a plain one."""
    if description.restore:
        return SolixRestoreNumber(coordinator, ctx, description)
    return SolixNumber(coordinator, ctx, description)


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the numbers of every context now and of every new context after a poll."""
    async_setup_controls(entry, async_add_entities, NUMBERS, _factory)
    # The device settings over MQTT (their module builds on this one's entity class).
    from .entity_mqtt import async_setup_mqtt_controls
    from .number_mqtt import SolixMqttNumber, describe_number

    async_setup_mqtt_controls(
        entry, async_add_entities, Platform.NUMBER, describe_number, SolixMqttNumber
    )


class SolixNumber(SolixControlEntity, NumberEntity):
    """A number whose value, limits and unit come from the snapshot."""

    entity_description: SolixNumberDescription

    def _read_value(self) -> None:
        """Take value, limits and unit from the snapshot."""
        ctx = self.context
        description = self.entity_description
        if ctx.entry is None:
            return
        if description.min_fn is not None:
            self._attr_native_min_value = _or(description.min_fn(ctx), description.native_min_value)
        if description.max_fn is not None:
            self._attr_native_max_value = _or(description.max_fn(ctx), description.native_max_value)
        if description.unit_fn is not None:
            self._attr_native_unit_of_measurement = unit_text(description.unit_fn(ctx))
        if description.calculated_fn is not None:
            self._attr_extra_state_attributes = {CALCULATED: description.calculated_fn(ctx)}
        self._attr_native_value = self._control_value()

    async def async_set_native_value(self, value: float) -> None:
        """Write a value within the limits and the step's precision (else refused, nothing sent).

        The writes round to the step's decimals (whole watts, cents), so a finer value is
        refused rather than changed silently.
        """
        low, high = self.native_min_value, self.native_max_value
        if not low <= value <= high:
            raise invalid_value(
                "value_out_of_range",
                field=self.entity_id,
                value=f"{value:g}",
                min=f"{low:g}",
                max=f"{high:g}",
            )
        places = decimals(self.native_step)
        if round(value, places) != value:
            raise invalid_value(
                "value_too_precise",
                field=self.entity_id,
                value=f"{value:g}",
                decimals=str(places),
            )
        await self._async_write(value)


def decimals(step: float | None) -> int:
    """Decimal places of a step (10 and 1: 0, 0.01: 2); 0 without a step."""
    if not step:
        return 0
    text = f"{step:.10f}".rstrip("0")
    return len(text.partition(".")[2])


def _or(value: float | None, default: float | None) -> float:
    if value is not None:
        return float(value)
    return float(default or 0)


class SolixRestoreNumber(SolixNumber, RestoreNumber):
    """A local customization (battery capacity, price fee and VAT), restored at start."""

    _attr_assumed_state = True
    _local_write = True

    async def async_added_to_hass(self) -> None:
        """Apply the last value to the cache unless it already holds it."""
        await super().async_added_to_hass()
        last = await self.async_get_last_number_data()
        if last is None or last.native_value is None:
            return
        if last.native_value == self._control_value() or not self._calculated_unchanged(
            await self.async_get_last_state()
        ):
            return
        await self._async_apply_restored(last.native_value)

    def _calculated_unchanged(self, last_state: Any) -> bool:
        """Whether the calculated value is the one the customization was made for."""
        calculated_fn = self.entity_description.calculated_fn
        if calculated_fn is None or last_state is None:
            return True
        previous = last_state.attributes.get(CALCULATED)
        return previous is None or previous == calculated_fn(self.context)
