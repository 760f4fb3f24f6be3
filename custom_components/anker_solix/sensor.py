"""Sensors of accounts, systems, devices and vehicles, built from the description tables."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.const import MAX_LENGTH_STATE_STATE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import DOMAIN
from .context import SolixContext
from .coordinator import SolixConfigEntry, SolixCoordinator
from .device_pictures import MAIN_SENSOR_KEYS, picture_url, pictures_enabled
from .entity import InvalidStateError, SolixEntity
from .entity_setup import async_setup_dynamic_entities, excluded_items, is_excluded
from .sensor_account_vehicle import ACCOUNT_VEHICLE_SENSORS
from .sensor_common import (
    SensorValue,
    SolixSensorDescription,
    unit_text,
    with_display_precision,
)
from .sensor_device import DEVICE_SENSORS
from .sensor_energy import ENERGY_SENSORS
from .sensor_hes_panel import HES_PANEL_SENSORS
from .sensor_meter_plug import METER_PLUG_SENSORS
from .sensor_mqtt import (
    LiveSensorDescription,
    live_available,
    live_sensors,
    standby_attributes,
)
from .sensor_solarbank import SOLARBANK_SENSORS, fitting_sensors
from .sensor_system import SYSTEM_SENSORS

PARALLEL_UPDATES = 0

SENSORS: tuple[SolixSensorDescription, ...] = tuple(
    # Every numeric sensor shows the decimals of its unit (sensor_common.DISPLAY_PRECISION).
    with_display_precision(description)
    for description in (
        *DEVICE_SENSORS,
        *SOLARBANK_SENSORS,
        *METER_PLUG_SENSORS,
        *HES_PANEL_SENSORS,
        *SYSTEM_SENSORS,
        *ENERGY_SENSORS,
        *ACCOUNT_VEHICLE_SENSORS,
    )
)


def sensors_for(ctx: SolixContext) -> tuple[SolixSensorDescription, ...]:
    """The static descriptions of a context's kind plus its per-accessory and live sensors."""
    fittings = (with_display_precision(d) for d in fitting_sensors(ctx))
    return (*(d for d in SENSORS if d.kind is ctx.kind), *fittings, *live_sensors(ctx))


def sensor_exists(ctx: SolixContext, description: SolixSensorDescription) -> bool:
    """Whether a sensor applies: its own test, else whether the cache holds a value."""
    if description.exists_fn is not None:
        return description.exists_fn(ctx)
    return description.value_fn(ctx) is not None


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the sensors of every context now and of every new context after a poll."""
    async_setup_dynamic_entities(entry, async_add_entities, sensors_for, sensor_exists, _sensor)


def _sensor(
    coordinator: SolixCoordinator, ctx: SolixContext, description: SolixSensorDescription
) -> SolixSensor:
    """A live-data sensor for a live description, else a cloud sensor."""
    if isinstance(description, LiveSensorDescription):
        return SolixLiveSensor(coordinator, ctx, description)
    return SolixSensor(coordinator, ctx, description)


class SolixSensor(SolixEntity, SensorEntity):
    """A sensor whose value a description reads from the snapshot."""

    entity_description: SolixSensorDescription

    def __init__(
        self, coordinator: SolixCoordinator, ctx: SolixContext, description: SolixSensorDescription
    ) -> None:
        """Create the sensor with its first value."""
        self._day: str | None = None
        self._finished_day: str | None = None
        super().__init__(coordinator, ctx, description)

    @property
    def entity_picture(self) -> str | None:
        """The family picture on the context's main sensor while the option shows pictures.

        The main sensor is the first of `MAIN_SENSOR_KEYS` the context has (device_pictures.py).
        """
        candidates = MAIN_SENSOR_KEYS.get(self._kind, ())
        key = self.entity_description.key
        config_entry = self.coordinator.config_entry
        if key not in candidates or not pictures_enabled(config_entry.options):
            return None
        ctx = self.context
        if ctx.entry is None:
            return None
        better = candidates[: candidates.index(key)]
        if any(self._has_sensor(ctx, other) for other in better):
            return None
        return picture_url(ctx)

    def _has_sensor(self, ctx: SolixContext, key: str) -> bool:
        """Whether the context has the sensor `key`: enabled in the registry, or due to be created.

        The registry keeps the choice steady while a value is missing for a while.
        """
        registry = er.async_get(self.hass)
        entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{ctx.key}_{key}")
        if entity_id is not None:
            found = registry.async_get(entity_id)
            return found is not None and found.disabled_by is None
        excluded = excluded_items(self.coordinator.config_entry)
        return any(
            description.key == key
            and not is_excluded(ctx, description, excluded)
            and sensor_exists(ctx, description)
            for description in sensors_for(ctx)
        )

    def _read_value(self) -> None:
        """Take the value from the snapshot unless it is stale (then the last one stays)."""
        ctx = self.context
        description = self.entity_description
        if ctx.entry is None or self.is_stale:
            return
        if description.unit_fn is not None:
            self._attr_native_unit_of_measurement = unit_text(description.unit_fn(ctx))
        value = description.value_fn(ctx)
        self._check_state(value)
        if description.day_fn is not None:
            value = self._daily_counter(value, description.day_fn(ctx))
        self._attr_native_value = value

    def _check_state(self, value: SensorValue) -> None:
        """Raise :class:`InvalidStateError` for a value Home Assistant would refuse as state."""
        if value is None:
            return
        if self.device_class is SensorDeviceClass.TIMESTAMP:
            if not isinstance(value, datetime) or value.tzinfo is None:
                raise InvalidStateError(f"not an aware datetime: {type(value).__name__}")
            return
        if self.options is not None or self.device_class is SensorDeviceClass.ENUM:
            if self.options and value not in self.options:
                raise InvalidStateError(f"not one of the options: {str(value)[:40]!r}")
            return
        if not self._numeric_state_expected:
            if len(str(value)) > MAX_LENGTH_STATE_STATE:
                raise InvalidStateError(f"longer than {MAX_LENGTH_STATE_STATE} characters")
            return
        if isinstance(value, datetime):
            raise InvalidStateError("a datetime for a numeric sensor")
        try:
            number = value if isinstance(value, int | float | Decimal) else float(value)
            finite = math.isfinite(number)
        except (TypeError, ValueError, OverflowError) as err:
            raise InvalidStateError(f"not numeric: {str(value)[:40]!r}") from err
        if not finite:
            raise InvalidStateError(f"not finite: {value!r}")

    def _daily_counter(self, value: SensorValue, day: str | None) -> SensorValue:
        """A daily total as the Energy dashboard needs it (total increasing, one reset a day).

        Within a day the total never decreases: a lower cloud value (rounding, a correction)
        keeps the previous one instead of looking like a reset that would count the day
        twice. At the first update of a new day, the previous day's final total
        (``final_fn``, yesterday's block) is shown once when it is higher than the last value
        of that day, so the energy of its last minutes before midnight is not lost; the new
        day's value follows with the next update.
        """
        previous, shown_day = self._attr_native_value, self._day
        if day != shown_day and shown_day is not None and shown_day != self._finished_day:
            self._finished_day = shown_day
            final_fn = self.entity_description.final_fn
            final_day, final = final_fn(self.context) if final_fn else (None, None)
            if (
                final_day == shown_day
                and isinstance(final, int | float)
                and isinstance(previous, int | float)
                and final > previous
            ):
                return final
        self._day = day
        if (
            day == shown_day
            and isinstance(value, int | float)
            and isinstance(previous, int | float)
        ):
            return max(previous, value)
        return value


class SolixLiveSensor(SolixSensor):
    """A live-data sensor: indexed names, unavailable while live data is off."""

    entity_description: LiveSensorDescription

    def __init__(
        self, coordinator: SolixCoordinator, ctx: SolixContext, description: LiveSensorDescription
    ) -> None:
        """Create the sensor; the name's placeholders are the value's indexes."""
        self._attr_translation_placeholders = dict(description.placeholders or {})
        super().__init__(coordinator, ctx, description)

    @property
    def available(self) -> bool:
        """Available while the live-data session exists and the device is known."""
        return live_available(self.coordinator) and super().available

    @property
    def extra_state_attributes(self) -> dict[str, str] | None:
        """``live_data: standby`` on a value of a silent device (its last state, kept)."""
        if self.entity_description.live_name is None:
            return None
        return standby_attributes(self.context)
